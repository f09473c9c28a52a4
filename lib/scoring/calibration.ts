/**
 * Per-question calibration from human grades: a straight line through (engine, human) pairs, shrunk
 * towards the identity when there are few pairs, so one or two reviews nudge the scores and a dozen
 * move them to the team's standard. Linear rather than isotonic: with ~10 points a monotone step fit
 * memorises the noise in the grades, and a line still keeps the engine's ranking within the question.
 */

import { z } from "zod";
import calibratorFile from "./calibration-weights.json";
import type { CalibrationContext } from "./calibration-features";
import { predictCalibrated, ZCalibratorWeights, ZStoredCalibrator, type CalibratorWeights, type StoredCalibrator } from "./calibrator";
import { charGramVector, questionGrams } from "./char-grams";
import { cosine, type Vector } from "./peers";
import { contentTerms } from "./terms";

/**
 * The learned calibrator shipped with the engine (trained by `npm run train:scoring`). From
 * `minExemplars` graded answers with texts on, a calibration is method `learned/1`: the shrunk line
 * below plus features of the answer against the graded exemplars (calibration-features.ts), combined
 * by the calibrator's ridge weights, which the stored calibration keeps so it applies the same later.
 */
export const SHIPPED_CALIBRATOR: CalibratorWeights = ZCalibratorWeights.parse(calibratorFile);

export type Calibration = { questionKey: string; method: string; data: unknown };
/**
 * With answer texts, graded exemplars correct the line locally: similar answers share their residual,
 * and their grades. Similarity is the cosine of character n-gram vectors with the prompt's n-grams
 * demoted (char-grams.ts), which held out better than word overlap (EXPERIMENTS.md).
 */
type Exemplar = { text: string; residual: number; human: number };
type LinearData = { slope: number; offset: number; n: number; prompt?: string; exemplars?: Exemplar[] };
/** Method 1 stored content-term keys; still applied as it was, so a stored score stays reproducible. */
type LegacyExemplar = { keys: string[]; residual: number };
type Graded = { engineScore5: number; humanScore5: number; answer?: string };
/** Method `learned/1`: the exemplars also keep their engine score, and the calibrator's weights are stored with them. */
const ZLearnedData = z.object({
  slope: z.number(),
  offset: z.number(),
  n: z.number(),
  prompt: z.string().optional(),
  exemplars: z.array(z.object({ text: z.string(), residual: z.number(), human: z.number(), engine: z.number() })).min(1),
  model: ZStoredCalibrator,
});
type LearnedData = z.infer<typeof ZLearnedData>;

/** Pseudo-points of the identity line: how many graded answers it takes to move halfway to the data. */
const PRIOR_OFFSET = 2;
const PRIOR_SLOPE = 4;
export const CALIBRATION_METHOD = "linear-shrunk/2";
export const LEARNED_METHOD = "learned/1";
const LEGACY_METHOD = "linear-shrunk/1";
/** An exemplar's text is kept up to this length (the stored calibration stays small); answers are compared on as much. */
export const EXEMPLAR_CHARS = 1000;
/** Similarity power and prior weight of the residual correction (chosen on held-out questions, EXPERIMENTS.md). */
const EXEMPLAR_POWER = 2;
const EXEMPLAR_PRIOR = 0.1;
/** Share of the similarity-weighted mean of the exemplars' grades in the result, reached with many exemplars. */
const KNN_SHARE = 0.2;

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** The per-question line: least squares shrunk to the identity (slope) and to the engine's mean (offset). */
export function fitLine(pts: readonly { engineScore5: number; humanScore5: number }[]): { slope: number; offset: number } {
  const n = pts.length;
  if (n === 0) return { slope: 1, offset: 0 };
  const mx = pts.reduce((s, p) => s + p.engineScore5, 0) / n;
  const my = pts.reduce((s, p) => s + p.humanScore5, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of pts) {
    sxx += (p.engineScore5 - mx) ** 2;
    sxy += (p.engineScore5 - mx) * (p.humanScore5 - my);
  }
  // Ridge towards slope 1: PRIOR_SLOPE pseudo-points of unit spread lying on the identity.
  const slope = Math.min(3, Math.max(0, (sxy + PRIOR_SLOPE) / (sxx + PRIOR_SLOPE)));
  // The line turns about the engine's mean, which it moves by n / (n + PRIOR_OFFSET) of the observed gap.
  const shift = ((my - mx) * n) / (n + PRIOR_OFFSET);
  return { slope: round4(slope), offset: round4(mx + shift - slope * mx) };
}

