/**
 * The KPI report with 1,000,000 interactions over 90 days behind it, on
 * PGlite: dashboards read daily rollups, so the report's time depends on
 * rollup rows, decided samples and model versions, not on raw interactions.
 * Seeds the rollups of 1,000,000 interactions (5 agents × 4 versions × 90
 * days), 50,000 decided samples with timings, 2,000 knowledge entries, 200
 * model versions and 20,000 audit events, then times kpiReport for 90 days.
 * Goal (issue 13): p95 < 150 ms on PGlite.
 *   npm run bench:kpis
 */
import { openAndMigrate, setProcessDatabase } from "@/lib/db/client";
import { kpiReport } from "@/lib/server/kpis";

const RUNS = 60;

async function main() {
  const { database } = await openAndMigrate({ kind: "pglite-memory" });
  setProcessDatabase(database);
  const started = performance.now();
  await database.withConnection((conn) => conn.exec(`
    INSERT INTO agents (id, name, updated_at, stage, interaction_count)
    SELECT ('00000000-0000-4000-8000-00000000000' || a)::uuid, 'agent-' || a, now(), 'FULL', 200000 FROM generate_series(1, 5) a;
    -- 1,000,000 interactions: 5 agents × 4 versions × 90 days × ~556 a day.
    INSERT INTO agent_daily (day, agent_id, model_version, total, failures, latency_sum_ms, latency_count, latency_buckets, corrections_applied, corrections_failed, remedy_latency_sum_ms, remedy_latency_count)
    SELECT current_date - d, ('00000000-0000-4000-8000-00000000000' || a)::uuid, 'v' || v, 556, 10 + (d % 7), 556 * 120, 556, ARRAY[100,200,150,50,30,20,6,0,0], 40, 4, 40 * 150, 40
      FROM generate_series(0, 89) d, generate_series(1, 5) a, generate_series(1, 4) v;
    INSERT INTO error_patterns (id, agent_id, fingerprint, error_category, action_template, error_template, first_seen_at, last_seen_at, count)
    SELECT gen_random_uuid(), ('00000000-0000-4000-8000-00000000000' || (1 + p % 5))::uuid, 'fp' || p, 'cat' || (p % 9), 'get /x/{n}/' || p, 'err', now() - (p % 90) * interval '1 day', now(), 100
      FROM generate_series(1, 2000) p;
    INSERT INTO knowledge_entries (id, agent_id, pattern_id, correction_key, correction, approvals, confidence_sum, confidence, updated_at, created_at, activated_at)
    SELECT gen_random_uuid(), p.agent_id, p.id, 'fix ' || p.fingerprint, 'Fix ' || p.fingerprint, 2, 1.9, 0.8 + random() * 0.2, now(), p.first_seen_at + interval '2 hours', p.first_seen_at + interval '3 hours'
      FROM error_patterns p;
    INSERT INTO interactions (id, agent_id, occurred_at, user_intent, agent_action, api_response, final_outcome, error_category, failed, confidence)
    SELECT g, ('00000000-0000-4000-8000-00000000000' || (1 + g % 5))::uuid, now() - (g % 90) * interval '1 day', 'intent', 'action', '{}'::jsonb, 'done', 'cat', true, 0.9
      FROM generate_series(1, 50000) g;
    INSERT INTO samples (id, interaction_id, agent_id, input, output, original_output, error_category, confidence, grade, grade_reason, stage, status, status_reason,
                         decided_by_id, decided_at, decision_seconds, created_at)
    SELECT gen_random_uuid(), g, ('00000000-0000-4000-8000-00000000000' || (1 + g % 5))::uuid, '{}'::jsonb, 'fix', 'fix', 'cat', 0.9, 'HIGH', 'bench', 'FULL',
           'APPROVED', 'bench', gen_random_uuid(), now() - (g % 90) * interval '1 day', 5 + g % 60, now() - (g % 90) * interval '1 day'
      FROM generate_series(1, 50000) g;
    -- As reviewers' decisions keep it.
    INSERT INTO review_daily (day, agent_id, decisions, timed_decisions, decision_seconds)
    SELECT (decided_at AT TIME ZONE 'UTC')::date, agent_id, COUNT(*), COUNT(decision_seconds), SUM(decision_seconds) FROM samples GROUP BY 1, 2;
    INSERT INTO model_versions (id, agent_id, version, kind, metrics, hold_out_accuracy, safety_status, created_at)
    SELECT gen_random_uuid(), ('00000000-0000-4000-8000-00000000000' || (1 + m % 5))::uuid, 'student-' || m, 'BUILTIN', '{}'::jsonb, 0.85 + (m % 10) / 100.0,
           (CASE WHEN m % 10 = 0 THEN 'FAIL' ELSE 'PASS' END)::"SafetyStatus", now() - (m % 90) * interval '1 day'
      FROM generate_series(1, 200) m;
    INSERT INTO audit_events (at, actor_type, actor_id, actor_label, action, target_type)
    SELECT now() - (g % 90) * interval '1 day', 'USER', gen_random_uuid()::text, 'ops@example.com',
           (ARRAY['rollout.promote', 'knowledge.edit', 'sample.approve', 'settings.update'])[1 + g % 4], 'x'
      FROM generate_series(1, 20000) g;
    ANALYZE;`));
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s (rollups of 1,000,000 interactions over 90 days)`);

  const times: number[] = [];
  for (let i = 0; i < RUNS + 5; i++) {
    const t = performance.now();
    const report = await kpiReport({ period: "90d" });
    if (i >= 5) times.push(performance.now() - t);
    if (i === 0) {
      const errorRate = report.cards.find((card) => card.key === "errorRate")!;
      if (!errorRate.basis.includes("1,000,800")) throw new Error(`the report did not see the seeded interactions: ${errorRate.basis}`);
    }
  }
  const filtered: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await kpiReport({ period: "30d", agent: "00000000-0000-4000-8000-000000000003", version: "v2" });
    filtered.push(performance.now() - t);
  }
  const q = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];
  console.log(`kpiReport, 90 days, all agents (PGlite, ${RUNS} runs): p50 ${q(times, 0.5).toFixed(1)} ms, p95 ${q(times, 0.95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`);
  console.log(`kpiReport, 30 days, one agent and version (20 runs): p50 ${q(filtered, 0.5).toFixed(1)} ms, p95 ${q(filtered, 0.95).toFixed(1)} ms`);
  console.log(`goal p95 < 150 ms: ${q(times, 0.95) < 150 ? "PASS" : "MISS"}`);
  await database.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
