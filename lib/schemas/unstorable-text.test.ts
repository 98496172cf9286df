import { describe, expect, it } from "vitest";
import { parseListSetting } from "@/lib/domain/settings";
import { createAgentSchema, issueKeySchema } from "./agents";
import { registerModelSchema, opsStartRunSchema } from "./distillation";
import { editKnowledgeSchema, packEntrySchema } from "./knowledge";
import { bulkSchema, correctionSchema, decisionSchema } from "./review";
import { opsStartExperimentSchema, opsStartRolloutSchema } from "./rollouts";

const NUL = "before\u0000after";
const LONE_SURROGATE = "before\ud800after";
const sampleId = "7f0c6a5e-8c1f-4bd5-9a43-3d0e5b1a2c44";

/** The messages a schema gives for an input, or [] when it accepts it. */
const errorsOf = (schema: { safeParse(input: unknown): { success: boolean; error?: { issues: Array<{ message: string }> } } }, input: unknown) =>
  schema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];

describe("free text that PostgreSQL cannot store is refused with a message, before any query", () => {
  const cases: Array<[string, Parameters<typeof errorsOf>[0], (text: string) => unknown]> = [
    ["an agent's description", createAgentSchema, (text) => ({ name: "support-bot", description: text })],
    ["a key's label", issueKeySchema, (text) => ({ agentId: sampleId, label: text })],
    ["an approval's edited correction", decisionSchema, (text) => ({ decision: "approve", sampleId, output: text })],
    ["a rejection's note", decisionSchema, (text) => ({ decision: "reject", sampleId, reason: "OTHER", note: text })],
    ["a bulk rejection's note", bulkSchema, (text) => ({ decision: "reject", filter: {}, expected: 1, reason: "OTHER", note: text })],
    ["a correction written on an interaction", correctionSchema, (text) => ({ interactionId: "1", correction: text })],
    ["an edited knowledge entry", editKnowledgeSchema, (text) => ({ entryId: sampleId, correction: text })],
    ["a knowledge pack entry", packEntrySchema, (text) => ({ pattern: { error_category: "timeout", action_template: "a", error_template: "b" }, correction: text, confidence: 0.9, intents: [] })],
    ["an ops rollout's candidate version", opsStartRolloutSchema, (text) => ({ agent: "support-bot", candidate_version: text })],
    ["an ops experiment's agent", opsStartExperimentSchema, (text) => ({ agent: text, candidate_version: "v2", duration_hours: 2 })],
    ["an ops run's agent", opsStartRunSchema, (text) => ({ agent: text })],
    ["a registered model's outputs", registerModelSchema, (text) => ({ agent: "support-bot", version: "v2", artifact_uri: "s3://b/m", metrics: { hold_out_accuracy: 0.9 }, outputs: [text] })],
  ];

  for (const [what, schema, input] of cases) {
    it(`in ${what}`, () => {
      expect(errorsOf(schema, input("plain text"))).toEqual([]);
      for (const text of [NUL, LONE_SURROGATE]) expect(errorsOf(schema, input(text)).join(" ")).toMatch(/NUL|broken character/);
    });
  }

  it("in a safety deny-list phrase", () => {
    expect(parseListSetting("safety.denyList", ["drop table"])).toMatchObject({ ok: true });
    expect(parseListSetting("safety.denyList", [NUL])).toMatchObject({ ok: false, error: expect.stringMatching(/NUL/) });
  });
});
