import { Time } from "@/components/ui/time";
import type { GateCheck, GateResult } from "@/lib/domain/rollouts";
import { GateDecisionBadge } from "./badges";
import { rate, share, type GateDecision } from "./format";
import styles from "./rollouts.module.css";

export interface GateEntry {
  id: string;
  step: number;
  percent: number;
  decision: GateDecision;
  action: string;
  at: Date;
  /** Null when the stored record is not a gate's (an experiment's conclusion) or cannot be read. */
  result: GateResult | null;
  /** An experiment's verdict, in place of a gate's checks. */
  summary: string | null;
}

const RULES: Record<GateCheck["rule"], string> = {
  interactions: "Enough interactions",
  error_rate: "Error rate reduction",
  latency: "Latency",
  correction_failures: "Correction failures",
};

function Mark({ passed }: { passed: boolean | null }) {
  const [symbol, className, words] = passed === null ? ["–", styles.markNone, "not judged"] : passed ? ["✓", styles.markPass, "passed"] : ["✗", styles.markFail, "failed"];
  return (
    <span className={`${styles.mark} ${className}`}>
      <span aria-hidden="true">{symbol}</span>
      <span className={styles.srOnly}>{words}</span>
    </span>
  );
}

/** Each gate decision (or an experiment's conclusion), newest first, with every check and the test statistics. */
export function GateTimeline({ gates }: { gates: GateEntry[] }) {
  return (
    <ol className={styles.timeline} aria-label="Gate decisions">
      {gates.map((gate) => (
        <li key={gate.id} className={gate.decision === "PASS" ? styles.pass : gate.decision === "FAIL" ? styles.fail : undefined}>
          <div className={styles.gateHead}>
            <GateDecisionBadge decision={gate.decision} />
            <strong>Step {gate.step + 1} · {share(gate.percent)}</strong>
            <Time value={gate.at} />
            <span className="muted">then: {gate.action}</span>
          </div>
          {gate.result ? (
            <>
              <ul className={styles.checks}>
                {gate.result.checks.map((check) => (
                  <li key={check.rule}>
                    <Mark passed={check.passed} />
                    <span>{RULES[check.rule]}</span>
                    <span className="muted">{check.detail}</span>
                  </li>
                ))}
              </ul>
              <div className={styles.stats}>
                z = {gate.result.z === null ? "—" : gate.result.z.toFixed(2)} · p = {gate.result.pValue === null ? "—" : gate.result.pValue.toPrecision(3)} · relative
                error reduction {rate(gate.result.relativeReduction)} · latency change{" "}
                {gate.result.latencyIncreaseMs === null ? "—" : `${gate.result.latencyIncreaseMs >= 0 ? "+" : ""}${gate.result.latencyIncreaseMs.toFixed(0)} ms`}
              </div>
            </>
          ) : gate.summary ? (
            <p className={styles.stats}>{gate.summary}</p>
          ) : (
            <p className="faint">This evaluation’s figures could not be read.</p>
          )}
        </li>
      ))}
    </ol>
  );
}
