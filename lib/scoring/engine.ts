import { applyCalibration, fitCalibration, type Calibration } from "./calibration";
import { scoreCriteria, type RubricCriterion } from "./criteria";
import { writeFeedback, type Feedback } from "./feedback";
import { admitsNotKnowing, answerLanguage, dominantScript, prepareAnswer } from "./input-checks";
import { statusEvidence, type MatchableKeyPoint } from "./match-key-points";
import { predictScore, ZScoringWeights, type ScoringWeights } from "./model";
import { measureNeuralSimilarity, NEURAL_SHARE, type NeuralSignal } from "./neural";
import { applyLooseMisconceptions } from "./loose-misconceptions";
import { peerGroupFeatures } from "./peer-features-of";
import { smoothWithPeers } from "./peer-signals";
import { extractSignals, keyPointsFor } from "./signals";
import peerWeightsFile from "./weights-peers.json";
import weightsFile from "./weights.json";

/**
 * The scoring engine: question + answer → overall score, key point statuses with evidence, criteria,
 * feedback and flags. Pure and deterministic (no clock, no randomness, no I/O), so a stored score can be
 * reproduced from its engine version. Signals in features.ts, the learned combination in model.ts.
 */

const shippedWeights = ZScoringWeights.parse(weightsFile);
/** The model for answers scored with unlabeled peer answers of the same question (peer-signals.ts). */
const shippedPeerWeights = ZScoringWeights.parse(peerWeightsFile);

/** FNV-1a of the weights file: the weights are part of the version, since they change every score. */
function hash8(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}
const WEIGHTS_HASH = hash8(JSON.stringify(shippedWeights));
const PEER_WEIGHTS_HASH = hash8(JSON.stringify(shippedPeerWeights));
/** 1.3.0: key points matched across word forms (Porter), word order and Chinese particles; a contradicted point's evidence is the wrong claim.
 * The own-words caution (flag, `feedback.cautions`, lower confidence) came without a new version: no score
 * changed, and a new version would set aside every stored calibration.
 * 1.4.0: aliases and cues also match code-switched ("Multi-head 注意力", "scaling 可有可无"; glossary.ts), and a
 * cue inside an alias of its own point is part of that alias, not a wrong claim. Mixed-language answers score
 * differently, so stored scores and calibrations are redone under the new version. */
export const ENGINE_VERSION = `mockroom-engine/1.4.0+weights-${hash8(WEIGHTS_HASH + PEER_WEIGHTS_HASH)}`;

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
  feedback: Feedback;
  flags: string[];
  features: Record<string, number>;
};

/** TF-IDF cosine to the peers' centroid below which an answer shares nothing with the other candidates either. */
const OFF_TOPIC_PEER_SIMILARITY = 0.05;

/** Derived key points only: references this long, recalled under LOW_RECALL (IDF-weighted), cap the score. */
const LONG_REFERENCE_TERMS = 30;
const LOW_RECALL = 0.05;
const LOW_COVERAGE_CEILING = 1.5;

/**
 * Authored key points only: an answer of at least this many terms, on the question's topic (IDF recall of
 * the reference at least OWN_WORDS_MIN_RECALL), that states under OWN_WORDS_MAX_COVERAGE of the weighted
 * key points in words the checklist knows is flagged "own-words". Its score stands; the flag tells the
 * interviewer to read it (see the rule in scoreAnswerSync).
 */
const OWN_WORDS_MIN_TERMS = 60;
const OWN_WORDS_MAX_COVERAGE = 0.35;
const OWN_WORDS_MIN_RECALL = 0.05;

/** The most an answer stating an authored misconception can score (the issue: wrong answers reusing the right words <= 2). */
const MISCONCEPTION_CEILING = 2;

/** Authored key points decide half of the score: an author's list is a better judge than word overlap. */
const AUTHORED_SHARE = 0.5;

/**
 * `peerAnswers`: earlier, unlabeled answers to the same question (never their grades). With at least
 * MIN_PEERS of them, the peer consensus model scores the answer: most candidates get most of a question
 * right, so agreeing with the answers that agree with the reference is evidence (see TRAINING.md).
 */
