import { figuresOf, type ArmFigures, type ArmOutcome } from "@/lib/domain/rollouts";

/** One step's figures per arm; an arm with no interactions yet is null. */
export interface StepFigures {
  step: number;
  /** The step's share of traffic for the candidate, as planned. */
  percent: number;
  baseline: ArmFigures | null;
  candidate: ArmFigures | null;
}

/** What each step's gate holds the candidate to, from settings. */
export interface GateLimits {
  minInteractionsPerArm: number;
  minErrorReduction: number;
  maxLatencyIncreaseMs: number;
  /** The gate's and the circuit breaker's limit on the candidate's correction failure rate. */
  maxCorrectionFailureRate: number;
}

/** The arm counters of a rollout, step by step, as figures. */
export function stepFiguresOf(steps: readonly number[], counts: ReadonlyArray<{ step: number; arm: "baseline" | "candidate"; outcome: ArmOutcome }>): StepFigures[] {
  const byStep = new Map<number, StepFigures>();
  for (const row of counts) {
    const entry = byStep.get(row.step) ?? { step: row.step, percent: steps[row.step] ?? 100, baseline: null, candidate: null };
    entry[row.arm] = figuresOf(row.outcome);
    byStep.set(row.step, entry);
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/** The candidate's limits for a step, from its baseline's figures; null where the baseline has none. */
export function limitsFor(baseline: ArmFigures | null, limits: GateLimits) {
  return {
    errorRate: baseline?.errorRate != null ? baseline.errorRate * (1 - limits.minErrorReduction) : null,
    meanLatencyMs: baseline?.meanLatencyMs != null ? baseline.meanLatencyMs + limits.maxLatencyIncreaseMs : null,
    correctionFailureRate: limits.maxCorrectionFailureRate,
  };
}
