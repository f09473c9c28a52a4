import { contentTerms, idfOf, type IdfTable } from "./terms";

/**
 * Peer consensus: other, unlabeled answers to the same question. Most candidates get most of a
 * question right, so an answer that says what the answers closest to the reference say is probably
 * right too (pseudo-relevance feedback). Label-free: peers' grades are never read, only their text.
 */

export const PEER_FEATURE_NAMES = ["peerCentroid", "peerRelevant", "peerExpandedRef", "peerRankSoftRecall"] as const;
export type PeerFeatures = Record<(typeof PEER_FEATURE_NAMES)[number], number>;

type Vector = Map<string, number>;

/** Unit TF-IDF vector of the content terms (sublinear tf). Bounded: a 100 kB answer reads its first 4000 terms. */
export function termVector(text: string, idf: IdfTable | undefined): Vector {
  const tf = new Map<string, number>();
  for (const t of contentTerms(text).slice(0, 4000)) tf.set(t.key, (tf.get(t.key) ?? 0) + 1);
  const v: Vector = new Map();
  let norm = 0;
  for (const [k, n] of tf) {
    const w = (1 + Math.log(n)) * idfOf(idf, k);
    v.set(k, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [k, w] of v) v.set(k, w / norm);
  return v;
}

export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, w] of small) s += w * (large.get(k) ?? 0);
  return s;
}

function weightedSum(vectors: readonly Vector[], weights: readonly number[]): Vector {
  const out: Vector = new Map();
  vectors.forEach((v, i) => {
    const w = weights[i] ?? 0;
    if (w > 0) for (const [k, x] of v) out.set(k, (out.get(k) ?? 0) + w * x);
  });
  let norm = 0;
  for (const x of out.values()) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [k, x] of out) out.set(k, x / norm);
  return out;
}

/** Pre-computed once per question, so scoring n answers against n peers is not n² tokenizations. */
export type PeerContext = { vectors: Vector[]; centroid: Vector; relevant: Vector; expanded: Vector; softRecalls: number[] };

/** How sharply peers close to the reference dominate the pseudo-relevant centroid. */
const RELEVANCE_POWER = 2;
/** The reference counts as much as the pseudo-relevant peers together (Rocchio with beta = 1). */
const EXPANSION_BETA = 1;

export function buildPeerContext(opts: { reference: string; peers: readonly string[]; idf: IdfTable | undefined; peerSoftRecalls?: readonly number[] }): PeerContext {
  const ref = termVector(opts.reference, opts.idf);
  const vectors = opts.peers.map((p) => termVector(p, opts.idf));
  const centroid = weightedSum(vectors, vectors.map(() => 1));
  const relevant = weightedSum(vectors, vectors.map((v) => Math.max(0, cosine(v, ref)) ** RELEVANCE_POWER));
  const expanded = weightedSum([ref, relevant], [1, EXPANSION_BETA]);
  return { vectors, centroid, relevant, expanded, softRecalls: [...(opts.peerSoftRecalls ?? [])] };
}

/** Peer features of one answer; `self` is the answer's own index in the peers, which is left out. */
export function computePeerFeatures(opts: { context: PeerContext; answer: string; idf: IdfTable | undefined; softRecall: number; self?: number }): PeerFeatures {
  const { context } = opts;
  const v = termVector(opts.answer, opts.idf);
  // Leaving itself out matters: an answer is always close to a centroid it is part of.
  const others = context.vectors.filter((_, i) => i !== opts.self);
  const centroid = opts.self === undefined ? context.centroid : weightedSum(others, others.map(() => 1));
  const recalls = context.softRecalls.filter((_, i) => i !== opts.self);
  const below = recalls.filter((r) => r < opts.softRecall).length + 0.5 * recalls.filter((r) => r === opts.softRecall).length;
  return {
    peerCentroid: others.length > 0 ? cosine(v, centroid) : 0,
    peerRelevant: others.length > 0 ? cosine(v, context.relevant) : 0,
    peerExpandedRef: cosine(v, context.expanded),
    peerRankSoftRecall: recalls.length > 0 ? below / recalls.length : 0.5,
  };
}
