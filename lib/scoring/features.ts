import type { KeyPointMatchResult } from "./match-key-points";
import { contentTerms, idfOf, type IdfTable, type Term } from "./terms";

/**
 * The signals the learned combination reads. All are lexical and cheap (linear in the answer, plus a
 * reference × answer vocabulary pass for soft matching). Words of the question are "demoted": removed
 * from both sides before overlap, since an answer that restates the question shows nothing.
 */

export const FEATURE_NAMES = [
  "recallIdf",
  "precisionIdf",
  "f1Idf",
  "recallPlain",
  "bigramRecall",
  "softRecall",
  "keyPointCoverage",
  "keyPointCovered",
  "contradicted",
  "logLengthRatio",
  "logLength",
  "questionCopy",
  "softRecallPlain",
  "softRecallFull",
  "softPrecision",
  "logRefLength",
  "softRecallByRef",
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type Features = Record<FeatureName, number>;

const trigrams = (key: string) => {
  const padded = `^${key}$`;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
};
const dice = (a: Set<string>, b: Set<string>) => {
  let both = 0;
  for (const g of a) if (b.has(g)) both++;
  return (2 * both) / (a.size + b.size || 1);
};
/** Near-misses of spelling and morphology ("simulate"/"simulation", "recursive"/"recursion") count in part. */
const SOFT_FLOOR = 0.5;

const weighted = (keys: Iterable<string>, idf: IdfTable | undefined, hit: (k: string) => number) => {
  let num = 0;
  let den = 0;
  for (const k of keys) {
    const w = idfOf(idf, k);
    num += w * hit(k);
    den += w;
  }
  return den > 0 ? num / den : 0;
};
const bigramsOf = (terms: readonly Term[]) => new Set(terms.slice(1).map((t, i) => `${terms[i]!.key} ${t.key}`));

export function computeFeatures(opts: { prompt: string; reference: string; answer: string; keyPoints: KeyPointMatchResult; idf?: IdfTable }): Features {
  const { idf } = opts;
  const asked = new Set(contentTerms(opts.prompt).map((t) => t.key));
  const refTerms = contentTerms(opts.reference);
  const ansTerms = contentTerms(opts.answer);
  const refKeys = new Set(refTerms.map((t) => t.key));
  const ansKeys = new Set(ansTerms.map((t) => t.key));
  // If the reference only repeats the question, demoting would leave nothing to compare.
  const demote = (keys: Set<string>) => {
    const kept = [...keys].filter((k) => !asked.has(k));
    return kept.length > 0 ? kept : [...keys];
  };
  const refD = demote(refKeys);
  const ansD = ansKeys.size > 0 ? demote(ansKeys) : [];

  const recallIdf = weighted(refD, idf, (k) => (ansKeys.has(k) ? 1 : 0));
  const precisionIdf = weighted(ansD, idf, (k) => (refKeys.has(k) ? 1 : 0));
  const f1Idf = recallIdf + precisionIdf > 0 ? (2 * recallIdf * precisionIdf) / (recallIdf + precisionIdf) : 0;
  const recallPlain = refKeys.size > 0 ? [...refKeys].filter((k) => ansKeys.has(k)).length / refKeys.size : 0;
  const refBigrams = bigramsOf(refTerms);
  const ansBigrams = bigramsOf(ansTerms);
  const bigramRecall = refBigrams.size > 0 ? [...refBigrams].filter((b) => ansBigrams.has(b)).length / refBigrams.size : 0;

  // Soft recall over a bounded answer vocabulary: a 100 kB answer must not cost |ref| × |all words|.
  const ansVocab = ansD.slice(0, 2000).map((k) => [k, trigrams(k)] as const);
  const softHit = (vocab: readonly (readonly [string, Set<string>])[], exact: Set<string>) => (k: string) => {
    if (exact.has(k)) return 1;
    const mine = trigrams(k);
    let best = 0;
    for (const [, grams] of vocab) best = Math.max(best, dice(mine, grams));
    return best >= SOFT_FLOOR ? best : 0;
  };
  const hitAnswer = softHit(ansVocab, ansKeys);
  const softRecall = weighted(refD, idf, hitAnswer);
  const softRecallPlain = weighted(refD, undefined, hitAnswer);
  const softRecallFull = weighted(refKeys, idf, hitAnswer);
  const refVocab = [...refKeys].map((k) => [k, trigrams(k)] as const);
  const softPrecision = weighted(ansD.slice(0, 2000), idf, softHit(refVocab, refKeys));

  const points = opts.keyPoints.keyPoints;
  const share = (status: string) => (points.length > 0 ? points.filter((p) => p.status === status).length / points.length : 0);
  const questionCopy = ansKeys.size > 0 ? [...ansKeys].filter((k) => asked.has(k)).length / ansKeys.size : 0;
  return {
    recallIdf,
    precisionIdf,
    f1Idf,
    recallPlain,
    bigramRecall,
    softRecall,
    keyPointCoverage: opts.keyPoints.coverage,
    keyPointCovered: share("covered"),
    contradicted: share("contradicted"),
    logLengthRatio: Math.log((ansTerms.length + 1) / (refTerms.length + 1)),
    logLength: Math.log1p(ansTerms.length),
    questionCopy,
    softRecallPlain,
    softRecallFull,
    softPrecision,
    logRefLength: Math.log1p(refTerms.length),
    softRecallByRef: softRecall * Math.log1p(refTerms.length),
  };
}

export function featureVector(f: Features): number[] {
  return FEATURE_NAMES.map((n) => f[n]);
}
