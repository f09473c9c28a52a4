import { describe, expect, it } from "vitest";
import { ZQuestionFile } from "@/lib/questions/schema";
import { questionFile } from "../helpers/factories";

const issues = (v: unknown) => {
  const r = ZQuestionFile.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("question file schema", () => {
  it("accepts a complete question", () => {
    expect(issues(questionFile())).toEqual([]);
  });

  it("names the field of each problem", () => {
    const q = questionFile();
    expect(issues({ ...q, keyPoints: q.keyPoints.slice(0, 2) })[0]).toMatch(/^keyPoints:/);
    expect(issues({ ...q, lang: "fr" })[0]).toMatch(/^lang:/);
    expect(issues({ ...q, id: "Not Kebab" })[0]).toMatch(/^id: must be lower-case kebab-case/);
    expect(issues({ ...q, followUps: [{ id: "fu", keyPoint: "nope", when: "missing", prompt: "Why?" }] })[0]).toMatch(/followUps.0.keyPoint: unknown key point/);
    const crit = q.rubric[0]!;
    expect(issues({ ...q, rubric: [{ ...crit, levels: [...crit.levels].reverse() }, q.rubric[1]] })[0]).toMatch(/rubric.0.levels: levels must be sorted/);
    expect(issues({ ...q, keyPoints: [q.keyPoints[0], q.keyPoints[0], q.keyPoints[1]] })[0]).toMatch(/duplicate key point id/);
    expect(issues({ ...q, surprise: 1 })[0]).toMatch(/Unrecognized key/);
  });
});

describe("question file schema: every field refuses a bad value and names itself", () => {
  const q = questionFile();
  const kp = q.keyPoints[0]!;
  const crit = q.rubric[0]!;
  const cases: [string, Record<string, unknown>, string][] = [
    ["id", { id: "" }, "id"],
    ["lang", { lang: "de" }, "lang"],
    ["title", { title: "   " }, "title"],
    ["difficulty", { difficulty: "extreme" }, "difficulty"],
    ["timeMinutes", { timeMinutes: 0 }, "timeMinutes"],
    ["tags", { tags: [] }, "tags"],
    ["tag format", { tags: ["Has Space"] }, "tags.0"],
    ["prompt", { prompt: "" }, "prompt"],
    ["hints", { hints: ["x".repeat(401)] }, "hints.0"],
    ["referenceAnswer", { referenceAnswer: "" }, "referenceAnswer"],
    ["keyPoints count", { keyPoints: [kp, kp, kp, kp, kp, kp, kp, kp].map((k, i) => ({ ...k, id: `k-${i}` })) }, "keyPoints"],
    ["keyPoint weight", { keyPoints: [{ ...kp, weight: 0 }, ...q.keyPoints.slice(1)] }, "keyPoints.0.weight"],
    ["keyPoint aliases", { keyPoints: [{ ...kp, aliases: [] }, ...q.keyPoints.slice(1)] }, "keyPoints.0.aliases"],
    ["misconception", { keyPoints: [{ ...kp, misconceptions: [{ statement: "" }] }, ...q.keyPoints.slice(1)] }, "keyPoints.0.misconceptions.0.statement"],
    ["rubric count", { rubric: [crit] }, "rubric"],
    ["criterion weight", { rubric: [{ ...crit, weight: -1 }, q.rubric[1]] }, "rubric.0.weight"],
    ["level score", { rubric: [{ ...crit, levels: [{ score: 6, label: "x", description: "y" }, ...crit.levels] }, q.rubric[1]] }, "rubric.0.levels.0.score"],
    ["level count", { rubric: [{ ...crit, levels: [crit.levels[0]] }, q.rubric[1]] }, "rubric.0.levels"],
    ["follow-up when", { followUps: [{ id: "fu-1", when: "sometimes", prompt: "Why?" }] }, "followUps.0.when"],
    ["nested follow-up", { followUps: [{ id: "fu-1", when: "any", prompt: "Why?", followUps: [{ id: "fu-2", when: "any", prompt: "" }] }] }, "followUps.0.followUps.0.prompt"],
  ];
  it.each(cases)("%s", (_name, patch, path) => {
    const found = issues({ ...q, ...patch });
    expect(found.some((i) => i.startsWith(`${path}:`)), found.join("\n")).toBe(true);
  });
});
