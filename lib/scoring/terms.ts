import { tokenize, type Token } from "./normalize";

/**
 * Content terms: the tokens of `tokenize` minus function words, in both languages. Every lexical
 * signal and the derived key points work on these, so "the", "是" and "的" never count as overlap.
 */

const EN_STOP = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by can
  could did do does doing down during each etc few for from further had has have having he her here hers him his how i if in into is it
  its itself just let may me might more most must my no nor not of off on once only or other ought our ours out over own same shall she
  should so some such than that the their theirs them then there these they this those through thus to too under until up upon us very
  was we were what when where whether which while who whom whose why will with within without would you your yours one two also eg ie
  use used using usually often always thing things way ways like get gets make makes made since via per either neither
  i'm it's that's there's don't doesn't isn't can't won't`.split(/\s+/),
);
const ZH_STOP = new Set(
  `的 了 是 在 和 与 及 或 也 都 就 而 被 把 对 从 向 由 以 于 为 将 让 使 这 那 这个 那个 这些 那些 一个 一种 一些 我们 你们 他们 它们 我 你 他 她 它
  会 能 可以 可能 有 没有 不 很 更 最 等 等等 如 如果 因为 所以 但是 但 然后 通过 进行 就是 还是 还有 以及 其 之 中 上 下 个 种 吗 呢 吧 啊 么 什么 怎么 为什么 如何`.split(/\s+/),
);

export type Term = Token & { key: string };

const isContent = (t: Token) => {
  if (t.script === "latin") return !EN_STOP.has(t.text) && !EN_STOP.has(t.stem) && (t.text.length > 1 || /\d/.test(t.text));
  if (t.script === "han") return !ZH_STOP.has(t.text);
  return /\p{L}|\p{N}/u.test(t.text);
};

/** Content tokens with a matching key (the stem for Latin words, the word for Chinese). */
export function contentTerms(text: string): Term[] {
  return tokenize(text)
    .filter(isContent)
    .map((t) => ({ ...t, key: t.stem }));
}

export function isStopword(word: string): boolean {
  return EN_STOP.has(word) || ZH_STOP.has(word);
}

/** Inverse document frequency from a df table; unseen terms are as rare as a single document. */
export type IdfTable = { docs: number; df: Record<string, number> };
export function idfOf(table: IdfTable | undefined, key: string): number {
  if (!table) return 1;
  const df = table.df[key] ?? 0;
  return Math.log((table.docs + 1) / (df + 1)) + 1;
}

/** Document frequencies over a corpus of texts (questions and reference answers, never grades). */
export function buildIdfTable({ texts, minDf = 2 }: { texts: readonly string[]; minDf?: number }): IdfTable {
  const counts = new Map<string, number>();
  for (const text of texts) for (const key of new Set(contentTerms(text).map((t) => t.key))) counts.set(key, (counts.get(key) ?? 0) + 1);
  const df: Record<string, number> = {};
  for (const [key, n] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (n >= minDf) df[key] = n;
  return { docs: texts.length, df };
}
