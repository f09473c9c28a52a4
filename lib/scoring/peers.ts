import { contentTerms, idfOf, type IdfTable } from "./terms";

/**
 * Peer consensus: other, unlabeled answers to the same question. Most candidates get most of a
 * question right, so an answer that says what the answers closest to the reference say is probably
 * right too (pseudo-relevance feedback). Label-free: peers' grades are never read, only their text.
 */

export const PEER_FEATURE_NAMES = ["peerCentroid", "peerRelevant", "peerExpandedRef", "peerRankSoftRecall"] as const;
export type PeerFeatures = Record<(typeof PEER_FEATURE_NAMES)[number], number>;

export type Vector = Map<string, number>;

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

const dot = cosine;

/** How sharply peers close to the reference dominate the pseudo-relevant centroid. */
const RELEVANCE_POWER = 2;
/** The reference counts as much as the pseudo-relevant peers together (Rocchio with beta = 1). */
const EXPANSION_BETA = 1;

function add(into: Vector, v: Vector, w: number) {
  if (w !== 0) for (const [k, x] of v) into.set(k, (into.get(k) ?? 0) + w * x);
}

/**
 * Peer features of every answer of a group, each answer's peers being the group's other answers (an
 * answer is always close to a centroid it is part of, so it is left out of its own). Linear in the
 * group: the leave-one-out centroids are the group sums minus the answer's own term, in closed form.
 */
export function computePeerFeatures(opts: { reference: Vector; vectors: readonly Vector[]; softRecalls: readonly number[] }): PeerFeatures[] {
  const { reference: ref, vectors } = opts;
  const n = vectors.length;
  const sum: Vector = new Map();
  const rel: Vector = new Map();
  const relWeight = vectors.map((v) => Math.max(0, dot(v, ref)) ** RELEVANCE_POWER);
  vectors.forEach((v, i) => {
    add(sum, v, 1);
    add(rel, v, relWeight[i]!);
  });
  const sumSq = dot(sum, sum);
  const relSq = dot(rel, rel);
  const refRel = dot(ref, rel);
  return vectors.map((v, i) => {
    const self = dot(v, v); // 1, or 0 for an answer without content terms
    const w = relWeight[i]!;
    const vDotSum = dot(v, sum);
    const vDotRel = dot(v, rel);
    const vSum = vDotSum - self;
    const sumNorm = Math.sqrt(Math.max(0, sumSq - 2 * vDotSum + self));
    const vRel = vDotRel - w * self;
    const relNorm = Math.sqrt(Math.max(0, relSq - 2 * w * vDotRel + w * w * self));
    const vRef = dot(v, ref);
    // Expanded reference: ref + beta * (leave-one-out relevant centroid), normalised.
    const refRelI = relNorm > 0 ? (refRel - w * vRef) / relNorm : 0;
    const vRelI = relNorm > 0 ? vRel / relNorm : 0;
    const expNorm = Math.sqrt(1 + (relNorm > 0 ? EXPANSION_BETA ** 2 + 2 * EXPANSION_BETA * refRelI : 0));
    const mine = opts.softRecalls[i] ?? 0;
    const others = opts.softRecalls.filter((_, j) => j !== i);
    const below = others.filter((r) => r < mine).length + 0.5 * others.filter((r) => r === mine).length;
    return {
      peerCentroid: n > 1 && sumNorm > 0 ? vSum / sumNorm : 0,
      peerRelevant: vRelI,
      peerExpandedRef: (vRef + EXPANSION_BETA * vRelI) / expNorm,
      peerRankSoftRecall: others.length > 0 ? below / others.length : 0.5,
    };
  });
}
