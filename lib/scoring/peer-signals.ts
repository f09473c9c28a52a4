import { charGramVector, questionGrams } from "./char-grams";
import type { Features } from "./features";
import { computePeerFeatures, cosine, termVector, type Vector } from "./peers";
import type { IdfTable } from "./terms";

/**
 * Features of answers read as a group: the peer consensus features of peers.ts plus each base feature
 * as a z-score within the group (label-free per-question normalisation: "covers more of the reference
 * than the other candidates did" transfers across questions better than a raw overlap ratio, whose
 * scale depends on how long and how paraphrasable the reference is). Shared by the engine (group =
 * peers + the answer) and training (group = all answers of a question), so both see the same numbers.
 */

/** Base features that also get a within-group z-score. */
export const Z_FEATURES = ["softRecall", "softRecallFull", "softPrecision", "keyPointCoverage", "refCos", "peerRelevant", "peerExpandedRef", "peerCentroid", "logLength", "charRef", "charRelevant"] as const;
/** Fewer peers than this and the group statistics are noise: the engine falls back to the peerless model. */
export const MIN_PEERS = 4;

export type GroupFeatures = Features & Record<string, number>;

const demotedCharVectors = (prompt: string) => {
  const demote = questionGrams(prompt);
  return (text: string) => charGramVector(text, demote);
};

/**
 * Features for `answers[i]` for every i in `only` (default: all), with the other answers as its peers.
 * Two spaces: TF-IDF word vectors (peers.ts) and character n-grams with the prompt's n-grams demoted
 * (char-grams.ts): `charRef` (cosine to the reference) and `charRelevant` (to the peers that are close
 * to the reference, pseudo-relevance feedback as in peers.ts). `charVectorOf` lets a caller memoise.
 */
export function computeGroupFeatures(opts: {
  prompt: string;
  reference: string;
  answers: readonly string[];
  base: readonly Features[];
  idf: IdfTable | undefined;
  only?: readonly number[];
  vectorOf?: (text: string) => Vector;
  charVectorOf?: (text: string) => Vector;
}): Map<number, GroupFeatures> {
  const vectorOf = opts.vectorOf ?? ((text: string) => termVector(text, opts.idf));
  const charVectorOf = opts.charVectorOf ?? demotedCharVectors(opts.prompt);
  const ref = vectorOf(opts.reference);
  const vectors = opts.answers.map(vectorOf);
  const softRecalls = opts.base.map((f) => f.softRecall);
  const peer = computePeerFeatures({ reference: ref, vectors, softRecalls });
  const charRef = charVectorOf(opts.reference);
  const charVectors = opts.answers.map(charVectorOf);
  const charPeer = computePeerFeatures({ reference: charRef, vectors: charVectors, softRecalls });
  const raw = opts.answers.map(
    (_, i) => ({ ...opts.base[i]!, ...peer[i]!, refCos: cosine(vectors[i]!, ref), charRef: cosine(charVectors[i]!, charRef), charRelevant: charPeer[i]!.peerRelevant }) as GroupFeatures,
  );
  const stats = new Map(
    Z_FEATURES.map((name) => {
      const xs = raw.map((f) => f[name] ?? 0);
      const mean = xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
      const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, xs.length));
      return [name, { mean, sd: sd > 1e-9 ? sd : 1 }] as const;
    }),
  );
  const out = new Map<number, GroupFeatures>();
  for (const i of opts.only ?? raw.map((_, k) => k)) {
    const f = { ...raw[i]! };
    for (const [name, s] of stats) f[`z_${name}`] = ((f[name] ?? 0) - s.mean) / s.sd;
    out.set(i, f);
  }
  return out;
}

/**
 * Label-free smoothing over the peers' own predictions: similar answers deserve similar scores, so the
 * answer's score moves 30 % towards the cosine-weighted mean of its peers' predicted scores (chosen on
 * held-out questions: 0.6 / 0.7 / 0.8 / 0.9 own share → Spearman 0.648 / 0.650 / 0.651 / 0.650).
 */
export const OWN_SHARE = 0.7;
export function smoothWithPeers(opts: { own: number; peers: readonly number[]; similarity: readonly number[] }): number {
  let num = 0;
  let den = 0;
  opts.peers.forEach((p, i) => {
    const w = Math.max(0, opts.similarity[i] ?? 0);
    num += w * p;
    den += w;
  });
  return den > 0 ? OWN_SHARE * opts.own + (1 - OWN_SHARE) * (num / den) : opts.own;
}
