import { tagOverlap } from "./criteria";

/** A published question as the picker sees it (its latest version's difficulty and tags). */
export type BankQuestion = { id: string; lang: string; difficulty: string; tags: readonly string[] };

/** FNV-1a: a stable, cheap hash so ties are broken the same way for the same seed. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Up to `count` questions for a pair that asked for `lang`, `level` and `tags`: the session's
 * language first, then the most overlapping topics, then the level. Equally good questions are
 * ordered by a hash of the seed, so two pairs with the same wishes do not always get the same
 * question, yet a given pair always gets the same answer. Questions in `exclude` (the other half
 * of a peer session) are used only when nothing else is left.
 */
export function pickQuestions({
  bank,
  lang,
  level,
  tags,
  count,
  exclude = [],
  seed,
}: {
  bank: readonly BankQuestion[];
  lang: string;
  level: string;
  tags: readonly string[];
  count: number;
  exclude?: readonly string[];
  seed: string;
}): BankQuestion[] {
  const fresh = bank.filter((q) => !exclude.includes(q.id));
  const pool = fresh.length ? fresh : [...bank];
  const score = (q: BankQuestion) => (q.lang === lang ? 1000 : 0) + tagOverlap(q.tags, tags) * 10 + (q.difficulty === level ? 5 : 0);
  return pool
    .map((q) => ({ q, s: score(q), h: hash(`${seed}:${q.id}`) }))
    .sort((a, b) => b.s - a.s || a.h - b.h || (a.q.id < b.q.id ? -1 : 1))
    .slice(0, Math.max(0, count))
    .map((x) => x.q);
}
