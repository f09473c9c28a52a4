import { stemmer } from "stemmer";

/**
 * Text primitives for the scorer. Every transform keeps a map back to the original string, because
 * the authoring dashboard highlights evidence in the answer exactly as the candidate typed it.
 *
 * - `normalizeText`: NFKC, lower case, CJK punctuation folded to ASCII, "√"/"根号" read as "sqrt",
 *   controls dropped, whitespace collapsed (one space, or "\n" when the run held a line break).
 * - `compactText`: the form aliases are matched on. Separators that people use interchangeably inside
 *   terms (spaces, "_", "-", "^", "/", "、", brackets) are removed and Latin words are stemmed (Porter), so
 *   "d_k", "d k" and "dk" meet, "sqrt(d_k)" meets "√dk", and "softmax saturation" meets "softmax saturates".
 *   Word edges of the normalized text are kept as flags, so "rag" still cannot match inside "drag".
 * - `clauseIndex`: which clause a position is in, for negation.
 * - `tokenize`: Latin words plus Intl.Segmenter words for Chinese, for features that need tokens.
 */

export type NormalizedText = {
  text: string;
  /** Original span [start, end) of each UTF-16 unit of `text`. */
  start: Int32Array;
  end: Int32Array;
};

// NFKC already folds the full-width forms (，；：！？（）); these are the CJK marks it leaves alone.
const FOLD: Record<string, string> = {
  "。": ".", "｡": ".", "“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"', "《": '"', "》": '"',
  "〈": '"', "〉": '"', "‘": "'", "’": "'", "【": "[", "】": "]", "〔": "(", "〕": ")", "—": "-", "–": "-",
  "−": "-", "‐": "-", "·": " ", "・": " ", "〜": "~", "√": "sqrt ",
};
const PHRASES: readonly (readonly [string, string])[] = [["根号", "sqrt "]];
const PHRASE_STARTS = new Set(PHRASES.map(([p]) => p.charCodeAt(0)));

/** CJK unified ideographs (basic block and extension A), which NFKC leaves unchanged. */
export const isHanCode = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
// Unicode White_Space beyond ASCII; a table, because a regex per character costs too much on 100 kB.
const SPACES = new Set([0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c > 0x7f && (SPACES.has(c) || (c >= 0x2000 && c <= 0x200a)));
const MARK = /^\p{M}/u;
const DROP = /^[\p{Cc}\p{Cf}\p{Cs}]/u;

/** Latin letters (with accents) and digits: the characters that form a Latin word. */
export function isLatinWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xdf && c <= 0x24f && c !== 0xf7);
}

// Single code points repeat (，。：, emoji), so their folding is remembered, in a bounded table.
const folded = new Map<string, string>();
const FOLDED_MAX = 20_000;
function foldCluster(cluster: string): string {
  const known = folded.get(cluster);
  if (known !== undefined) return known;
  const out = DROP.test(cluster) ? "" : [...cluster.normalize("NFKC").toLowerCase()].map((ch) => FOLD[ch] ?? ch).join("");
  if (folded.size < FOLDED_MAX && cluster.length === String.fromCodePoint(cluster.codePointAt(0)!).length) folded.set(cluster, out);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const utf16 = new TextDecoder("utf-16le");

/** UTF-16 units with two int columns and a flag column, in typed arrays that double when full. */
class UnitBuffer {
  length = 0;
  codes: Uint16Array;
  a: Int32Array;
  b: Int32Array;
  flags: Uint8Array;
  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }
  push(code: number, a: number, b: number, flags = 0) {
    if (this.length === this.codes.length) {
      const grow = <T extends Uint16Array | Int32Array | Uint8Array>(old: T, next: T) => (next.set(old), next);
      const size = this.length * 2;
      this.codes = grow(this.codes, new Uint16Array(size));
      this.a = grow(this.a, new Int32Array(size));
      this.b = grow(this.b, new Int32Array(size));
      this.flags = grow(this.flags, new Uint8Array(size));
    }
    this.codes[this.length] = code;
    this.a[this.length] = a;
    this.b[this.length] = b;
    this.flags[this.length] = flags;
    this.length += 1;
  }
  /**
   * Decoded in one piece: a string glued from chunks stays a rope in V8, and charCodeAt on a rope
   * made the later passes several times slower. The units hold no lone surrogates (normalizeText drops
   * them), so decoding keeps one unit per unit.
   */
  text(): string {
    const units = this.codes.subarray(0, this.length);
    if (LITTLE_ENDIAN) return utf16.decode(units);
    let out = "";
    for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.subarray(i, i + 8192));
    return out;
  }
}

