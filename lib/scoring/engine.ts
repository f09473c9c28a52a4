import { applyCalibration, fitCalibration, type Calibration } from "./calibration";
import { scoreCriteria, type RubricCriterion } from "./criteria";
import { writeFeedback } from "./feedback";
import { answerLanguage, dominantScript, prepareAnswer } from "./input-checks";
import type { MatchableKeyPoint } from "./match-key-points";
import { predictScore, ZScoringWeights, type ScoringWeights } from "./model";
import { extractSignals, keyPointsFor } from "./signals";
import weightsFile from "./weights.json";

/**
 * The scoring engine: question + answer → overall score, key point statuses with evidence, criteria,
 * feedback and flags. Pure and deterministic (no clock, no randomness, no I/O), so a stored score can be
 * reproduced from its engine version. Signals in features.ts, the learned combination in model.ts.
 */

const shippedWeights = ZScoringWeights.parse(weightsFile);

/** FNV-1a of the weights file: the weights are part of the version, since they change every score. */
function hash8(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}
const WEIGHTS_HASH = hash8(JSON.stringify(shippedWeights));
export const ENGINE_VERSION = `mockroom-engine/1.0.0+weights-${WEIGHTS_HASH}`;

export type ScoringQuestion = {
  prompt: string;
  referenceAnswer: string;
  lang?: "zh" | "en";
  keyPoints?: (MatchableKeyPoint & { statement?: string })[];
  rubric?: RubricCriterion[];
};
/** Optional neural embedder, injected by the server (server/scoring/embedder.ts). */
export interface Embedder {
  id: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}
export type { Calibration };
export { applyCalibration, fitCalibration };

export type ScoreResult = {
  engineVersion: string;
  mode: "lexical" | "neural";
  models: string[];
  overall5: number;
  overall100: number;
  confidence: number;
  criteria: { id: string; score5: number; level: number; label: string }[];
  keyPoints: { id: string; statement: string; status: "covered" | "partly" | "missing" | "contradicted"; evidence: { start: number; end: number; text: string }[] }[];
  feedback: { lang: "zh" | "en"; good: string[]; missing: string[]; wrong: string[] };
  flags: string[];
  features: Record<string, number>;
};

/** Authored key points decide half of the score: an author's list is a better judge than word overlap. */
const AUTHORED_SHARE = 0.5;

export async function scoreAnswer(opts: { question: ScoringQuestion; answer: string; embedder?: Embedder; calibration?: Calibration }): Promise<ScoreResult> {
  // The embedder is accepted for the interface; the shipped weights are lexical, so it is not consulted yet.
  return Promise.resolve(scoreAnswerSync(opts));
}

/** `weights` replaces the shipped weights, for validation with per-fold retrained models only. */
export function scoreAnswerSync(opts: { question: ScoringQuestion; answer: string; calibration?: Calibration; weights?: ScoringWeights }): ScoreResult {
  const { question } = opts;
  const weights = opts.weights ?? shippedWeights;
  const prepared = prepareAnswer(opts.answer);
  const flags = [...prepared.flags];
  const { keyPoints, derived } = keyPointsFor({ question, idf: weights.idf });
  const { match, features } = extractSignals({ question, keyPoints, answer: prepared.text, idf: weights.idf });
  const unreadable = flags.some((f) => f === "empty" || f === "binary" || f === "no-words");

  let overall = unreadable ? 0 : predictScore(weights, features);
  if (!derived && !unreadable) overall = (1 - AUTHORED_SHARE) * overall + AUTHORED_SHARE * match.score5;
  // A wrong claim about a point outweighs using its words: no credit beyond what the other points earn.
  const contradicted = match.keyPoints.filter((k) => k.status === "contradicted").length;
  if (contradicted > 0) overall = Math.min(overall, match.score5 + 0.5);

  const questionLang = question.lang ?? (dominantScript(`${question.prompt} ${question.referenceAnswer}`) === "han" ? "zh" : "en");
  const script = dominantScript(prepared.text);
  // Chinese and English are both read (aliases cover both); another script is not.
  if (!unreadable && script === "other") flags.push("off-language");
  // Nothing in common with the question or the reference, not even a near-miss of a word.
  if (!unreadable && features.softRecall === 0 && features.softPrecision === 0 && features.questionCopy === 0) {
    flags.push("off-topic");
    overall = Math.min(overall, 1);
  }
  if (opts.calibration && !unreadable) overall = applyCalibration(opts.calibration, overall, prepared.text);
  const overall5 = Math.round(Math.min(5, Math.max(0, overall)) * 10) / 10;

  const statements = new Map(keyPoints.map((k) => [k.id, "statement" in k && typeof k.statement === "string" ? k.statement : k.aliases[0] ?? k.id]));
  const points = match.keyPoints.map((k) => ({ id: k.id, statement: statements.get(k.id) ?? k.id, status: k.status, evidence: k.evidence }));
  const misconceptionsOf = new Map(keyPoints.map((k) => [k.id, (k.misconceptions ?? []).map((m) => m.statement)]));
  const lang = answerLanguage(prepared.text, questionLang);
  const feedback = writeFeedback({ lang, points: points.map((p) => ({ ...p, misconceptions: misconceptionsOf.get(p.id) ?? [] })), flags });

  // Confident when the learned score and the key point score agree and nothing unusual happened.
  const agreement = 1 - Math.min(1, Math.abs(predictScore(weights, features) - match.score5) / 5);
  const confidence = unreadable ? 0.95 : Math.round(Math.max(0.05, agreement * (derived ? 0.7 : 0.9) * (flags.length > 0 ? 0.7 : 1)) * 100) / 100;

  return {
    engineVersion: ENGINE_VERSION,
    mode: "lexical",
    models: ["keypoint-match", "lexical-overlap", `weights:${opts.weights ? hash8(JSON.stringify(opts.weights)) : WEIGHTS_HASH}`, ...(derived ? ["derived-key-points"] : []), ...(opts.calibration ? [`calibration:${opts.calibration.method}`] : [])],
    overall5,
    overall100: Math.round(overall5 * 20),
    confidence,
    criteria: scoreCriteria({ rubric: question.rubric ?? [], overall5, coverage: match.coverage, contradicted: points.length > 0 ? contradicted / points.length : 0 }),
    keyPoints: points,
    feedback,
    flags,
    features: { ...features },
  };
}
