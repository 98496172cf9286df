/** How the distillation screens write their numbers: one place, so every table says the same. */

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(digits)}%`;
}

export function dollars(value: number): string {
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function whole(value: number): string {
  return value.toLocaleString("en-US");
}

/** Macro-F1 and calibration error are 0–1 scores, not shares: three decimals, no percent sign. */
export function score(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : value.toFixed(3);
}

export function millis(value: number): string {
  return `${whole(value)} ms`;
}

/** A run as people name it: its agent and the first characters of its id. */
export function runName(run: { id: string; agent: { name: string } }): string {
  return `${run.agent.name} · ${run.id.slice(0, 8)}`;
}

/** How long something took, in the unit that reads best. */
export function duration(from: Date, to: Date): string {
  const ms = Math.max(0, to.getTime() - from.getTime());
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