/**
 * `prompt` (optional): the question's prompt, whose character n-grams are left out of the exemplar
 * similarity, as restating the question is shared by right and wrong answers alike. `calibrator`
 * (optional): learned weights other than the shipped ones (held-out evaluation trains its own per fold).
 */
export function fitCalibration(opts: { questionKey: string; graded: Graded[]; prompt?: string; calibrator?: CalibratorWeights }): Calibration {
  const pts = opts.graded.filter((g) => Number.isFinite(g.engineScore5) && Number.isFinite(g.humanScore5));
  const n = pts.length;
  if (n === 0) return { questionKey: opts.questionKey, method: CALIBRATION_METHOD, data: { slope: 1, offset: 0, n: 0 } satisfies LinearData };
  const { slope, offset } = fitLine(pts);
  const line = (x: number) => Math.min(5, Math.max(0, x * slope + offset));
  const withText = pts.filter((p) => typeof p.answer === "string" && p.answer.trim().length > 0);
  const exemplars = withText.map((p) => ({ text: p.answer!.slice(0, EXEMPLAR_CHARS), residual: round4(p.humanScore5 - line(p.engineScore5)), human: round4(p.humanScore5) }));
  const base = { slope, offset, n, ...(opts.prompt ? { prompt: opts.prompt } : {}) };
  const calibrator = opts.calibrator ?? SHIPPED_CALIBRATOR;
  if (exemplars.length >= calibrator.minExemplars) {
    const model: StoredCalibrator = { features: calibrator.features, mean: calibrator.mean, scale: calibrator.scale, coef: calibrator.coef, intercept: calibrator.intercept };
    const data: LearnedData = { ...base, exemplars: exemplars.map((e, i) => ({ ...e, engine: round4(withText[i]!.engineScore5) })), model };
    return { questionKey: opts.questionKey, method: LEARNED_METHOD, data };
  }
  const data: LinearData = { ...base, ...(exemplars.length > 0 ? { exemplars } : {}) };
  return { questionKey: opts.questionKey, method: CALIBRATION_METHOD, data };
}

/** Exemplar vectors per calibration data object: a question's calibration is applied to many answers. */
const exemplarVectors = new WeakMap<object, { demote: ReadonlySet<string>; vectors: Vector[] }>();
function vectorsOf(data: { prompt?: string; exemplars: readonly { text: string }[] }) {
  let hit = exemplarVectors.get(data);
  if (!hit) {
    const demote = questionGrams(data.prompt ?? "");
    hit = { demote, vectors: data.exemplars.map((e) => charGramVector(e.text, demote)) };
    exemplarVectors.set(data, hit);
  }
  return hit;
}

/** The line's value corrected by the exemplars most like the answer: their mean residual, then a share of their mean grade. */
function exemplarCorrection(data: LinearData & { exemplars: Exemplar[] }, y: number, answer: string): number {
  const { demote, vectors } = vectorsOf(data);
  const mine = charGramVector(answer.slice(0, EXEMPLAR_CHARS), demote);
  let residual = 0;
  let grade = 0;
  let total = 0;
  let meanGrade = 0;
  data.exemplars.forEach((e, i) => {
    const w = Math.max(0, cosine(mine, vectors[i]!)) ** EXEMPLAR_POWER;
    residual += w * e.residual;
    grade += w * e.human;
    total += w;
    meanGrade += e.human / data.exemplars.length;
  });
  const corrected = y + residual / (EXEMPLAR_PRIOR + total);
  const knn = (grade + EXEMPLAR_PRIOR * meanGrade) / (EXEMPLAR_PRIOR + total);
  const share = (KNN_SHARE * data.exemplars.length) / (data.exemplars.length + PRIOR_OFFSET);
  return (1 - share) * corrected + share * knn;
}

