import type { ScoringQuestion } from "./engine";
import type { Features } from "./features";
import type { ScoringWeights } from "./model";
import { computeGroupFeatures, MIN_PEERS, type GroupFeatures } from "./peer-signals";
import { charGramVector, questionGrams } from "./char-grams";
import { cosine, termVector, type Vector } from "./peers";
import { extractSignals, keyPointsFor } from "./signals";

/**
 * The engine's side of peer consensus: signals of the peer answers (memoised, since a question's peers
 * are scored again with every new answer) and the group features of the answer among them.
 */

/**
 * The most recent peers only: enough for a stable consensus (the training groups, one question's
 * answers in the Mohler set, hold about 30), and scoring stays cheap: the group features cost about
 * 1 ms per peer, so 60 peers made a scoring job three times slower than 30.
 */
export const MAX_PEERS = 30;
const MAX_CACHED = 4000;
const cache = new Map<string, { base: Features; vector: Vector; charVector: Vector }>();
const referenceVectors = new Map<string, { vector: Vector; charVector: Vector }>();
/** Weights objects get a serial number: hashing a whole IDF table per call would cost more than the cache saves. */
const weightIds = new WeakMap<ScoringWeights, number>();
let nextWeightId = 0;
const idOf = (w: ScoringWeights) => {
  if (!weightIds.has(w)) weightIds.set(w, nextWeightId++);
  return weightIds.get(w)!;
};

/** Pure in effect: the memo maps (weights, question, answer) to values that depend on nothing else. */
function signalsOf(key: string, compute: () => { base: Features; vector: Vector; charVector: Vector }) {
  let hit = cache.get(key);
  if (!hit) {
    hit = compute();
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  }
  return hit;
}

export type PeerGroup = { features: GroupFeatures; peers: GroupFeatures[]; similarity: number[] };

/** The answer's group features, its peers' (for smoothing), and its TF-IDF cosine to each peer. */
export function peerGroupFeatures(opts: { question: ScoringQuestion; answer: string; peers: readonly string[]; weights: ScoringWeights }): PeerGroup | undefined {
  const peers = opts.peers.filter((p) => p.trim().length > 0).slice(-MAX_PEERS);
  if (peers.length < MIN_PEERS) return undefined;
  const { idf } = opts.weights;
  const question = { prompt: opts.question.prompt, referenceAnswer: opts.question.referenceAnswer, keyPoints: opts.question.keyPoints };
  const { keyPoints } = keyPointsFor({ question, idf });
  const prefix = `${idOf(opts.weights)}\u0000${opts.question.prompt}\u0000${opts.question.referenceAnswer}\u0000${JSON.stringify(opts.question.keyPoints ?? [])}\u0000`;
  const demote = questionGrams(opts.question.prompt);
  const compute = (answer: string) => () => ({ base: extractSignals({ question, keyPoints, answer, idf }).features, vector: termVector(answer, idf), charVector: charGramVector(answer, demote) });
  const answers = [...peers, opts.answer];
  const signals = answers.map((a) => (a.length <= 5000 ? signalsOf(prefix + a, compute(a)) : compute(a)()));
  const vectors = new Map(answers.map((a, i) => [a, signals[i]!.vector]));
  const charVectors = new Map(answers.map((a, i) => [a, signals[i]!.charVector]));
  // The reference's vectors are the same for every answer to the question: memoised like a peer's.
  const ref = referenceVectors.get(prefix) ?? { vector: termVector(opts.question.referenceAnswer, idf), charVector: charGramVector(opts.question.referenceAnswer, demote) };
  if (!referenceVectors.has(prefix)) {
    if (referenceVectors.size >= 200) referenceVectors.delete(referenceVectors.keys().next().value!);
    referenceVectors.set(prefix, ref);
  }
  if (!vectors.has(opts.question.referenceAnswer)) vectors.set(opts.question.referenceAnswer, ref.vector);
  if (!charVectors.has(opts.question.referenceAnswer)) charVectors.set(opts.question.referenceAnswer, ref.charVector);
  const last = answers.length - 1;
  const group = computeGroupFeatures({
    prompt: opts.question.prompt,
    reference: opts.question.referenceAnswer,
    answers,
    base: signals.map((s) => s.base),
    idf,
    vectorOf: (text) => vectors.get(text) ?? termVector(text, idf),
    charVectorOf: (text) => charVectors.get(text) ?? charGramVector(text, demote),
  });
  const mine = signals[last]!.vector;
  return {
    features: group.get(last)!,
    peers: peers.map((_, i) => group.get(i)!),
    similarity: peers.map((_, i) => cosine(mine, signals[i]!.vector)),
  };
}
