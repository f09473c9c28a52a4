import { describe, expect, it } from "vitest";
import { applyCalibration, fitCalibration } from "@/lib/scoring/calibration";
import type { DatasetRow } from "@/lib/scoring/dataset";
import { evaluateCalibrationSplit, splitForCalibration } from "@/lib/scoring/evaluate";

describe("fitCalibration", () => {
  it("without graded answers leaves scores unchanged", () => {
    const c = fitCalibration({ questionKey: "q", graded: [] });
    for (const s of [0, 1.3, 2.5, 5]) expect(applyCalibration(c, s)).toBeCloseTo(s, 6);
  });

  it("moves scores towards a team that grades one point higher, more so with more graded answers", () => {
    const graded = (n: number) => Array.from({ length: n }, (_, i) => ({ engineScore5: (i % 4) + 0.5, humanScore5: (i % 4) + 1.5 }));
    const few = applyCalibration(fitCalibration({ questionKey: "q", graded: graded(1) }), 2);
    const many = applyCalibration(fitCalibration({ questionKey: "q", graded: graded(20) }), 2);
    expect(few).toBeGreaterThan(2);
    expect(many).toBeGreaterThan(few);
    expect(many).toBeCloseTo(3, 0);
  });

  it("keeps the order of scores within a question and the 0-5 range", () => {
    const c = fitCalibration({ questionKey: "q", graded: [{ engineScore5: 1, humanScore5: 0 }, { engineScore5: 2, humanScore5: 4 }, { engineScore5: 3, humanScore5: 5 }, { engineScore5: 4, humanScore5: 5 }] });
    const out = [0, 1, 2, 3, 4, 5].map((s) => applyCalibration(c, s));
    for (let i = 1; i < out.length; i++) expect(out[i]!).toBeGreaterThanOrEqual(out[i - 1]!);
    for (const v of out) expect(v >= 0 && v <= 5).toBe(true);
  });

  it("ignores a calibration of an unknown method or shape", () => {
    expect(applyCalibration({ questionKey: "q", method: "someone-elses", data: { slope: 9, offset: 9 } }, 2)).toBe(2);
    expect(applyCalibration({ questionKey: "q", method: "linear-shrunk/1", data: "garbage" }, 2)).toBe(2);
  });

  it("with graded answer texts, an answer like a graded exemplar moves towards that exemplar's grade", () => {
    const graded = [
      { engineScore5: 3, humanScore5: 5, answer: "stack frames hold local variables" },
      { engineScore5: 3, humanScore5: 1, answer: "pizza is tasty on fridays" },
      { engineScore5: 3, humanScore5: 3, answer: "compilers translate source code" },
    ];
    const c = fitCalibration({ questionKey: "q", graded });
    expect(applyCalibration(c, 3, "stack frames hold the local variables")).toBeGreaterThan(applyCalibration(c, 3) + 0.5);
    expect(applyCalibration(c, 3, "pizza is tasty")).toBeLessThan(applyCalibration(c, 3) - 0.5);
  });

  it("compares exemplars by character n-grams, so misspellings and inflections still count as similar", () => {
    const graded = [
      { engineScore5: 3, humanScore5: 5, answer: "recursion stops at the base case" },
      { engineScore5: 3, humanScore5: 1, answer: "loops are faster than functions" },
    ];
    const c = fitCalibration({ questionKey: "q", graded });
    expect(applyCalibration(c, 3, "recursive calls stop at a base-case")).toBeGreaterThan(applyCalibration(c, 3) + 0.5);
  });

  it("leaves the prompt's own words out of the exemplar similarity", () => {
    const prompt = "What does a stack frame of a recursive function hold?";
    const graded = [
      { engineScore5: 3, humanScore5: 5, answer: "the stack frame of the recursive function holds local variables and the return address" },
      { engineScore5: 3, humanScore5: 1, answer: "the stack frame of the recursive function holds the whole program" },
    ];
    const withPrompt = fitCalibration({ questionKey: "q", graded, prompt });
    const without = fitCalibration({ questionKey: "q", graded });
    // Restating the question says nothing: only "local variables" decides which exemplar the answer is like.
    const answer = "a stack frame of a recursive function: local variables";
    const lift = (c: ReturnType<typeof fitCalibration>) => applyCalibration(c, 3, answer) - applyCalibration(c, 3);
    expect(lift(withPrompt)).toBeGreaterThan(lift(without));
    expect(lift(withPrompt)).toBeGreaterThan(0.5);
  });

  it("still applies a stored calibration of the previous method (content-term exemplars)", () => {
    const legacy = { questionKey: "q", method: "linear-shrunk/1", data: { slope: 1, offset: 0.5, n: 3, exemplars: [{ keys: ["frame", "local", "stack", "variabl"], residual: 1 }] } };
    expect(applyCalibration(legacy, 2)).toBeCloseTo(2.5, 6);
    expect(applyCalibration(legacy, 2, "stack frames hold local variables")).toBeGreaterThan(2.5);
  });

  it("is deterministic", () => {
    const graded = [{ engineScore5: 1, humanScore5: 2 }, { engineScore5: 3, humanScore5: 4 }];
    expect(fitCalibration({ questionKey: "q", graded })).toEqual(fitCalibration({ questionKey: "q", graded }));
  });
});

describe("calibration split", () => {
  const rows: DatasetRow[] = Array.from({ length: 40 }, (_, index) => ({
    index,
    id: index < 20 ? "a" : "b",
    question: "q",
    reference: "r",
    answer: `answer ${index}`,
    human: (index % 5) + (index < 20 ? 0 : 0),
    record: {},
  }));

  it("takes the same N graded answers of every question, and evaluates only the others", () => {
    const one = splitForCalibration(rows, 11);
    const two = splitForCalibration(rows, 11);
    expect([...one.fit]).toEqual([...two.fit]);
    expect([...one.fit].filter((i) => rows[i]!.id === "a")).toHaveLength(11);
    expect([...one.fit].filter((i) => rows[i]!.id === "b")).toHaveLength(11);
    expect(one.evaluate).toHaveLength(18);
    for (const i of one.evaluate) expect(one.fit.has(i)).toBe(false);
  });

  it("other draws choose other graded answers, as many per question, the same way every time; draw 0 is the reported split", () => {
    const reported = splitForCalibration(rows, 11);
    expect([...splitForCalibration(rows, 11, 0).fit]).toEqual([...reported.fit]);
    const drawn = [1, 2, 3].map((d) => splitForCalibration(rows, 11, d));
    for (const [k, d] of drawn.entries()) {
      expect([...d.fit]).toEqual([...splitForCalibration(rows, 11, k + 1).fit]);
      expect([...d.fit].filter((i) => rows[i]!.id === "a")).toHaveLength(11);
      expect([...d.fit].filter((i) => rows[i]!.id === "b")).toHaveLength(11);
    }
    const distinct = new Set([reported, ...drawn].map((d) => [...d.fit].sort((x, y) => x - y).join(",")));
    expect(distinct.size).toBe(4);
  });

  it("fixes a per-question offset that the engine got wrong", () => {
    // The engine ranks within each question perfectly but is 2 points too low on question b.
    const predictions = rows.map((r) => (r.id === "a" ? r.human : Math.max(0, r.human - 2)));
    const { before, after } = evaluateCalibrationSplit({ rows, predictions, perQuestion: 11 });
    expect(after.rmse).toBeLessThan(before.rmse);
    expect(after.pearson).toBeGreaterThan(before.pearson);
  });
});
