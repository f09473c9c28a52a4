import { CALIBRATION_FEATURE_NAMES, calibrationFeatures, type CalibrationContext } from "./calibration-features";
import { EXEMPLAR_CHARS, fitLine } from "./calibration";
import type { CalibratorWeights } from "./calibrator";
import { charGramVector, questionGrams } from "./char-grams";
import { groupFolds, type DatasetRow } from "./dataset";
import { fitRidge, type FeatureValues } from "./model";
import { cosine } from "./peers";

/**
 * Training the learned calibrator (calibrator.ts): for every question, several random draws of graded
 * exemplars; each draw gives the features of the question's other answers against those exemplars, with
 * their human grades as targets. The engine scores must be held out (scored by a model that never saw the
 * question), as a new question's are. Deterministic: a seeded generator draws the exemplars.
 */

export const CALIBRATOR_LAMBDA = 300;
/** Exemplar counts drawn in training, so the calibrator holds for a few graded answers as well as for many. */
export const CALIBRATOR_MIN_EXEMPLARS = 5;
const MAX_EXEMPLARS = 15;
export const CALIBRATOR_DRAWS = 10;

/** Target: the human grade's departure from the question's line. */
type Sample = { features: FeatureValues; target: number };

/** Character n-gram similarity of every pair of a question's answers, compared as calibration compares them. */
function similarityMatrix(list: readonly DatasetRow[]): number[][] {
  const demote = questionGrams(list[0]?.question ?? "");
  const vectors = list.map((r) => charGramVector(r.answer.slice(0, EXEMPLAR_CHARS), demote));
  return vectors.map((a) => vectors.map((b) => cosine(a, b)));
}

/** Features and grades of the answers of one question that are not among `exemplars` (indices into `list`). */
export function samplesForDraw(list: readonly DatasetRow[], scores: readonly number[], sims: readonly (readonly number[])[], exemplars: readonly number[]): Sample[] {
  const { slope, offset } = fitLine(exemplars.map((i) => ({ engineScore5: scores[i]!, humanScore5: list[i]!.human })));
  const ctx: CalibrationContext = {
    slope,
    offset,
    exemplars: exemplars.map((i) => ({ engine: Math.round(scores[i]! * 1e4) / 1e4, human: list[i]!.human, length: list[i]!.answer.slice(0, EXEMPLAR_CHARS).length })),
    pairSims: exemplars.map((i) => exemplars.map((j) => sims[i]![j]!)),
  };
  const chosen = new Set(exemplars);
  return list.flatMap((r, k) => {
    if (chosen.has(k)) return [];
    const { line, features } = calibrationFeatures(ctx, scores[k]!, exemplars.map((i) => sims[k]![i]!), r.answer.slice(0, EXEMPLAR_CHARS).length);
    return [{ features, target: r.human - line }];
  });
}

function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** Answers of each question, in first-seen order of the question ids. */
export function rowsByQuestion(rows: readonly DatasetRow[]): Map<string, DatasetRow[]> {
  const byQuestion = new Map<string, DatasetRow[]>();
  for (const r of rows) byQuestion.set(r.id, [...(byQuestion.get(r.id) ?? []), r]);
  return byQuestion;
}

/**
 * Fits the calibrator on `rows` with the engine's held-out `predictionSets` (one or more: e.g. scored with
 * and without peers, as the server scores either way), indexed by row index.
 */
export function trainCalibrator(opts: { rows: readonly DatasetRow[]; predictionSets: readonly (readonly number[])[]; dataset: string; lambda?: number; draws?: number; seed?: number }): CalibratorWeights {
  const next = generator(opts.seed ?? 20261129);
  const samples: Sample[] = [];
  const questions = rowsByQuestion(opts.rows);
  for (const list of questions.values()) {
    if (list.length < CALIBRATOR_MIN_EXEMPLARS + 1) continue;
    const sims = similarityMatrix(list);
    for (const predictions of opts.predictionSets) {
      const scores = list.map((r) => predictions[r.index]!);
      for (let d = 0; d < (opts.draws ?? CALIBRATOR_DRAWS); d++) {
        const k = Math.min(list.length - 1, CALIBRATOR_MIN_EXEMPLARS + Math.floor(next() * (MAX_EXEMPLARS - CALIBRATOR_MIN_EXEMPLARS + 1)));
        // Partial Fisher-Yates: the first k of a seeded shuffle.
        const order = list.map((_, i) => i);
        for (let i = 0; i < k; i++) {
          const j = i + Math.floor(next() * (order.length - i));
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        samples.push(...samplesForDraw(list, scores, sims, order.slice(0, k)));
      }
    }
  }
  const lambda = opts.lambda ?? CALIBRATOR_LAMBDA;
  const fit = fitRidge({
    features: samples.map((s) => s.features),
    targets: samples.map((s) => s.target),
    lambda,
    names: CALIBRATION_FEATURE_NAMES,
    idf: { docs: 0, df: {} },
    trainedOn: { dataset: opts.dataset, rows: samples.length, questions: questions.size },
  });
  return {
    model: "ridge",
    features: fit.features,
    mean: fit.mean,
    scale: fit.scale,
    coef: fit.coef,
    intercept: fit.intercept,
    lambda,
    minExemplars: CALIBRATOR_MIN_EXEMPLARS,
    trainedOn: { dataset: opts.dataset, questions: questions.size, samples: samples.length },
  };
}

/**
 * One calibrator per GroupKFold fold, each trained on the other folds' questions only: what an unseen
 * question's calibration gets. Returns the calibrator to use for a question id.
 */
export function calibratorsPerFold(opts: { rows: readonly DatasetRow[]; predictionSets: readonly (readonly number[])[]; folds: number; dataset: string }): (questionId: string) => CalibratorWeights | undefined {
  const foldOf = groupFolds(opts.rows, opts.folds);
  const foldOfQuestion = new Map(opts.rows.map((r, i) => [r.id, foldOf[i]!]));
  const perFold = Array.from({ length: opts.folds }, (_, f) =>
    trainCalibrator({ rows: opts.rows.filter((_, i) => foldOf[i] !== f), predictionSets: opts.predictionSets, dataset: opts.dataset }),
  );
  return (questionId) => {
    const f = foldOfQuestion.get(questionId);
    return f === undefined ? undefined : perFold[f];
  };
}
