import { describe, expect, it } from "vitest";
import { defaultSettings } from "./settings";
import { stageFor, stageProgress } from "./stage";

const settings = defaultSettings();

describe("stageFor", () => {
  it.each([
    [0, "OBSERVATION"],
    [1_000, "OBSERVATION"],
    [1_001, "SMALL_SCALE"],
    [10_000, "SMALL_SCALE"],
    [10_001, "FULL"],
    [5_000_000, "FULL"],
  ] as const)("puts an agent with %i interactions in %s", (count, stage) => {
    expect(stageFor(count, settings)).toBe(stage);
  });

  it("follows the thresholds in settings", () => {
    expect(stageFor(150, { "stage.observationMax": 100, "stage.smallScaleMax": 200 })).toBe("SMALL_SCALE");
  });
});

describe("stageProgress", () => {
  it("counts the interactions left to the next stage", () => {
    expect(stageProgress(400, settings)).toMatchObject({ stage: "OBSERVATION", next: "SMALL_SCALE", remaining: 601 });
    expect(stageProgress(1_001, settings)).toMatchObject({ stage: "SMALL_SCALE", next: "FULL", remaining: 9_000 });
    expect(stageProgress(20_000, settings)).toMatchObject({ stage: "FULL", next: null, remaining: 0, fraction: 1 });
  });
});
