import type { Settings } from "./settings";

export const STAGES = ["OBSERVATION", "SMALL_SCALE", "FULL"] as const;
export type Stage = (typeof STAGES)[number];

type StageSettings = Pick<Settings, "stage.observationMax" | "stage.smallScaleMax">;

/** The seed's progressive deployment: 0–1,000 observe, 1,001–10,000 small-scale, then full. */
export function stageFor(interactionCount: number, settings: StageSettings): Stage {
  if (interactionCount <= settings["stage.observationMax"]) return "OBSERVATION";
  if (interactionCount <= settings["stage.smallScaleMax"]) return "SMALL_SCALE";
  return "FULL";
}

/** How far an agent is toward its next stage, for the Agents page. */
export function stageProgress(
  interactionCount: number,
  settings: StageSettings,
): { stage: Stage; next: Stage | null; remaining: number; fraction: number } {
  const stage = stageFor(interactionCount, settings);
  if (stage === "FULL") return { stage, next: null, remaining: 0, fraction: 1 };
  const start = stage === "OBSERVATION" ? 0 : settings["stage.observationMax"];
  const end = stage === "OBSERVATION" ? settings["stage.observationMax"] : settings["stage.smallScaleMax"];
  const next: Stage = stage === "OBSERVATION" ? "SMALL_SCALE" : "FULL";
  return { stage, next, remaining: end - interactionCount + 1, fraction: Math.min(1, (interactionCount - start) / (end - start + 1)) };
}
