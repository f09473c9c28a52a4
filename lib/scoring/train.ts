import { featurizeRows, featurizeRowsWithPeers, groupFolds, idfForRows, type DatasetRow } from "./dataset";
import { measureAgreement, type Agreement } from "./metrics";
import type { FeatureName } from "./features";
import { scoreAnswerSync } from "./engine";
import { fitRidge, type ScoringWeights } from "./model";

/**
 * Training and honest validation: every fold's model sees IDF and grades from the other questions only,
 * so the held-out numbers are what an unseen question gets.
 */

export const DEFAULT_LAMBDA = 30;
/** Chosen by held-out-question validation on Mohler dev: length features lowered the rank agreement. */
export const MODEL_FEATURES: readonly FeatureName[] = ["softRecall", "softRecallPlain", "softRecallFull", "softPrecision", "logRefLength", "softRecallByRef", "keyPointCoverage", "contradicted"];

/**
 * With peer answers: the base signals, the peer consensus features and within-question z-scores. The
 * heavy ridge (lambda 300, chosen on held-out questions: 30 → 0.634, 100 → 0.643, 300 → 0.647, 1000 →
 * 0.646 Spearman) spreads weight over correlated signals instead of betting on one.
 */
export const PEER_LAMBDA = 300;
export const PEER_MODEL_FEATURES: readonly string[] = [
  ...MODEL_FEATURES,
  "peerCentroid",
  "peerRelevant",
  "peerExpandedRef",
  "refCos",
  "charRef",
  "charRelevant",
  ...["softRecall", "softRecallFull", "softPrecision", "keyPointCoverage", "refCos", "peerRelevant", "peerExpandedRef", "peerCentroid", "logLength", "charRef", "charRelevant"].map((n) => `z_${n}`),
];

export function trainWeights(opts: { rows: readonly DatasetRow[]; dataset: string; lambda?: number; names?: readonly string[]; peers?: boolean }): ScoringWeights {
  const idf = idfForRows(opts.rows);
  const features = opts.peers ? featurizeRowsWithPeers(opts.rows, idf) : featurizeRows(opts.rows, idf);
  return fitRidge({
    features,
    targets: opts.rows.map((r) => r.human),
    lambda: opts.lambda ?? (opts.peers ? PEER_LAMBDA : DEFAULT_LAMBDA),
    names: opts.names ?? (opts.peers ? PEER_MODEL_FEATURES : MODEL_FEATURES),
    idf,
    trainedOn: { dataset: opts.dataset, rows: opts.rows.length, questions: new Set(opts.rows.map((r) => r.id)).size },
  });
}

export type HoldoutResult = { predictions: number[]; folds: (Agreement & { fold: number; questions: number })[] };

/** GroupKFold over question ids: predictions for every row from a model that never saw its question. */
/**
 * With `peers`, every answer is scored with the other answers of its question as unlabeled peers (as the
 * server has earlier answers to the same question); their grades are never read.
 */
export function crossValidate(opts: { rows: readonly DatasetRow[]; folds: number; dataset: string; lambda?: number; names?: readonly string[]; peers?: boolean }): HoldoutResult {
  const foldOf = groupFolds(opts.rows, opts.folds);
  const predictions = new Array<number>(opts.rows.length).fill(0);
  const folds: HoldoutResult["folds"] = [];
  for (let f = 0; f < opts.folds; f++) {
    const train = opts.rows.filter((_, i) => foldOf[i] !== f);
    const test = opts.rows.filter((_, i) => foldOf[i] === f);
    if (test.length === 0) continue;
    const weights = trainWeights({ rows: train, dataset: opts.dataset, lambda: opts.peers ? undefined : opts.lambda, names: opts.peers ? undefined : opts.names });
    const peerWeights = opts.peers ? trainWeights({ rows: train, dataset: opts.dataset, lambda: opts.lambda, names: opts.names, peers: true }) : undefined;
    // Scored by the engine itself (its rules included) with the training folds' weights and IDF.
    const preds = test.map(
      (r) =>
        scoreAnswerSync({
          question: { prompt: r.question, referenceAnswer: r.reference },
          answer: r.answer,
          weights,
          ...(peerWeights ? { peerWeights, peerAnswers: test.filter((p) => p.id === r.id && p.index !== r.index).map((p) => p.answer) } : {}),
        }).overall5,
    );
    test.forEach((r, k) => (predictions[r.index] = preds[k]!));
    folds.push({ fold: f, questions: new Set(test.map((r) => r.id)).size, ...measureAgreement(preds, test.map((r) => r.human)) });
  }
  return { predictions, folds };
}
