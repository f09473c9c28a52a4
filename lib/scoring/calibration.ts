/**
 * Per-question calibration from human grades: a straight line through (engine, human) pairs, shrunk
 * towards the identity when there are few pairs, so one or two reviews nudge the scores and a dozen
 * move them to the team's standard. Linear rather than isotonic: with ~10 points a monotone step fit
 * memorises the noise in the grades, and a line still keeps the engine's ranking within the question.
 */

import { contentTerms } from "./terms";

export type Calibration = { questionKey: string; method: string; data: unknown };
/** With answer texts, graded exemplars correct the line locally: similar answers share their residual. */
type Exemplar = { keys: string[]; residual: number };
type LinearData = { slope: number; offset: number; n: number; exemplars?: Exemplar[] };
type Graded = { engineScore5: number; humanScore5: number; answer?: string };

/** Pseudo-points of the identity line: how many graded answers it takes to move halfway to the data. */
const PRIOR_OFFSET = 2;
const PRIOR_SLOPE = 4;
export const CALIBRATION_METHOD = "linear-shrunk/1";

export function fitCalibration(opts: { questionKey: string; graded: Graded[] }): Calibration {
  const pts = opts.graded.filter((g) => Number.isFinite(g.engineScore5) && Number.isFinite(g.humanScore5));
  const n = pts.length;
  if (n === 0) return { questionKey: opts.questionKey, method: CALIBRATION_METHOD, data: { slope: 1, offset: 0, n: 0 } satisfies LinearData };
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
  const offset = mx + shift - slope * mx;
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  const line = (x: number) => Math.min(5, Math.max(0, x * round(slope) + round(offset)));
  const exemplars = pts
    .filter((p) => typeof p.answer === "string")
    .map((p) => ({ keys: [...new Set(contentTerms(p.answer!).map((t) => t.key))].sort(), residual: round(p.humanScore5 - line(p.engineScore5)) }));
  const data: LinearData = { slope: round(slope), offset: round(offset), n, ...(exemplars.length > 0 ? { exemplars } : {}) };
  return { questionKey: opts.questionKey, method: CALIBRATION_METHOD, data };
}

/** Weighted residual of the exemplars most like the answer (Jaccard of content terms, sharpened). */
function exemplarCorrection(exemplars: readonly Exemplar[], answer: string): number {
  const mine = new Set(contentTerms(answer).map((t) => t.key));
  let num = 0;
  let den = EXEMPLAR_PRIOR;
  for (const e of exemplars) {
    const both = e.keys.filter((k) => mine.has(k)).length;
    const union = mine.size + e.keys.length - both;
    const w = union > 0 ? (both / union) ** 2 : 0;
    num += w * e.residual;
    den += w;
  }
  return num / den;
}
const EXEMPLAR_PRIOR = 0.3;

const isLinear = (d: unknown): d is LinearData =>
  typeof d === "object" && d !== null && typeof (d as LinearData).slope === "number" && typeof (d as LinearData).offset === "number";

/** The calibrated 0-5 score; an unknown or malformed calibration leaves the score as it is. */
export function applyCalibration(c: Calibration, score5: number, answer?: string): number {
  if (c.method !== CALIBRATION_METHOD || !isLinear(c.data)) return score5;
  let y = score5 * c.data.slope + c.data.offset;
  if (answer !== undefined && Array.isArray(c.data.exemplars) && c.data.exemplars.length > 0) y += exemplarCorrection(c.data.exemplars, answer);
  return Math.min(5, Math.max(0, y));
}
