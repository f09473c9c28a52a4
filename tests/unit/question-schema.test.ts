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