/** Method 1: weighted residual of the exemplars most like the answer (Jaccard of content terms, squared). */
function legacyCorrection(exemplars: readonly LegacyExemplar[], answer: string): number {
  const mine = new Set(contentTerms(answer).map((t) => t.key));
  let num = 0;
  let den = 0.3;
  for (const e of exemplars) {
    const both = e.keys.filter((k) => mine.has(k)).length;
    const union = mine.size + e.keys.length - both;
    const w = union > 0 ? (both / union) ** 2 : 0;
    num += w * e.residual;
    den += w;
  }
  return num / den;
}

const isLinear = (d: unknown): d is LinearData =>
  typeof d === "object" && d !== null && typeof (d as LinearData).slope === "number" && typeof (d as LinearData).offset === "number";
const isExemplar = (e: unknown): e is Exemplar =>
  typeof e === "object" && e !== null && typeof (e as Exemplar).text === "string" && typeof (e as Exemplar).residual === "number" && typeof (e as Exemplar).human === "number";
const isLegacyExemplar = (e: unknown): e is LegacyExemplar =>
  typeof e === "object" && e !== null && Array.isArray((e as LegacyExemplar).keys) && typeof (e as LegacyExemplar).residual === "number";

/** The learned calibrator's context per stored calibration: exemplar statistics and their pairwise similarities. */
const learnedContexts = new WeakMap<object, CalibrationContext>();
function learnedContextOf(data: LearnedData): CalibrationContext {
  let ctx = learnedContexts.get(data);
  if (!ctx) {
    const { vectors } = vectorsOf(data);
    ctx = {
      slope: data.slope,
      offset: data.offset,
      exemplars: data.exemplars.map((e) => ({ engine: e.engine, human: e.human, length: e.text.length })),
      pairSims: vectors.map((a) => vectors.map((b) => cosine(a, b))),
    };
    learnedContexts.set(data, ctx);
  }
  return ctx;
}

/** Parsed `learned/1` data per stored object, so a question's calibration is validated once, not per answer. */
const learnedData = new WeakMap<object, LearnedData | null>();
function parseLearned(data: unknown): LearnedData | null {
  if (typeof data !== "object" || data === null) return null;
  let hit = learnedData.get(data);
  if (hit === undefined) {
    hit = ZLearnedData.safeParse(data).data ?? null;
    learnedData.set(data, hit);
  }
  return hit;
}

function applyLearned(data: LearnedData, score5: number, answer?: string): number {
  const line = Math.min(5, Math.max(0, score5 * data.slope + data.offset));
  // Without the answer's text the exemplars say nothing about it: the line alone.
  if (answer === undefined || answer.trim().length === 0) return line;
  const ctx = learnedContextOf(data);
  const { demote, vectors } = vectorsOf(data);
  const text = answer.slice(0, EXEMPLAR_CHARS);
  const mine = charGramVector(text, demote);
  return predictCalibrated(data.model, ctx, score5, vectors.map((v) => cosine(mine, v)), text.length);
}

/** The calibrated 0-5 score; an unknown or malformed calibration leaves the score as it is. */
export function applyCalibration(c: Calibration, score5: number, answer?: string): number {
  if (c.method === LEARNED_METHOD) {
    const data = parseLearned(c.data);
    return data ? applyLearned(data, score5, answer) : score5;
  }
  if ((c.method !== CALIBRATION_METHOD && c.method !== LEGACY_METHOD) || !isLinear(c.data)) return score5;
  const data = c.data;
  let y = score5 * data.slope + data.offset;
  const exemplars: unknown[] = Array.isArray(data.exemplars) ? data.exemplars : [];
  if (answer !== undefined && exemplars.length > 0) {
    if (c.method === LEGACY_METHOD && exemplars.every(isLegacyExemplar)) y += legacyCorrection(exemplars, answer);
    else if (c.method === CALIBRATION_METHOD && exemplars.every(isExemplar) && (typeof data.prompt === "string" || data.prompt === undefined))
      y = exemplarCorrection(data as LinearData & { exemplars: Exemplar[] }, y, answer);
  }
  return Math.min(5, Math.max(0, y));
}
