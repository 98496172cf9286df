import { describe, it } from "vitest";
import { db } from "@/lib/db/client";
import { countInteractions, countSearchMatches, listInteractions, listSessions } from "@/lib/db/interactions";
import { topPatternFailures } from "@/lib/db/patterns";
import { sql } from "@/lib/db/sql";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent } from "@/lib/server/agents";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };

describe.each(BACKENDS)("bench %s", (backend) => {
  it("110k", async () => {
    const { close } = await openTestDatabase(backend);
    const agent = await createAgent(system, { name: "bench", description: "" });
    const prisma = await db();
    await prisma.$executeRaw(sql`
      INSERT INTO interactions (agent_id, occurred_at, user_intent, agent_action, api_response, final_outcome, error_category, failed, confidence, latency_ms, session_id)
      SELECT ${agent.id}::uuid, now() - (g || ' seconds')::interval,
        'Please move ' || (g % 977) || ' euros from my savings account to checking, reference ' || md5(g::text),
        'POST /accounts/' || (g % 5000) || '/transfers amount=' || (g % 977),
        jsonb_build_object('error', CASE WHEN g % 10 = 0 THEN 'HTTP 429 Too Many Requests after ' || (g % 9000) || 'ms' ELSE 'upstream timeout' END, 'status', CASE WHEN g % 10 = 0 THEN 429 ELSE 504 END, 'trace', md5((g*7)::text)),
        'gave up', CASE WHEN g % 4 = 0 THEN 'timeout' END, g % 4 = 0, (g % 100) / 100.0, g % 3000, 'sess-' || (g / 6)
      FROM generate_series(1, 110000) g`);
    await prisma.$executeRaw(sql`ANALYZE interactions`);
    const time = async (label: string, run: () => Promise<unknown>) => {
      await run();
      const t = performance.now();
      for (let k = 0; k < 3; k++) await run();
      console.log(`${backend} ${label} ${((performance.now() - t) / 3).toFixed(1)} ms`);
    };
    await time("list newest", () => listInteractions(prisma, {}));
    await time("list slowest", () => listInteractions(prisma, { sort: "slowest" }));
    await time("list failed-first", () => listInteractions(prisma, { sort: "failed-first" }));
    await time("list least-confident", () => listInteractions(prisma, { sort: "least-confident" }));
    const page = await listInteractions(prisma, { sort: "slowest" });
    await time("list slowest page 2", () => listInteractions(prisma, { sort: "slowest", cursor: page.nextCursor ?? undefined }));
    await time("count all", () => countInteractions(prisma, {}));
    await time("count failed", () => countInteractions(prisma, { outcome: "failed" }));
    await time("search common 429", () => listInteractions(prisma, { search: "429" }));
    await time("search rare md5", () => listInteractions(prisma, { search: "0cc175b9c0f1b6a831c399e269772661" }));
    await time("search absent", () => listInteractions(prisma, { search: "nothinglikethis" }));
    await time("search count 429", () => countSearchMatches(prisma, { search: "429" }));
    await time("session exact", () => prisma.interaction.count({ where: { sessionId: "sess-777" } }));
    await time("sessions", () => listSessions(prisma, {}));
    await time("patterns top", () => topPatternFailures(prisma, { from: "2026-01-01", to: "2026-12-31", search: "429" }, 50));
    await close();
  }, 900_000);
});