export function normalizeText(input: string): NormalizedText {
  const buf = new UnitBuffer(input.length + 16);
  let gapStart = -1;
  let gapEnd = 0;
  let gapNewline = false;
  const width = (at: number) => (input.codePointAt(at)! > 0xffff ? 2 : 1);
  // One flat loop (no per-character closures): this runs over every unit of a 100 kB answer.
  for (let i = 0; i < input.length; ) {
    const c = input.charCodeAt(i);
    let next = i + 1;
    let single = -1; // the one unit input[i] becomes; otherwise it becomes `many` (possibly nothing)
    let many = "";
    if (c < 0x80) single = c >= 0x41 && c <= 0x5a ? c + 32 : c >= 0x20 && c !== 0x7f ? c : isSpace(c) ? c : -1;
    else if (isHanCode(c) && !PHRASE_STARTS.has(c)) single = c;
    else if (isHanCode(c)) {
      const phrase = PHRASES.find(([p]) => input.startsWith(p, i));
      if (phrase) [many, next] = [phrase[1], i + phrase[0].length];
      else single = c;
    } else {
      // A code point with its combining marks, so NFKC can compose them (e + ◌́ → é). Marks start at U+0300.
      next = i + width(i);
      while (next < input.length && input.charCodeAt(next) >= 0x300 && MARK.test(input.slice(next, next + 2))) next += width(next);
      many = foldCluster(input.slice(i, next));
    }
    const count = single >= 0 ? 1 : many.length;
    for (let k = 0; k < count; k++) {
      const code = single >= 0 ? single : many.charCodeAt(k);
      if (isSpace(code)) {
        if (gapStart < 0) {
          gapStart = i;
          gapNewline = false;
        }
        gapEnd = next;
        gapNewline ||= code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
        continue;
      }
      if (gapStart >= 0 && buf.length > 0) buf.push(gapNewline ? 0x0a : 0x20, gapStart, gapEnd);
      gapStart = -1;
      buf.push(code, i, next);
    }
    i = next;
  }
  return { text: buf.text(), start: buf.a.slice(0, buf.length), end: buf.b.slice(0, buf.length) };
}

/**
 * Stemming for key point matching (`compactText`, the matcher's loose phrases): the Porter algorithm
 * (the `stemmer` package) on all-letter words longer than 3 characters, so the forms of a word meet:
 * scale/scales/scaled/scaling, saturate/saturating/saturation, normalize/normalization,
 * vanish/vanishes/vanishing. Words with digits ("o(n2)", "fp16") and short words stay as written. A stem
 * is never longer than its word, which keeps the character map of `compactText` one-to-one.
 */
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 50_000;
export function stemLatinWord(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  const known = stemCache.get(word);
  if (known !== undefined) return known;
  const porter = stemmer(word);
  const stem = porter.length > 0 && porter.length <= word.length ? porter : word;
  if (stemCache.size < STEM_CACHE_MAX) stemCache.set(word, stem);
  return stem;
}

/**
 * A light stemmer for the tokens of the lexical features (`tokenize`): plurals (-sses → -ss, -ies → -y,
 * -ses/-ches/-shes/-xes/-zes → drop "es", -s unless -ss/-us/-is/-as), then -ing/-ed when a vowel stays in
 * the stem (undoubling "padd" → "pad"), then a final -e. Porter here measured lower on held-out questions
 * (Spearman 0.654 against 0.664 with peers; lib/scoring/EXPERIMENTS.md), so the features keep this one.
 */
export function lightStemLatinWord(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let s = word;
  if (s.endsWith("sses")) s = s.slice(0, -2);
  else if (s.endsWith("ies") && s.length > 4) s = `${s.slice(0, -3)}y`;
  else if (/(?:[sxz]|ch|sh)es$/.test(s)) s = s.slice(0, -2);
  else if (s.endsWith("s") && !/(?:ss|us|is|as)$/.test(s)) s = s.slice(0, -1);
  const suffix = /(?:ing|ed)$/.exec(s)?.[0];
  if (suffix && /[aeiouy]/.test(s.slice(0, -suffix.length)) && s.length - suffix.length >= 3) {
    s = s.slice(0, -suffix.length);
    if (/([b-df-hj-km-rtv-z])\1$/.test(s) && s.length > 3) s = s.slice(0, -1);
  }
  if (s.length > 3 && s.endsWith("e")) s = s.slice(0, -1);
  return s;
}

