import { describe, expect, it } from "vitest";
import { applyCalibration, CALIBRATION_METHOD, fitCalibration, LEARNED_METHOD, SHIPPED_CALIBRATOR } from "@/lib/scoring/calibration";
import { CALIBRATION_FEATURE_NAMES } from "@/lib/scoring/calibration-features";
import { ZCalibratorWeights, ZStoredCalibrator } from "@/lib/scoring/calibrator";
import type { DatasetRow } from "@/lib/scoring/dataset";
import { evaluateCalibrationSplit } from "@/lib/scoring/evaluate";
import { pearson } from "@/lib/scoring/metrics";
import { ZScoringWeights } from "@/lib/scoring/model";
import weights from "@/lib/scoring/weights.json";
import { trainCalibrator } from "@/lib/scoring/train-calibration";

/** A seeded generator, so the synthetic questions are the same on every run. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

const WORDS = ["stack", "queue", "heap", "pointer", "array", "index", "node", "edge", "graph", "tree", "leaf", "root", "hash", "table", "bucket", "loop", "branch", "frame", "scope", "class"];

/**
 * Questions whose answers are right or wrong by their phrases (each question has its own right and wrong
 * phrases), graded by how many right phrases they hold; the "engine" sees the grade only blurred, squeezed
 * and shifted by a per-question offset, as a zero-shot engine does on an unseen question.
 */
function syntheticQuestions(questions: number, perQuestion: number, seed: number): { rows: DatasetRow[]; engine: number[] } {
  const next = generator(seed);
  const rows: DatasetRow[] = [];
  const engine: number[] = [];
  const word = () => WORDS[Math.floor(next() * WORDS.length)]!;
  for (let q = 0; q < questions; q++) {
    const right = Array.from({ length: 5 }, () => `${word()} ${word()} ${word()}`);
    const wrong = Array.from({ length: 5 }, () => `${word()} ${word()} ${word()}`);
    const offset = (next() - 0.5) * 2;
    for (let a = 0; a < perQuestion; a++) {
      const grade = Math.floor(next() * 6);
      const phrases = [...right.slice(0, grade), ...wrong.slice(0, 5 - grade)].sort(() => next() - 0.5);
      rows.push({ index: rows.length, id: `q${q}`, question: `question ${q} about ${word()}`, reference: right.join(". "), answer: phrases.join(". "), human: grade, record: {} });
      engine.push(Math.min(5, Math.max(0, 2.5 + (grade - 2.5) * 0.4 + offset + (next() - 0.5) * 2.5)));
    }
  }
  return { rows, engine };
}

const graded = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ engineScore5: 2 + (i % 3) * 0.5, humanScore5: i % 2 === 0 ? 4.5 : 1, answer: i % 2 === 0 ? `stack frames hold local variables ${i}` : `pizza is tasty on fridays ${i}` }));

