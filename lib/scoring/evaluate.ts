import { applyCalibration, fitCalibration } from "./calibration";
import type { CalibratorWeights } from "./calibrator";
import type { DatasetRow } from "./dataset";
import { measureAgreement, type Agreement } from "./metrics";

/**
 * Calibration evaluated the way a hiring team would use it: for every question, a fixed number of its
 * graded answers fit the calibration and only the remaining answers are scored.
 */

/**
 * A stable pseudo-random order of a question's rows (FNV-1a of the row's text), not the file order.
 * Draw 0 is the reported split; other draws salt the hash, for the spread over other equally fair splits.
 */
function rowKey(r: DatasetRow, draw: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${draw ? `draw ${draw}\u0000` : ""}${r.id}\u0000${r.answer}\u0000${r.index}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

export function splitForCalibration(rows: readonly DatasetRow[], perQuestion: number, draw = 0): { fit: Set<number>; evaluate: number[] } {
  const byQuestion = new Map<string, DatasetRow[]>();
  for (const r of rows) byQuestion.set(r.id, [...(byQuestion.get(r.id) ?? []), r]);
  const fit = new Set<number>();
  for (const list of byQuestion.values()) for (const r of [...list].sort((a, b) => rowKey(a, draw) - rowKey(b, draw) || a.index - b.index).slice(0, perQuestion)) fit.add(r.index);
  return { fit, evaluate: rows.filter((r) => !fit.has(r.index)).map((r) => r.index) };
}

/** Which learned calibrator a question's calibration uses (held-out evaluation: one trained without that question). */
export type CalibratorFor = (questionId: string) => CalibratorWeights | undefined;

/** Calibrates each question on `fitRows` and returns calibrated predictions for every row. */
export function calibratePredictions(opts: { rows: readonly DatasetRow[]; predictions: readonly number[]; fitRows: readonly DatasetRow[]; fitPredictions: readonly number[]; calibratorFor?: CalibratorFor }): number[] {
  const graded = new Map<string, { engineScore5: number; humanScore5: number; answer: string }[]>();
  opts.fitRows.forEach((r, k) => graded.set(r.id, [...(graded.get(r.id) ?? []), { engineScore5: opts.fitPredictions[k]!, humanScore5: r.human, answer: r.answer }]));
  const prompts = new Map(opts.fitRows.map((r) => [r.id, r.question]));
  const calibrations = new Map([...graded].map(([id, g]) => [id, fitCalibration({ questionKey: id, graded: g, prompt: prompts.get(id), calibrator: opts.calibratorFor?.(id) })]));
  return opts.rows.map((r, k) => {
    const c = calibrations.get(r.id);
    return c ? applyCalibration(c, opts.predictions[k]!, r.answer) : opts.predictions[k]!;
  });
}

/**
 * Split, calibrate, and measure on the held-back answers only. Also returns the calibrated score of
 * every row and which rows were held back, for callers that write predictions out.
 */
export function evaluateCalibrationSplit(opts: { rows: readonly DatasetRow[]; predictions: readonly number[]; perQuestion: number; calibratorFor?: CalibratorFor; draw?: number }): {
  before: Agreement;
  after: Agreement;
  calibrated: number[];
  evaluate: number[];
} {
  const { fit, evaluate } = splitForCalibration(opts.rows, opts.perQuestion, opts.draw);
  const fitRows = opts.rows.filter((r) => fit.has(r.index));
  const calibrated = calibratePredictions({ rows: opts.rows, predictions: opts.predictions, fitRows, fitPredictions: fitRows.map((r) => opts.predictions[r.index]!), calibratorFor: opts.calibratorFor });
  const human = evaluate.map((i) => opts.rows[i]!.human);
  return { before: measureAgreement(evaluate.map((i) => opts.predictions[i]!), human), after: measureAgreement(evaluate.map((i) => calibrated[i]!), human), calibrated, evaluate };
}
