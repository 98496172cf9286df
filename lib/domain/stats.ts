/**
 * Statistics for gates and experiments, from counts only.
 */

/** Φ(x), the standard normal CDF, via erf (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return sign * y;
}

export interface Proportion {
  successes: number;
  trials: number;
}

/**
 * One-sided two-proportion z-test that the candidate's rate is lower than the
 * baseline's (pooled variance). Null when either arm has no trials or both
 * rates are 0 or 1 (no variance: nothing to test).
 */
export function oneSidedLowerZTest(baseline: Proportion, candidate: Proportion): { z: number; pValue: number } | null {
  if (baseline.trials === 0 || candidate.trials === 0) return null;
  const p1 = baseline.successes / baseline.trials;
  const p2 = candidate.successes / candidate.trials;
  const pooled = (baseline.successes + candidate.successes) / (baseline.trials + candidate.trials);
  const variance = pooled * (1 - pooled) * (1 / baseline.trials + 1 / candidate.trials);
  if (variance === 0) return null;
  const z = (p1 - p2) / Math.sqrt(variance);
  return { z, pValue: 1 - normalCdf(z) };
}

/** Wilson score interval for a proportion at the given z (1.96 for 95%). */
export function wilsonInterval({ successes, trials }: Proportion, z = 1.96): { low: number; high: number } | null {
  if (trials === 0) return null;
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - margin), high: Math.min(1, centre + margin) };
}