describe("learned calibration (learned/1)", () => {
  it("ships a calibrator whose features the engine computes", () => {
    expect(SHIPPED_CALIBRATOR.features.length).toBeGreaterThan(5);
    for (const f of SHIPPED_CALIBRATOR.features) expect(CALIBRATION_FEATURE_NAMES).toContain(f);
    for (const c of SHIPPED_CALIBRATOR.coef) expect(Number.isFinite(c)).toBe(true);
    expect(SHIPPED_CALIBRATOR.minExemplars).toBeGreaterThanOrEqual(3);
  });

  it("is used from the calibrator's minimum of graded texts on, and the shrunk line below it", () => {
    const min = SHIPPED_CALIBRATOR.minExemplars;
    expect(fitCalibration({ questionKey: "q", graded: graded(min) }).method).toBe(LEARNED_METHOD);
    expect(fitCalibration({ questionKey: "q", graded: graded(min - 1) }).method).toBe(CALIBRATION_METHOD);
    expect(fitCalibration({ questionKey: "q", graded: graded(12).map(({ answer: _, ...g }) => g) }).method).toBe(CALIBRATION_METHOD);
  });

  it("stores plain JSON that applies the same after a round trip, and keeps its weights", () => {
    const c = fitCalibration({ questionKey: "q", graded: graded(11), prompt: "What does a stack frame hold?" });
    const stored = JSON.parse(JSON.stringify(c)) as typeof c;
    for (const answer of ["stack frames hold local variables", "pizza", "a frame holds the return address"]) {
      for (const s of [0, 2.2, 4.9]) expect(applyCalibration(stored, s, answer)).toBeCloseTo(applyCalibration(c, s, answer), 10);
    }
    expect((stored.data as { model: { coef: number[] } }).model.coef).toEqual(SHIPPED_CALIBRATOR.coef);
  });

  it("moves an answer towards the grades of the exemplars it resembles, stays in 0-5, and without text applies the line", () => {
    const c = fitCalibration({ questionKey: "q", graded: graded(12) });
    const good = applyCalibration(c, 2.5, "stack frames hold the local variables");
    const bad = applyCalibration(c, 2.5, "pizza is tasty");
    expect(good).toBeGreaterThan(bad + 0.3);
    for (const v of [good, bad, applyCalibration(c, 5, "x"), applyCalibration(c, 0, "")]) expect(v >= 0 && v <= 5).toBe(true);
    const { slope, offset } = c.data as { slope: number; offset: number };
    expect(applyCalibration(c, 2)).toBeCloseTo(Math.min(5, Math.max(0, 2 * slope + offset)), 10);
  });

  it("leaves malformed learned data alone", () => {
    expect(applyCalibration({ questionKey: "q", method: LEARNED_METHOD, data: { slope: 1, offset: 0, n: 1, exemplars: [] } }, 2.5, "x")).toBe(2.5);
    expect(applyCalibration({ questionKey: "q", method: LEARNED_METHOD, data: null }, 2.5, "x")).toBe(2.5);
    const c = fitCalibration({ questionKey: "q", graded: graded(11) });
    const data = c.data as { model: { coef: number[] } };
    const broken = { ...c, data: { ...data, model: { ...data.model, coef: data.model.coef.slice(1) } } };
    expect(applyCalibration(broken, 2.5, "stack frames")).toBe(2.5);
  });

  it("still applies stored linear-shrunk/2 calibrations as before", () => {
    const data = { slope: 1, offset: 0.5, n: 3, exemplars: [{ text: "stack frames hold local variables", residual: 1, human: 5 }] };
    const c = { questionKey: "q", method: "linear-shrunk/2", data };
    expect(applyCalibration(c, 2)).toBeCloseTo(2.5, 6);
    expect(applyCalibration(c, 2, "stack frames hold local variables")).toBeGreaterThan(2.5);
  });

  it("beats the uncalibrated scores and the shrunk line on questions it was not trained on", () => {
    const train = syntheticQuestions(12, 30, 7);
    const test = syntheticQuestions(8, 30, 99);
    const calibrator = trainCalibrator({ rows: train.rows, predictionSets: [train.engine], dataset: "synthetic", draws: 4 });
    const learned = evaluateCalibrationSplit({ rows: test.rows, predictions: test.engine, perQuestion: 11, calibratorFor: () => calibrator });
    const linear = evaluateCalibrationSplit({ rows: test.rows, predictions: test.engine, perQuestion: 11, calibratorFor: () => ({ ...calibrator, minExemplars: 1000 }) });
    expect(learned.after.pearson).toBeGreaterThan(learned.before.pearson + 0.15);
    expect(learned.after.pearson).toBeGreaterThan(linear.after.pearson + 0.02);
    // The shipped calibrator (trained on Mohler dev) must help on these unseen questions too.
    const shipped = evaluateCalibrationSplit({ rows: test.rows, predictions: test.engine, perQuestion: 11 });
    expect(shipped.after.pearson).toBeGreaterThan(shipped.before.pearson + 0.1);
  });

  it("is deterministic, and cheap to apply", () => {
    const test = syntheticQuestions(1, 40, 3);
    const g = test.rows.slice(0, 11).map((r, i) => ({ engineScore5: test.engine[i]!, humanScore5: r.human, answer: r.answer }));
    const c = fitCalibration({ questionKey: "q", graded: g });
    expect(fitCalibration({ questionKey: "q", graded: g })).toEqual(c);
    const long = test.rows.map((r) => `${r.answer} `.repeat(30));
    const out = long.map((a, i) => applyCalibration(c, test.engine[i]!, a));
    expect(long.map((a, i) => applyCalibration(c, test.engine[i]!, a))).toEqual(out);
    const started = performance.now();
    for (let rep = 0; rep < 5; rep++) long.forEach((a, i) => applyCalibration(c, test.engine[i]!, a));
    expect((performance.now() - started) / (5 * long.length)).toBeLessThan(5);
    expect(pearson(out, test.rows.map((r) => r.human))).toBeGreaterThan(0);
  });
});

describe("stored linear models", () => {
  it("refuse a weights file or stored calibrator whose means, scales or coefficients do not match its features", () => {
    expect(ZScoringWeights.safeParse(weights).success).toBe(true);
    expect(ZCalibratorWeights.safeParse(SHIPPED_CALIBRATOR).success).toBe(true);
    const short = ZScoringWeights.safeParse({ ...weights, coef: weights.coef.slice(1) });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.message).toBe("one mean, scale and coefficient per feature");
    expect(ZCalibratorWeights.safeParse({ ...SHIPPED_CALIBRATOR, scale: [...SHIPPED_CALIBRATOR.scale, 1] }).success).toBe(false);
    const stored = { features: ["a", "b"], mean: [0, 0], scale: [1, 1], coef: [1, 2], intercept: 0 };
    expect(ZStoredCalibrator.safeParse(stored).success).toBe(true);
    expect(ZStoredCalibrator.safeParse({ ...stored, mean: [0] }).success).toBe(false);
  });
});
