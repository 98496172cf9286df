import { afterEach, describe, expect, it } from "vitest";
import { scanText } from "../scan";
import { addFinding, type FindingSink } from "./context";
import { detectSecretsByContext, secretCandidates, setSecretModel } from "./secret-model";

const secrets = (text: string) => scanText(text).filter((f) => f.type === "SECRET").map((f) => f.text);
const byModel = (text: string, out: FindingSink = []) => {
  detectSecretsByContext(text, 0.5, out);
  return out.filter((f) => f.detector === "secret-context-model").map((f) => f.text);
};
const candidatesOf = (text: string) => secretCandidates(text).map((c) => text.slice(c.start, c.end));

afterEach(() => setSecretModel(undefined));

describe("the context model for secrets the rules leave", () => {
  it("reads a made-up token or a PIN where the words before it say what it is, in phrasings no rule spells out", () => {
    const texts = [
      "vendor onboarding: the signing secret they gave us on the call is Hq4vT9zR2mW7 — keep it out of Jira",
      "ops chat: the new PIN for the lobby safe is 6620, old one is void",
    ];
    expect(texts.map(secrets)).toEqual([["Hq4vT9zR2mW7"], ["6620"]]);
    // The rules alone leave both: what the model adds is what a user would otherwise see in the clear.
    setSecretModel(null);
    expect(texts.map(secrets)).toEqual([[], []]);
  });

  it("leaves ids, hashes, versions, model names and counts beside the same words alone", () => {
    expect(secrets("commit 3f2a9c1e7b6d4a0f8e2c1b9d7a6f5e4c3b2a1d0e merged; token refresh fixed")).toEqual([]);
    expect(secrets("request_id=7c2e9a41-5b3d-4f8e-a1c6-2d9e7b4f0a35 auth=ok latency=41ms")).toEqual([]);
    expect(secrets("We switched the summarisation key path from GPT-4o-mini to claude-haiku-4-5 last week.")).toEqual([]);
    expect(secrets("key rotation finished for cluster prod-eu-2 in 41 s")).toEqual([]);
    expect(secrets("The token bucket allows 500 requests per 60 s window; burst=1200")).toEqual([]);
    expect(secrets("PIN pad firmware 4.2.1 on terminal T-0091 reported error 1203")).toEqual([]);
  });

  it("weighs no placeholder, masked key, variable or sample code", () => {
    expect(candidatesOf("token: ${API_TOKEN}, key sk-...a1B2, password $DB_PASS, code 000000, secret Xxxx@0000")).toEqual([]);
  });

  it("weighs only tokens within a hundred characters after a word for a secret", () => {
    const filler = "x".repeat(120);
    expect(candidatesOf(`password ${filler} Hq4vT9zR2mW7`)).toEqual([]);
    expect(candidatesOf(`password: Hq4vT9zR2mW7 ${filler}`)).toEqual(["Hq4vT9zR2mW7"]);
    expect(candidatesOf("build Hq4vT9zR2mW7 passed")).toEqual([]);
  });

  it("takes no word that only holds a cue's letters for one: keyboard, assignee, credit, 错误码", () => {
    expect(candidatesOf("mechanical keyboard, brown switches, model K7-Rx2")).toEqual([]);
    expect(candidatesOf("assignee=maria.s reviewer=Ab12Cd34")).toEqual([]);
    expect(candidatesOf("credit limit raised for acct AC-77x2Lm")).toEqual([]);
    expect(candidatesOf("接口返回了错误码 E5x9K2 请重试")).toEqual([]);
  });

  it("weighs only what no finding covers, and nothing with the model off", () => {
    const text = "vendor onboarding: the signing secret they gave us on the call is Hq4vT9zR2mW7";
    const out: FindingSink = [];
    const at = text.indexOf("Hq4v");
    addFinding(out, text, "SECRET", at, at + 12, 0.9, "a rule");
    expect(byModel(text, out)).toEqual([]);
    expect(byModel(text)).toEqual(["Hq4vT9zR2mW7"]);
    setSecretModel(null);
    expect(byModel(text)).toEqual([]);
  });
});
