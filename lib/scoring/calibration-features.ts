/**
 * Features of one answer against a question's graded exemplars, for the learned calibrator
 * (calibration.ts, method `learned/1`). Everything is computed from the answer's engine score, its
 * similarities to the exemplars and the exemplars' similarities to each other (character n-gram
 * cosines, char-grams.ts), so training (scripts/train-calibration.ts) can precompute the similarity
 * matrix once per question and the server computes the same numbers from texts.
 */

export type CalibrationExemplarStats = { engine: number; human: number; length: number };

export type CalibrationContext = {
  slope: number;
  offset: number;
  exemplars: readonly CalibrationExemplarStats[];
  /** Cosine similarity of exemplar i to exemplar j (symmetric, 1 on the diagonal). */
  pairSims: readonly (readonly number[])[];
};

/**
 * Grade-valued features are given relative to the question's line (the calibrator predicts the grade's
 * departure from the line), so a team that grades a point higher across the board moves every
 * calibrated score by that point: nothing learned on one dataset pins the level of another.
 */
export const CALIBRATION_FEATURE_NAMES = [
  "raw",
  "residualFix",
  "knn1",
  "knn2",
  "knn4",
  "knnSoft",
  "nnGrade",
  "nnSim",
  "maxHigh",
  "maxLow",
  "highMinusLow",
  "protoHigh",
  "protoLow",
  "protoDiff",
  "protoGrade",
  "rankMap",
  "meanGrade",
  "sdGrade",
  "engineHumanCorr",
  "knnGapBySim",
  "lineByCorr",
  "method2",
  "olsLine",
  "meanSim",
  "logLength",
  "lengthRatio",
  "zEngine",
  "knnLooCorr",
  "knnGapByLoo",
] as const;
export type CalibrationFeatureName = (typeof CALIBRATION_FEATURE_NAMES)[number];

const clip5 = (v: number) => Math.min(5, Math.max(0, v));
/** Prior weight of the exemplars' mean grade in the similarity-weighted averages. */
const PRIOR = 0.1;
const SOFT_TEMPERATURE = 0.1;
/**
 * Text-based corrections fade out as far as the exemplars' similarity anti-predicts their own grades
 * (leave-one-out): answers that all look alike but are graded apart ("O(n)" / "O(n^2)") say nothing
 * through their similarity, and the line keeps the engine's ranking. Slope 1: gone at correlation -1.
 */
const GATE_SLOPE = 1;

type Prepared = {
  meanGrade: number;
  sdGrade: number;
  corr: number;
  residuals: number[];
  highIdx: number[];
  lowIdx: number[];
  /** Weights of the grade-band prototypes and the norms of the weighted centroids. */
  highNorm: number;
  lowNorm: number;
  gradeWeights: number[];
  gradeNorm: number;
  sortedEngine: number[];
  sortedHuman: number[];
  meanEngine: number;
  sdEngine: number;
  meanLogLength: number;
  /** How well the exemplars' similarity predicts their own grades: leave-one-out k-NN vs grade correlation. */
  knnLooCorr: number;
};

function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 1e-12 && sbb > 1e-12 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Each exemplar's grade as its similarity-weighted (squared) neighbours among the other exemplars predict it. */
function leaveOneOutKnn(ctx: CalibrationContext): number[] {
  const ex = ctx.exemplars;
  return ex.map((_, i) => {
    let num = 0;
    let den = PRIOR;
    let mean = 0;
    ex.forEach((e, j) => {
      if (j === i) return;
      const w = Math.max(0, ctx.pairSims[i]?.[j] ?? 0) ** 2;
      num += w * e.human;
      den += w;
      mean += e.human / (ex.length - 1);
    });
    return ex.length > 1 ? (num + PRIOR * mean) / den : ex[i]!.human;
  });
}

const prepared = new WeakMap<CalibrationContext, Prepared>();

function centroidNorm(ctx: CalibrationContext, weights: readonly number[]): number {
  let s = 0;
  weights.forEach((wi, i) => weights.forEach((wj, j) => (s += wi * wj * (ctx.pairSims[i]?.[j] ?? (i === j ? 1 : 0)))));
  return Math.sqrt(Math.max(0, s));
}

function prepare(ctx: CalibrationContext): Prepared {
  const hit = prepared.get(ctx);
  if (hit) return hit;
  const ex = ctx.exemplars;
  const n = ex.length;
  const meanGrade = ex.reduce((s, e) => s + e.human, 0) / n;
  const meanEngine = ex.reduce((s, e) => s + e.engine, 0) / n;
  const sdGrade = Math.sqrt(ex.reduce((s, e) => s + (e.human - meanGrade) ** 2, 0) / n);
  const sdEngine = Math.sqrt(ex.reduce((s, e) => s + (e.engine - meanEngine) ** 2, 0) / n);
  const cov = ex.reduce((s, e) => s + (e.human - meanGrade) * (e.engine - meanEngine), 0) / n;
  const corr = sdGrade > 1e-9 && sdEngine > 1e-9 ? cov / (sdGrade * sdEngine) : 0;
  const residuals = ex.map((e) => e.human - clip5(e.engine * ctx.slope + ctx.offset));
  const highIdx = ex.flatMap((e, i) => (e.human >= meanGrade ? [i] : []));
  const lowIdx = ex.flatMap((e, i) => (e.human < meanGrade ? [i] : []));
  const indicator = (idx: readonly number[]) => ex.map((_, i) => (idx.includes(i) ? 1 : 0));
  const gradeWeights = ex.map((e) => e.human - meanGrade);
  const order = ex.map((_, i) => i).sort((a, b) => ex[a]!.engine - ex[b]!.engine || a - b);
  const p: Prepared = {
    meanGrade,
    sdGrade,
    corr,
    residuals,
    highIdx,
    lowIdx,
    highNorm: centroidNorm(ctx, indicator(highIdx)),
    lowNorm: centroidNorm(ctx, indicator(lowIdx)),
    gradeWeights,
    gradeNorm: centroidNorm(ctx, gradeWeights),
    sortedEngine: order.map((i) => ex[i]!.engine),
    sortedHuman: ex.map((e) => e.human).sort((a, b) => a - b),
    meanEngine,
    sdEngine,
    meanLogLength: ex.reduce((s, e) => s + Math.log1p(e.length), 0) / n,
    knnLooCorr: correlation(leaveOneOutKnn(ctx), ex.map((e) => e.human)),
  };
  prepared.set(ctx, p);
  return p;
}

