import { deriveKeyPoints } from "./derive-key-points";
import { computeFeatures, type Features } from "./features";
import { matchKeyPoints, type KeyPointMatchResult, type MatchableKeyPoint } from "./match-key-points";
import type { IdfTable } from "./terms";

/**
 * The shared path from (question, answer text) to signals, used by the engine and by the training
 * script alike, so the model is trained on exactly the features it is later applied to.
 */

export type SignalQuestion = { prompt: string; referenceAnswer: string; keyPoints?: readonly MatchableKeyPoint[] | undefined };
export type KeyPointWithStatement = MatchableKeyPoint & { statement: string };

export function keyPointsFor(opts: { question: SignalQuestion; idf?: IdfTable }): { keyPoints: readonly MatchableKeyPoint[]; derived: boolean } {
  const authored = opts.question.keyPoints;
  if (authored && authored.length > 0) return { keyPoints: authored, derived: false };
  return { keyPoints: deriveKeyPoints({ referenceAnswer: opts.question.referenceAnswer, prompt: opts.question.prompt, idf: opts.idf }), derived: true };
}

export function extractSignals(opts: { question: SignalQuestion; keyPoints: readonly MatchableKeyPoint[]; answer: string; idf?: IdfTable }): { match: KeyPointMatchResult; features: Features } {
  const match = matchKeyPoints({ keyPoints: opts.keyPoints, answer: opts.answer });
  const features = computeFeatures({ prompt: opts.question.prompt, reference: opts.question.referenceAnswer, answer: opts.answer, keyPoints: match, idf: opts.idf });
  return { match, features };
}