export type CompactText = {
  text: string;
  /** Normalized index of each compact unit. */
  at: Int32Array;
  /** Normalized end for a match ending on this unit: a stem reaches to the end of its word. */
  endAt: Int32Array;
  /** Bit 1: a match may start here; bit 2: a match may end here (always, except inside Latin words). */
  edge: Uint8Array;
};

// "、" and "/" list items inside one term ("Q、K、V", "Q/K/V" are the alias "QKV"); "," and ";" end a clause.
const IGNORABLE = new Set([..." \n_-^()[]{}、/"].map((ch) => ch.charCodeAt(0)));

export function compactText(normalized: string): CompactText {
  const buf = new UnitBuffer(normalized.length + 16);
  for (let i = 0; i < normalized.length; ) {
    const c = normalized.charCodeAt(i);
    if (!isLatinWordChar(c)) {
      if (!IGNORABLE.has(c)) buf.push(c, i, i + 1, 3);
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < normalized.length && isLatinWordChar(normalized.charCodeAt(j))) j++;
    const word = normalized.slice(i, j);
    const stem = stemLatinWord(word);
    for (let k = 0; k < stem.length; k++) {
      const last = k === stem.length - 1;
      buf.push(stem.charCodeAt(k), i + k, last ? j : i + k + 1, (k === 0 ? 1 : 0) | (last ? 2 : 0));
    }
    i = j;
  }
  const n = buf.length;
  return { text: buf.text(), at: buf.a.slice(0, n), endAt: buf.b.slice(0, n), edge: buf.flags.slice(0, n) };
}

/** The key an alias or cue is matched by: the same pipeline as the answer, so both sides agree. */
export function compactTerm(term: string): string {
  return compactText(normalizeText(term).text).text;
}

/**
 * The clause of a position in a normalized text. Clauses end after , ; ! ? newline and a sentence full
 * stop (not the one in "0.5"), and begin again at contrast words ("but", "但是", "而是", "rather than",
 * "而不是"): in "不是 X 而是 Y" the negation stays with X and Y is asserted.
 */
export function clauseIndex(normalized: string): (position: number) => number {
  const found: number[] = [];
  for (const m of normalized.matchAll(/[,;!?\n]|(?<![a-z0-9])\.|\.(?![a-z0-9])/g)) found.push(m.index + 1);
  const lead = /\b(?:but|however|whereas|rather than|instead of)\b|(?<!不)但|而是|然而|可是|而不是|而非/g;
  for (const m of normalized.matchAll(lead)) found.push(m.index);
  const breaks = Int32Array.from(found).sort();
  return (position) => {
    let lo = 0;
    for (let hi = breaks.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]! <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export type Token = { text: string; stem: string; start: number; end: number; script: "latin" | "han" | "other" };

let segmenter: Intl.Segmenter | undefined;
// ICU re-reads the whole string on every step, so one long string takes seconds; runs are cut short.
const SEGMENT_CHUNK = 256;

/** Word tokens with offsets into the original input: Latin words (light stems) and Intl.Segmenter words. */
export function tokenize(input: string): Token[] {
  const norm = normalizeText(input);
  const tokens: Token[] = [];
  const push = (text: string, from: number, to: number, script: Token["script"]) =>
    tokens.push({ text, stem: script === "latin" ? lightStemLatinWord(text) : text, start: norm.start[from]!, end: norm.end[to - 1]!, script });
  for (const run of norm.text.matchAll(/[a-z0-9\u00df-\u00f6\u00f8-\u024f]+(?:'[a-z]+)?|[^\sa-z0-9\u00df-\u00f6\u00f8-\u024f]+/g)) {
    if (isLatinWordChar(run[0].charCodeAt(0))) {
      push(run[0], run.index, run.index + run[0].length, "latin");
      continue;
    }
    segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
    for (let off = 0, cut = 0; off < run[0].length; off = cut) {
      cut = off + SEGMENT_CHUNK;
      if (/[\ud800-\udbff]/.test(run[0][cut - 1] ?? "")) cut += 1; // never split a surrogate pair
      const base = run.index + off;
      for (const seg of segmenter.segment(run[0].slice(off, cut))) {
        if (!seg.isWordLike) continue;
        const script = /\p{Script=Han}/u.test(seg.segment) ? "han" : "other";
        push(seg.segment, base + seg.index, base + seg.index + seg.segment.length, script);
      }
    }
  }
  return tokens;
}