/** The exemplars' grades at the answer's engine-score quantile among the exemplars (rank interpolation). */
function rankMap(p: Prepared, x: number): number {
  const xs = p.sortedEngine;
  const n = xs.length;
  if (n === 1) return p.sortedHuman[0]!;
  let below = 0;
  let equal = 0;
  for (const v of xs) {
    if (v < x) below++;
    else if (v === x) equal++;
  }
  const q = Math.min(1, Math.max(0, (below + equal / 2 - 0.5) / (n - 1)));
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return p.sortedHuman[lo]! + (pos - lo) * (p.sortedHuman[hi]! - p.sortedHuman[lo]!);
}

function weightedGrade(ctx: CalibrationContext, p: Prepared, weights: readonly number[]): number {
  let num = PRIOR * p.meanGrade;
  let den = PRIOR;
  weights.forEach((w, i) => {
    num += w * ctx.exemplars[i]!.human;
    den += w;
  });
  return num / den;
}

/**
 * The feature vector of an answer with engine score `x` and similarities `sims` (one per exemplar, in
 * the context's order). Needs at least one exemplar.
 */
export function calibrationFeatures(ctx: CalibrationContext, x: number, sims: readonly number[], length: number): { line: number; features: Record<CalibrationFeatureName, number> } {
  const p = prepare(ctx);
  const ex = ctx.exemplars;
  const s = sims.map((v) => Math.max(0, v));
  const line = clip5(x * ctx.slope + ctx.offset);
  let rNum = 0;
  let rDen = PRIOR;
  s.forEach((v, i) => {
    rNum += v * v * p.residuals[i]!;
    rDen += v * v;
  });
  const residualFix = clip5(line + rNum / rDen);
  const knn = (power: number) => weightedGrade(ctx, p, s.map((v) => v ** power));
  const maxS = Math.max(...s);
  const knnSoft = weightedGrade(ctx, p, s.map((v) => Math.exp((v - maxS) / SOFT_TEMPERATURE)));
  let nn = 0;
  s.forEach((v, i) => {
    if (v > s[nn]!) nn = i;
  });
  const maxOf = (idx: readonly number[]) => idx.reduce((m, i) => Math.max(m, s[i]!), 0);
  const maxHigh = maxOf(p.highIdx);
  const maxLow = maxOf(p.lowIdx);
  const proto = (idx: readonly number[], norm: number) => (norm > 1e-9 ? idx.reduce((sum, i) => sum + s[i]!, 0) / norm : 0);
  const protoHigh = proto(p.highIdx, p.highNorm);
  const protoLow = proto(p.lowIdx, p.lowNorm);
  const protoGrade = p.gradeNorm > 1e-9 ? p.gradeWeights.reduce((sum, w, i) => sum + w * s[i]!, 0) / p.gradeNorm : 0;
  const knn2 = knn(2);
  const m2Share = (0.2 * ex.length) / (ex.length + 2);
  const olsLine = clip5(p.meanGrade + (p.sdEngine > 1e-9 ? (p.corr * p.sdGrade * (x - p.meanEngine)) / p.sdEngine : 0));
  const gate = Math.min(1, Math.max(0, 1 + GATE_SLOPE * p.knnLooCorr));
  const features: Record<CalibrationFeatureName, number> = {
    raw: x,
    residualFix: gate * (residualFix - line),
    knn1: gate * (knn(1) - line),
    knn2: gate * (knn2 - line),
    knn4: gate * (knn(4) - line),
    knnSoft: gate * (knnSoft - line),
    nnGrade: gate * (ex[nn]!.human - line),
    nnSim: maxS,
    maxHigh,
    maxLow,
    highMinusLow: maxHigh - maxLow,
    protoHigh,
    protoLow,
    protoDiff: protoHigh - protoLow,
    protoGrade,
    rankMap: rankMap(p, x) - line,
    meanGrade: p.meanGrade - line,
    sdGrade: p.sdGrade,
    engineHumanCorr: p.corr,
    knnGapBySim: gate * (knn2 - line) * maxS,
    lineByCorr: (line - p.meanGrade) * p.corr,
    method2: gate * ((1 - m2Share) * (rNum / rDen) + m2Share * (knn2 - line)),
    olsLine: olsLine - line,
    meanSim: s.reduce((a, b) => a + b, 0) / s.length,
    logLength: Math.log1p(length),
    lengthRatio: Math.log1p(length) - p.meanLogLength,
    zEngine: p.sdEngine > 1e-9 ? Math.max(-3, Math.min(3, (x - p.meanEngine) / p.sdEngine)) : 0,
    knnLooCorr: p.knnLooCorr,
    knnGapByLoo: (knn2 - line) * p.knnLooCorr,
  };
  return { line, features };
}
