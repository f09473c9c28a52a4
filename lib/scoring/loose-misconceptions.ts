import type { KeyPointMatchResult, KeyPointStatus, MatchableKeyPoint } from "./match-key-points";
import { contentTerms } from "./terms";

/**
 * A second, looser pass over the authored misconception cues. The matcher finds a cue only verbatim, but
 * a wrong claim is rarely worded exactly as the author guessed: "这个缩放因子可有可无" against the cue
 * "缩放可有可无", "把 K 归一化成单位向量" against "对 K 做归一化". Here a cue is found when all its content
 * Latin words and most of its Chinese character pairs occur in one clause of the answer (Chinese is
 * compared by character pairs, since a clause may insert words between the cue's), and that clause has
 * no negation beyond the cue's own.
 */

const CLAUSE = /[。！？；，、,.;!?\n]+/u;
const NEGATION = /不|没|非|无|未|别|(?<![a-z])(?:not|no|never|without)(?![a-z])|n't/giu;
/** Words with a negation character that do not negate ("but", "different", "future", "very"). */
const NOT_NEGATION = /不过|不同|不仅|不断|不少|不管|无论|未来|非常|并非只/gu;
/** Negations beyond the cue's own ("可有可无" has one, "不需要缩放" too): the clause denies the claim. */
const negations = (text: string) => (text.replace(NOT_NEGATION, "").match(NEGATION) ?? []).length;
/** Share of a cue's Chinese character pairs a clause must contain ("缩放可有可无" in "缩放因子可有可无": 4 of 5). */
const HAN_SHARE = 0.65;

export type LooseCue = { kp: number; statement: string; cue: string; latin: string[]; han: string[]; negations: number };

const hanBigrams = (text: string) => {
  const out: string[] = [];
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 2 <= run.length; i++) out.push(run.slice(i, i + 2));
  return [...new Set(out)];
};
const latinWords = (text: string) => text.toLowerCase().match(/[a-z0-9_]+/g) ?? [];

function cuesOf(keyPoints: readonly MatchableKeyPoint[]): LooseCue[] {
  const out: LooseCue[] = [];
  keyPoints.forEach((kp, i) => {
    for (const m of kp.misconceptions ?? [])
      for (const cue of m.cues) {
        const latin = contentTerms(cue).filter((t) => t.script === "latin").map((t) => t.text.toLowerCase());
        const han = hanBigrams(cue);
        // Two units at least: one word is too little to tell a claim from a mention.
        if (latin.length + han.length >= 2) out.push({ kp: i, statement: m.statement, cue, latin, han, negations: negations(cue.toLowerCase()) });
      }
  });
  return out;
}

/** English word order carries the claim ("fewer FLOPs" is not "extra FLOPs for fewer reads"): in order, at most 2 words apart. */
const LATIN_GAP = 2;
function inOrder(words: readonly string[], wanted: readonly string[]): boolean {
  if (wanted.length === 0) return true;
  for (let s = 0; s < words.length; s++) {
    if (words[s] !== wanted[0]) continue;
    let at = s;
    let k = 1;
    for (let j = s + 1; j < words.length && k < wanted.length && j - at <= LATIN_GAP + 1; j++)
      if (words[j] === wanted[k]) {
        at = j;
        k++;
      }
    if (k === wanted.length) return true;
  }
  return false;
}

function states(cue: LooseCue, clause: string): boolean {
  if (!inOrder(latinWords(clause), cue.latin)) return false;
  const found = cue.han.filter((b) => clause.includes(b)).length;
  if (cue.han.length > 0 && found / cue.han.length < HAN_SHARE) return false;
  if (cue.latin.length + found < 2) return false;
  return negations(clause) <= cue.negations;
}

const CREDIT: Record<KeyPointStatus, number> = { covered: 1, partly: 0.5, missing: 0, contradicted: -0.5 };

/** The match with key points whose misconception a clause states loosely marked contradicted, score recomputed. */
export function applyLooseMisconceptions(opts: { match: KeyPointMatchResult; keyPoints: readonly MatchableKeyPoint[]; answer: string }): KeyPointMatchResult {
  const cues = cuesOf(opts.keyPoints);
  if (cues.length === 0) return opts.match;
  const clauses: { text: string; start: number }[] = [];
  let at = 0;
  for (const part of opts.answer.slice(0, 20000).split(CLAUSE)) {
    const start = opts.answer.indexOf(part, at);
    clauses.push({ text: part.toLowerCase(), start });
    at = start + part.length;
  }
  const keyPoints = opts.match.keyPoints.map((m) => ({ ...m, contradictions: [...m.contradictions] }));
  let changed = false;
  for (const c of cues) {
    const kp = keyPoints[c.kp];
    if (!kp || kp.status === "contradicted") continue;
    const hit = clauses.find((cl) => states(c, cl.text));
    if (!hit) continue;
    kp.status = "contradicted";
    kp.contradictions.push({ statement: c.statement, cue: c.cue, start: hit.start, end: hit.start + hit.text.length });
    changed = true;
  }
  if (!changed) return opts.match;
  const weights = opts.keyPoints.map((k) => k.weight);
  const total = weights.reduce((s, w) => s + w, 0);
  const earned = keyPoints.reduce((s, m, i) => s + weights[i]! * CREDIT[m.status], 0);
  const ratio = total > 0 ? Math.min(1, Math.max(0, earned / total)) : 0;
  return { ...opts.match, keyPoints, coverage: Math.round(ratio * 1e4) / 1e4, score5: Math.round(ratio * 50) / 10 };
}
