import type { Vector } from "./peers";

/**
 * Character n-gram vectors (3-5 characters, across word boundaries): similarity that survives
 * misspellings, inflections and compounds ("recursive"/"recursion", "datamember"), and works the same
 * on Chinese, where 3-5 characters are a phrase. The question's own n-grams are demoted (left out on
 * both sides): an answer that restates the question shares them with the reference and every peer.
 * No IDF, so nothing has to be learned or shipped for a new question or language.
 */

const SIZES = [3, 4, 5] as const;
/** Bounded like the term vectors: a 100 kB answer reads its first 4000 characters. */
const MAX_CHARS = 4000;

function normalizedForGrams(text: string): string {
  const bare = text.slice(0, MAX_CHARS).normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return bare.length > 0 ? ` ${bare} ` : "";
}

function gramCounts(text: string): Map<string, number> {
  const s = normalizedForGrams(text);
  const counts = new Map<string, number>();
  for (const n of SIZES) for (let i = 0; i + n <= s.length; i++) {
    const g = s.slice(i, i + n);
    if (g.trim().length > 0) counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

/** The n-grams of a question prompt, to demote in every vector of that question. */
export function questionGrams(prompt: string): ReadonlySet<string> {
  return new Set(gramCounts(prompt).keys());
}

/** Unit vector of sublinear n-gram counts, the demoted n-grams left out. */
export function charGramVector(text: string, demote: ReadonlySet<string>): Vector {
  const v: Vector = new Map();
  let norm = 0;
  for (const [g, n] of gramCounts(text)) {
    if (demote.has(g)) continue;
    const w = 1 + Math.log(n);
    v.set(g, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [g, w] of v) v.set(g, w / norm);
  return v;
}
