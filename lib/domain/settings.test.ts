import { describe, expect, it } from "vitest";
import { applySettingChanges, defaultSettings, parseListSetting, resolveListSettings, resolveSettings, reviewCostPerSample } from "./settings";

describe("settings", () => {
  it("defaults to the seed's numbers", () => {
    const settings = defaultSettings();
    expect(settings["stage.observationMax"]).toBe(1_000);
    expect(settings["stage.smallScaleMax"]).toBe(10_000);
    expect(settings["samples.discardBelowConfidence"]).toBe(0.75);
    expect(settings["knowledge.activationConfidence"]).toBe(0.85);
    expect(settings["distillation.qualityFilter"]).toBe(0.9);
    expect(settings["breaker.correctionFailureRate"]).toBe(0.3);
    expect(settings["canary.initialPercent"]).toBe(5);
    expect(settings["canary.minErrorReduction"]).toBe(0.4);
    expect(settings["canary.maxLatencyIncreaseMs"]).toBe(50);
    expect(settings["target.errorRate"]).toBe(0.02);
    expect(settings["target.errorToDeploySeconds"]).toBe(30);
  });

  it("computes review cost from the rates: 5 min at $50/h is $4.17", () => {
    expect(reviewCostPerSample(defaultSettings())).toBeCloseTo(4.1667, 3);
  });

  it("rejects a ratio out of range and names the setting", () => {
    const result = applySettingChanges(defaultSettings(), { "knowledge.activationConfidence": 1.5 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors["knowledge.activationConfidence"]).toMatch(/at most 1/);
  });

  it("rejects text that is not a number", () => {
    const result = applySettingChanges(defaultSettings(), { "canary.initialPercent": "five" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors["canary.initialPercent"]).toMatch(/number/);
  });

  it("rejects unknown keys", () => {
    const result = applySettingChanges(defaultSettings(), { "nope.nothing": 1 });
    expect(result.ok).toBe(false);
  });

  it("keeps the stages in order", () => {
    const result = applySettingChanges(defaultSettings(), { "stage.smallScaleMax": 500 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors["stage.smallScaleMax"]).toMatch(/after the observation stage/);
  });

  it("accepts numeric strings from forms and reports only what changed", () => {
    const result = applySettingChanges(defaultSettings(), { "canary.initialPercent": "10", "stage.observationMax": "1000" });
    expect(result).toMatchObject({ ok: true, changed: ["canary.initialPercent"] });
    if (result.ok) expect(result.settings["canary.initialPercent"]).toBe(10);
  });

  it("ignores stored values that no longer validate", () => {
    const settings = resolveSettings([{ key: "canary.initialPercent", value: 500 }, { key: "gone", value: 1 }]);
    expect(settings["canary.initialPercent"]).toBe(5);
  });
});

describe("list settings", () => {
  it("parses comma-separated categories, cleaned and de-duplicated", () => {
    expect(parseListSetting("samples.severeCategories", " Payment_Declined, unsafe ,payment_declined,")).toEqual({ ok: true, value: ["payment_declined", "unsafe"] });
  });

  it("refuses entries with spaces or symbols", () => {
    const result = parseListSetting("samples.severeCategories", "ok, not ok");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^Severe error categories: entries may hold/);
  });

  it("defaults to an empty list", () => {
    expect(resolveListSettings([])["samples.severeCategories"]).toEqual([]);
    expect(resolveListSettings([])["safety.denyList"]).toContain("transfer * without confirm*");
  });
});
