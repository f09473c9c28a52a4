import { describe, expect, it } from "vitest";
import { ZQuestionFile } from "@/lib/questions/schema";
import { EnvError, loadEnv } from "@/server/env";
import { gradeReplySchema, overallOfGrade } from "@/server/jobs/llm-grading-prompt";
import { scoringInputsChanged } from "@/server/jobs/rescore-answers";
import { questionFile } from "../helpers/factories";

const q = ZQuestionFile.parse(questionFile());
const base = { AUTH_SECRET: "x".repeat(32), DATA_DIR: "/tmp/mockroom-env-unused" };

describe("OPENAI_GRADING", () => {
  it("is off by default and on with 1 or true when an API key is set", () => {
    expect(loadEnv(base).OPENAI_GRADING).toBe(false);
    expect(loadEnv({ ...base, OPENAI_GRADING: "1", OPENAI_API_KEY: "k" }).OPENAI_GRADING).toBe(true);
    expect(loadEnv({ ...base, OPENAI_GRADING: "true", OPENAI_API_KEY: "k" }).OPENAI_GRADING).toBe(true);
  });
  it("fails fast naming the variable without an API key or with a bad value", () => {
    expect(() => loadEnv({ ...base, OPENAI_GRADING: "1" })).toThrow(EnvError);
    expect(() => loadEnv({ ...base, OPENAI_GRADING: "1" })).toThrow(/OPENAI_GRADING: needs OPENAI_API_KEY/);
    expect(() => loadEnv({ ...base, OPENAI_GRADING: "yes", OPENAI_API_KEY: "k" })).toThrow(/OPENAI_GRADING/);
  });
});

describe("scoringInputsChanged", () => {
  it("is true for a changed rubric, key point or reference, false for a new title or follow-ups", () => {
    const rubric = q.rubric.map((c, i) => (i === 0 ? { ...c, weight: c.weight + 1 } : c));
    expect(scoringInputsChanged(q, { ...q, rubric })).toBe(true);
    expect(scoringInputsChanged(q, { ...q, keyPoints: q.keyPoints.map((k, i) => (i === 0 ? { ...k, aliases: [...k.aliases, "new alias"] } : k)) })).toBe(true);
    expect(scoringInputsChanged(q, { ...q, referenceAnswer: `${q.referenceAnswer} More.` })).toBe(true);
    expect(scoringInputsChanged(q, { ...q, title: "Another title", followUps: [{ id: "f", when: "any", prompt: "Why?" }] as typeof q.followUps })).toBe(false);
  });
});

describe("LLM grade replies", () => {
  const schema = gradeReplySchema(q);
  const grade = { criteria: [{ criterionId: "correctness", level: 4, rationale: "ok" }, { criterionId: "communication", level: 5, rationale: "clear" }], rationale: "fine" };
  it("accept one anchored level per criterion and average by rubric weight", () => {
    const parsed = schema.parse(grade);
    expect(overallOfGrade(q, parsed)).toBe(4.4); // 0.6 * 4 + 0.4 * 5
  });
  it("refuse a missing, repeated or unknown criterion and a level that is not an anchor", () => {
    expect(schema.safeParse({ ...grade, criteria: grade.criteria.slice(0, 1) }).success).toBe(false);
    expect(schema.safeParse({ ...grade, criteria: [...grade.criteria, grade.criteria[0]] }).success).toBe(false);
    expect(schema.safeParse({ ...grade, criteria: [...grade.criteria, { criterionId: "charm", level: 5, rationale: "x" }] }).success).toBe(false);
    expect(schema.safeParse({ ...grade, criteria: [{ ...grade.criteria[0], level: 3 }, grade.criteria[1]] }).success).toBe(false);
  });
});