export async function scoreAnswer(opts: { question: ScoringQuestion; answer: string; embedder?: Embedder; calibration?: Calibration; peerAnswers?: readonly string[] }): Promise<ScoreResult> {
  const { embedder, ...rest } = opts;
  if (!embedder) return scoreAnswerSync(rest);
  const prepared = prepareAnswer(opts.answer);
  if (prepared.text.trim().length === 0) return scoreAnswerSync(rest);
  const { keyPoints } = keyPointsFor({ question: opts.question, idf: shippedWeights.idf });
  const statements = keyPoints.map((k) => ("statement" in k && typeof k.statement === "string" ? k.statement : (k.aliases[0] ?? k.id)));
  try {
    const neural = await measureNeuralSimilarity({ embedder, answer: prepared.text, reference: opts.question.referenceAnswer, keyPointStatements: statements });
    return scoreAnswerSync({ ...rest, neural });
  } catch {
    // A failing model must not cost the candidate a score: the lexical one, saying why it ran.
    const lexical = scoreAnswerSync(rest);
    return { ...lexical, flags: [...lexical.flags, "embedder-failed"] };
  }
}

/** `weights` replaces the shipped weights, for validation with per-fold retrained models only. */
export function scoreAnswerSync(opts: {
  question: ScoringQuestion;
  answer: string;
  calibration?: Calibration;
  weights?: ScoringWeights;
  peerAnswers?: readonly string[];
  peerWeights?: ScoringWeights;
  /** Filled by scoreAnswer when an embedder is given: blended in before the rules and calibration. */
  neural?: NeuralSignal;
}): ScoreResult {
  const { question } = opts;
  const peerWeights = opts.peerWeights ?? shippedPeerWeights;
  const group = opts.peerAnswers ? peerGroupFeatures({ question, answer: opts.answer, peers: opts.peerAnswers, weights: peerWeights }) : undefined;
  const weights = group ? peerWeights : (opts.weights ?? shippedWeights);
  const prepared = prepareAnswer(opts.answer);
  const flags = [...prepared.flags];
  const { keyPoints, derived } = keyPointsFor({ question, idf: weights.idf });
  const signals = extractSignals({ question, keyPoints, answer: prepared.text, idf: weights.idf });
  const { features } = signals;
  // After the model's features: the loose pass changes the verdict on claims, not the overlap signals.
  const match = applyLooseMisconceptions({ match: signals.match, keyPoints, answer: prepared.text });
  // A short "不知道，只听过名字" that matches no key point says nothing about the question: a non-answer.
  // Naming the topic the question names ("不会，RAG 没做过") is no knowledge of it either.
  const prompt = question.prompt.toLowerCase();
  const saysNothing = (k: (typeof match.keyPoints)[number]) => k.status === "missing" || (k.status === "partly" && k.evidence.every((e) => prompt.includes(e.text.toLowerCase())));
  if (!flags.includes("no-answer") && admitsNotKnowing(prepared.text) && match.keyPoints.every(saysNothing)) flags.push("no-answer");
  const unreadable = flags.some((f) => f === "empty" || f === "binary" || f === "no-words" || f === "no-answer");

  const modelFeatures = group?.features ?? features;
  const learned = group
    ? smoothWithPeers({ own: predictScore(weights, group.features), peers: group.peers.map((f) => predictScore(weights, f)), similarity: group.similarity })
    : predictScore(weights, features);
  let overall = unreadable ? 0 : learned;
  if (!derived && !unreadable) overall = (1 - AUTHORED_SHARE) * overall + AUTHORED_SHARE * match.score5;
  // Fixed, not learned (see neural.ts): the contradiction and off-topic rules below still bind it.
  if (opts.neural && !unreadable) overall = (1 - NEURAL_SHARE) * overall + NEURAL_SHARE * opts.neural.score5;
  // A wrong claim about a point outweighs using its words: no credit beyond what the other points earn.
  const contradicted = match.keyPoints.filter((k) => k.status === "contradicted").length;
  if (contradicted > 0) overall = Math.min(overall, match.score5 + 0.5);
  // Stating a misconception the author listed is a wrong answer to that point, however many right words
  // surround it: at best "partly right". Derived key points have no authored misconceptions, only negations.
  if (contradicted > 0 && !derived) overall = Math.min(overall, MISCONCEPTION_CEILING);

  const questionLang = question.lang ?? (dominantScript(`${question.prompt} ${question.referenceAnswer}`) === "han" ? "zh" : "en");
  const script = dominantScript(prepared.text);
  // Chinese and English are both read (aliases cover both); another script is not.
  if (!unreadable && script === "other") flags.push("off-language");
  // Nothing in common with the question or the reference, not even a near-miss of a word.
  // With peers, short answers in the candidates' own words ("O(n)", "both") share nothing with a
  // one-line reference yet are often right; off-topic then also means unlike the other candidates.
  const unlikePeers = !group || (group.features.peerCentroid ?? 0) < OFF_TOPIC_PEER_SIMILARITY;
  if (!unreadable && unlikePeers && features.softRecall === 0 && features.softPrecision === 0 && features.questionCopy === 0) {
    flags.push("off-topic");
    overall = Math.min(overall, 1);
  }
  // Without authored key points, a long reference (an interview answer, not a one-line key) that the
  // answer barely recalls, in the same language, means it addressed little of the question: a learned
  // model trained on short references would otherwise lift it to the middle of the scale.
  const refTerms = Math.expm1(features.logRefLength);
  const sameScript = script === dominantScript(question.referenceAnswer);
  if (derived && !unreadable && !flags.includes("off-topic") && refTerms >= LONG_REFERENCE_TERMS && sameScript && features.softRecall < LOW_RECALL) {
    flags.push("low-coverage");
    overall = Math.min(overall, LOW_COVERAGE_CEILING);
  }
  // The checklist knows a point by its words and aliases, so a long, on-topic answer that explains the
  // points in plain words of its own ("a question, a label and a content per word" for Q, K and V) finds
  // few of them. Its score is left as it is (length and topic words must not earn credit), but it is
  // flagged, with lower confidence, so that the interviewer reads the answer before trusting the number.
  const answerTerms = Math.expm1(features.logLength ?? 0);
  if (!derived && flags.length === 0 && contradicted === 0 && answerTerms >= OWN_WORDS_MIN_TERMS && match.coverage < OWN_WORDS_MAX_COVERAGE && features.softRecall >= OWN_WORDS_MIN_RECALL) {
    flags.push("own-words");
  }
  if (opts.calibration && !unreadable) overall = applyCalibration(opts.calibration, overall, prepared.text);
  const overall5 = Math.round(Math.min(5, Math.max(0, overall)) * 10) / 10;

  const statements = new Map(keyPoints.map((k) => [k.id, "statement" in k && typeof k.statement === "string" ? k.statement : k.aliases[0] ?? k.id]));
  const points = match.keyPoints.map((k) => ({ id: k.id, statement: statements.get(k.id) ?? k.id, status: k.status, evidence: statusEvidence(k, prepared.text) }));
  const misconceptionsOf = new Map(keyPoints.map((k) => [k.id, (k.misconceptions ?? []).map((m) => m.statement)]));
  const lang = answerLanguage(prepared.text, questionLang);
  const feedback = writeFeedback({ lang, points: points.map((p) => ({ ...p, misconceptions: misconceptionsOf.get(p.id) ?? [] })), flags });

  // Confident when the learned score and the key point score agree and nothing unusual happened.
  const agreement = 1 - Math.min(1, Math.abs(learned - match.score5) / 5);
  const confidence = unreadable ? 0.95 : Math.round(Math.max(0.05, agreement * (derived ? 0.7 : 0.9) * (flags.length > 0 ? 0.7 : 1)) * 100) / 100;

  return {
    engineVersion: ENGINE_VERSION,
    mode: opts.neural ? "neural" : "lexical",
    models: [
      "keypoint-match",
      "lexical-overlap",
      group ? `peer-weights:${opts.peerWeights ? hash8(JSON.stringify(opts.peerWeights)) : PEER_WEIGHTS_HASH}` : `weights:${opts.weights ? hash8(JSON.stringify(opts.weights)) : WEIGHTS_HASH}`,
      ...(group ? ["peer-consensus"] : []),
      ...(opts.neural ? [`embedder:${opts.neural.embedderId}`] : []), ...(derived ? ["derived-key-points"] : []), ...(opts.calibration ? [`calibration:${opts.calibration.method}`] : [])],
    overall5,
    overall100: Math.round(overall5 * 20),
    confidence,
    criteria: scoreCriteria({ rubric: question.rubric ?? [], overall5, coverage: match.coverage, contradicted: points.length > 0 ? contradicted / points.length : 0 }),
    keyPoints: points,
    feedback,
    flags,
    features: { ...modelFeatures, ...(opts.neural ? { neuralAnswerReference: opts.neural.answerReference, neuralKeyPoints: opts.neural.keyPoints } : {}) },
  };
}
