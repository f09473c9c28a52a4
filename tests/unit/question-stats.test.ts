import { describe, expect, it } from "vitest";
import { computeQuestionStats, observationScore, type QuestionObservation } from "@/lib/stats/question-stats";

let seq = 0;
const obs = (o: Partial<QuestionObservation> = {}): QuestionObservation => ({
  sessionId: `s${++seq}`,
  answered: true,
  humanScores: [],
  aiScore: null,
  restOfSession: null,
  ...o,
});

/*
 * Known data. Score = mean of human scores, else engine score, else none.
 *
 *   obs  humans   engine  score  rest | x-3  y-3  (x-3)(y-3)
 *   A    [1]      2       1      2    | -2   -1    2
 *   B    [1, 3]   -       2      1    | -1   -2    2
 *   C    []       3       3      4    |  0    1    0
 *   D    [4, 4]   5       4      3    |  1    0    0
 *   E    [5]      4       5      5    |  2    2    4
 *   F    []       -       -      3    | answered, not scored yet: no score, no pair
 *   G    not answered, nothing
 *
 * mean score = 15/5 = 3, facility = 3/5 = 0.6.
 * Pearson r = Σ(x-x̄)(y-ȳ) / sqrt(Σ(x-x̄)² Σ(y-ȳ)²) = 8 / sqrt(10 * 10) = 0.8.
 * Rater pairs: B |1-3| = 2, D |4-4| = 0 → mean 1; within 1 point: B no, D yes → 0.5.
 * Engine - mean human: A 2-1 = +1, D 5-4 = +1, E 4-5 = -1 → signed 1/3, absolute 1.
 */
const known = [
  obs({ humanScores: [1], aiScore: 2, restOfSession: 2 }),
  obs({ humanScores: [1, 3], restOfSession: 1 }),
  obs({ aiScore: 3, restOfSession: 4 }),
  obs({ humanScores: [4, 4], aiScore: 5, restOfSession: 3 }),
  obs({ humanScores: [5], aiScore: 4, restOfSession: 5 }),
  obs({ restOfSession: 3 }),
  obs({ answered: false }),
];

