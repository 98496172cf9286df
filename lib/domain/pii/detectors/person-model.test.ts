import { describe, expect, it } from "vitest";
import { scanText } from "../scan";
import { addFinding, type FindingSink } from "./context";
import { candidateFeatures, candidates, detectNamesByContext } from "./person-model";
import { hanCandidates } from "./person-model-zh";

const people = (text: string) => scanText(text).filter((f) => f.type === "PERSON").map((f) => f.text);
const byModel = (text: string, out: FindingSink = []) => {
  detectNamesByContext(text, 0.5, out);
  return out.filter((f) => f.detector === "person-context-model").map((f) => f.text);
};

describe("the context model for names the rules leave", () => {
  it("reads a given name that is also a word where a person stands", () => {
    expect(people("Could you sync with Hope from procurement before the audit?")).toEqual(["Hope"]);
    expect(people("Rota change: Summer covers nights, so page Summer first.")).toEqual(["Summer", "Summer"]);
    expect(people("if Frank hasn't rotated the key by noon, revoke it")).toEqual(["Frank"]);
  });

  it("leaves the same words alone where they are words", () => {
    expect(people("Hope this helps. We will mark the invoice as paid.")).toEqual([]);
    expect(people("Summer sale starts Monday; Grace Hall is booked for the launch.")).toEqual([]);
    expect(people("Grace period ends on Friday. Will you approve the PR? Mark the ticket as done, then Bill the client.")).toEqual([]);
  });

  it("goes on over a surname no list knows, or one that is also a word", () => {
    expect(byModel("parcel signed for by Hope Wrzesniewska at the gate")).toEqual(["Hope Wrzesniewska"]);
    expect(people("pair with Mark Stone tomorrow on the migration")).toEqual(["Mark Stone"]);
  });

  it("weighs nothing in a text too short to give a context: a JSON value, a list's item", () => {
    expect(byModel("month: May")).toEqual([]);
    expect(byModel("Hope")).toEqual([]);
  });

  it("weighs only what no finding covers", () => {
    const text = "loop in Grace from treasury";
    const out: FindingSink = [];
    addFinding(out, text, "PERSON", 8, 13, 0.9, "a rule");
    expect(byModel(text, out)).toEqual([]);
  });

  it("takes English words known only as surnames for words, and capitalised words the lists know as candidates", () => {
    const text = "The Running total for Grace, Cancel it";
    expect(candidates(text).map(([a, b]) => text.slice(a, b))).toEqual(["Grace"]);
  });

  it("reads the word, its classes and the tokens around it", () => {
    const text = "Thanks, loop in Grace from treasury.";
    const features = candidateFeatures(text, 16, 21, false, true);
    expect(features).toEqual(expect.arrayContaining(["w:grace", "c:first", "p1:in", "p2:loop in", "n1:from", "n2:from treasury", "f:personFound"]));
    expect(features).not.toContain("f:lowerElsewhere");
  });
});

describe("the context model for Chinese names the rules leave", () => {
  it("reads a name that is also a word where a person stands", () => {
    const found = scanText("会议纪要：文静负责前端，常青负责测试").filter((f) => f.type === "PERSON");
    expect(found.map((f) => [f.text, f.detector])).toContainEqual(["常青", "person-context-model-zh"]);
  });

  it("leaves the same words alone where they are words", () => {
    expect(people("早高峰时段地铁很挤，大家提前出门。夏天到了，注意防暑降温。")).toEqual([]);
    expect(people("方圆五公里内没有网点；国庆假期快递停运，建国门外大街封路。小雨转中雨，平安夜快乐")).toEqual([]);
  });

  it("takes two characters typical of given names, alone, as a candidate too", () => {
    const text = "通知海燕到场";
    expect(hanCandidates(text).map(([a, b, surname]) => [text.slice(a, b), surname])).toEqual([["海燕", 0]]);
  });

  it("takes every surname, compound or not, with one or two characters a given name may hold (说 and 的 none)", () => {
    const text = "欧阳明月说的";
    expect(hanCandidates(text).map(([a, b, surname]) => [text.slice(a, b), surname])).toEqual([
      ["欧阳明", 2],
      ["欧阳明月", 2],
      ["阳明", 1],
      ["阳明月", 1],
      ["明月", 1],
    ]);
  });
});
