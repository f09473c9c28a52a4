import type { Embedder } from "./engine";

/**
 * Neural similarity from an injected embedder. No real multilingual model can be fetched where the
 * weights are trained, so the blend is fixed, documented and conservative rather than learned: the
 * lexical score keeps 80 %, the embedder moves it by at most a fifth of the scale.
 */

export const NEURAL_SHARE = 0.2;
/** Sentence-embedding cosines of unrelated text sit around 0.1-0.3 and of paraphrases above 0.8. */
const COS_FLOOR = 0.25;
const COS_CEIL = 0.85;

export type NeuralSignal = { embedderId: string; answerReference: number; keyPoints: number; score5: number };

const cos = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i]! * (b[i] ?? 0);
    na += a[i]! * a[i]!;
    nb += (b[i] ?? 0) ** 2;
  }
  return na > 0 && nb > 0 ? s / Math.sqrt(na * nb) : 0;
};
const sentencesOf = (text: string) =>
  text
    .split(/(?<=[.!?。！？；;\n])\s*/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function meanVector(vectors: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(vectors[0]?.length ?? 0);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i]! += (v[i] ?? 0) / vectors.length;
  return out;
}

/** Maps a cosine to 0-5 linearly between the floor and the ceiling. */
export const cosineToScore5 = (c: number) => 5 * Math.min(1, Math.max(0, (c - COS_FLOOR) / (COS_CEIL - COS_FLOOR)));

/** Question-side texts (reference, key point statements) are embedded once per embedder, not per answer. */
const MAX_CACHED = 2000;
const questionVectors = new Map<string, Float32Array>();
async function embedCached(embedder: Embedder, texts: readonly string[]): Promise<Float32Array[]> {
  const key = (t: string) => `${embedder.id}\u0000${t}`;
  const missing = [...new Set(texts.filter((t) => !questionVectors.has(key(t))))];
  if (missing.length > 0) {
    const vectors = await embedder.embed(missing);
    missing.forEach((t, i) => {
      if (questionVectors.size >= MAX_CACHED) questionVectors.delete(questionVectors.keys().next().value!);
      const v = vectors[i];
      if (v) questionVectors.set(key(t), v);
    });
  }
  return texts.map((t) => questionVectors.get(key(t)) ?? new Float32Array(0));
}

/** Sentences embedded per answer: the embedder's cost is per text, and the first sentences carry most claims. */
const MAX_SENTENCES = 6;

/**
 * Cosine of answer and reference, and the mean over key point statements of the best-matching answer
 * sentence (the whole answer counts as one of its sentences). One embedder call per answer, on its
 * first sentences; the answer is cut to 4000 characters.
 */
export async function measureNeuralSimilarity(opts: { embedder: Embedder; answer: string; reference: string; keyPointStatements: readonly string[] }): Promise<NeuralSignal> {
  const answer = opts.answer.slice(0, 4000);
  // Sentences only, in one batch: padding a batch to the whole answer's length would cost each sentence as
  // much as the answer. The answer's vector is the mean of its sentences' (the usual mean pooling, a level up).
  const all = sentencesOf(answer);
  const sentences = all.length > 0 ? all.slice(0, MAX_SENTENCES) : [answer];
  const sentVectors = await opts.embedder.embed(sentences);
  const a = meanVector(sentVectors);
  const [r, ...kpVectors] = await embedCached(opts.embedder, [opts.reference, ...opts.keyPointStatements]);
  const answerReference = r ? cos(a, r) : 0;
  const candidates = [a, ...sentVectors];
  const best = kpVectors.map((k) => Math.max(0, ...candidates.map((s) => cos(k, s))));
  const keyPoints = best.length > 0 ? best.reduce((s, x) => s + x, 0) / best.length : answerReference;
  const score5 = (cosineToScore5(answerReference) + cosineToScore5(keyPoints)) / 2;
  return { embedderId: opts.embedder.id, answerReference, keyPoints, score5 };
}