describe("question statistics", () => {
  it("scores an answer by its human raters first, the engine otherwise", () => {
    expect(observationScore({ humanScores: [2, 3], aiScore: 5 })).toBe(2.5);
    expect(observationScore({ humanScores: [], aiScore: 4 })).toBe(4);
    expect(observationScore({ humanScores: [], aiScore: null })).toBeNull();
  });

  it("computes counts, mean score, facility and discrimination on known data", () => {
    const s = computeQuestionStats({ observations: known });
    expect(s.timesAsked).toBe(7);
    expect(s.answered).toBe(6);
    expect(s.meanScore).toEqual({ value: 3, n: 5 });
    expect(s.facility).toEqual({ value: 0.6, n: 5 });
    expect(s.discrimination.n).toBe(5);
    expect(s.discrimination.value).toBeCloseTo(0.8, 12);
  });

  it("reports rater disagreement and the signed AI-vs-human gap once enough answers have them", () => {
    const s = computeQuestionStats({ observations: known, minSample: 2 });
    expect(s.raterDisagreement).toEqual({ value: 1, agreementWithin1: 0.5, n: 2 });
    expect(s.aiHumanGap.n).toBe(3);
    expect(s.aiHumanGap.value).toBeCloseTo(1 / 3, 12);
    expect(s.aiHumanGap).toMatchObject({ meanAbsoluteGap: 1 });
  });

  it("says 'not enough data' below the minimum sample, with the sample it has", () => {
    const s = computeQuestionStats({ observations: known });
    expect(s.raterDisagreement).toEqual({ value: null, n: 2, reason: "not enough data" });
    expect(s.aiHumanGap).toEqual({ value: null, n: 3, reason: "not enough data" });
    const strict = computeQuestionStats({ observations: known, minSample: 6 });
    expect(strict.meanScore).toEqual({ value: null, n: 5, reason: "not enough data" });
    expect(strict.facility).toEqual({ value: null, n: 5, reason: "not enough data" });
    expect(strict.discrimination).toEqual({ value: null, n: 5, reason: "not enough data" });
  });

  it("never correlates fewer than five pairs, even with a lower minimum sample", () => {
    const four = known.slice(0, 4);
    const s = computeQuestionStats({ observations: four, minSample: 2 });
    expect(s.meanScore).toEqual({ value: 2.5, n: 4 });
    expect(s.discrimination).toEqual({ value: null, n: 4, reason: "not enough data" });
  });

  it("says 'no variance' when every score, or every rest-of-session score, is the same", () => {
    const varied = [1, 2, 3, 4, 5];
    const noVariance = { value: null, n: 5, reason: "no variance" };
    const flatScores = varied.map((r) => obs({ aiScore: 3, restOfSession: r }));
    expect(computeQuestionStats({ observations: flatScores }).discrimination).toEqual(noVariance);
    const flatRest = varied.map((x) => obs({ aiScore: x, restOfSession: 2 }));
    expect(computeQuestionStats({ observations: flatRest }).discrimination).toEqual(noVariance);
    // The mean of [0.1, 0.1, 0.1] is 0.10000000000000002 in floating point: still the same score.
    const noisy = varied.map((r) => obs({ humanScores: [0.1, 0.1, 0.1].slice(0, (r % 3) + 1), restOfSession: r }));
    expect(computeQuestionStats({ observations: noisy }).discrimination).toEqual(noVariance);
  });

  it("reads a negative AI gap as the engine being harsher than the humans", () => {
    const harsh = [0, 1, 2, 3, 4].map((h) => obs({ humanScores: [h + 1, h + 1], aiScore: h }));
    const s = computeQuestionStats({ observations: harsh });
    expect(s.aiHumanGap).toEqual({ value: -1, meanAbsoluteGap: 1, n: 5 });
  });

  it("separates the signed gap from the absolute gap when errors cancel out", () => {
    const mixed = [+2, -2, +1, -1, 0].map((d) => obs({ humanScores: [2.5], aiScore: 2.5 + d }));
    const s = computeQuestionStats({ observations: mixed });
    // signed: (2 - 2 + 1 - 1 + 0) / 5 = 0; absolute: (2 + 2 + 1 + 1 + 0) / 5 = 1.2
    expect(s.aiHumanGap.value).toBeCloseTo(0, 12);
    expect(s.aiHumanGap).toMatchObject({ n: 5 });
    if (s.aiHumanGap.value === null) throw new Error("expected a value");
    expect(s.aiHumanGap.meanAbsoluteGap).toBeCloseTo(1.2, 12);
  });

  it("weighs each answer equally in rater disagreement and counts a gap of exactly one point as agreement", () => {
    /*
     * [2, 3, 5]: pairs 1, 3, 2 → mean 2, within 1: 1/3
     * [4, 4]:    pair 0        → mean 0, within 1: 1
     * [2.2, 1.2]: pair 1.0000000000000002 in floating point → mean 1, within 1: 1
     * mean of means = (2 + 0 + 1) / 3 = 1; agreement = (1/3 + 1 + 1) / 3 = 7/9
     */
    const rated = [[2, 3, 5], [4, 4], [2.2, 1.2]].map((humanScores) => obs({ humanScores }));
    const s = computeQuestionStats({ observations: [...rated, obs({ humanScores: [3] })], minSample: 3 });
    expect(s.raterDisagreement.n).toBe(3);
    expect(s.raterDisagreement.value).toBeCloseTo(1, 12);
    if (s.raterDisagreement.value === null) throw new Error("expected a value");
    expect(s.raterDisagreement.agreementWithin1).toBeCloseTo(7 / 9, 12);
  });

  it("returns zero counts and 'not enough data' everywhere for a question never asked", () => {
    const s = computeQuestionStats({ observations: [] });
    expect(s.timesAsked).toBe(0);
    expect(s.answered).toBe(0);
    for (const stat of [s.meanScore, s.facility, s.discrimination, s.raterDisagreement, s.aiHumanGap]) {
      expect(stat).toEqual({ value: null, n: 0, reason: "not enough data" });
    }
  });

  it("rejects a minimum sample that is not a positive integer", () => {
    expect(() => computeQuestionStats({ observations: known, minSample: 0 })).toThrow(RangeError);
    expect(() => computeQuestionStats({ observations: known, minSample: 2.5 })).toThrow(RangeError);
  });
});
