import { clauseIndex, compactTerm, compactText, isHanCode, isLatinWordChar, normalizeText, stemLatinWord, tokenize } from "./normalize";
import { codeSwitchVariants } from "./glossary";
import { isStopword } from "./terms";

/**
 * Key point matching: which key points an answer covers, with evidence spans in the original answer,
 * and a provisional score from matching alone. Pure and deterministic; rules in lib/scoring/README.md.
 */

export type MatchableKeyPoint = {
  id: string;
  weight: number;
  aliases: readonly string[];
  /** The point in a sentence. Aliases it mentions under a negation may be mentioned either way (see below). */
  statement?: string | undefined;
  misconceptions?: readonly { statement: string; cues: readonly string[] }[];
};
export type KeyPointStatus = "covered" | "partly" | "missing" | "contradicted";
export type EvidenceSpan = { start: number; end: number; text: string };
export type Contradiction = { statement: string; cue: string; start: number; end: number };
export type KeyPointMatch = { id: string; status: KeyPointStatus; matchedAliases: string[]; evidence: EvidenceSpan[]; contradictions: Contradiction[] };
export type KeyPointMatchResult = { keyPoints: KeyPointMatch[]; coverage: number; score5: number; mode: "keypoint-match" };

type Ref = { kp: number; kind: "alias" | "cue"; text: string; statement: string; strong: boolean; content: boolean };
type TrieNode = { next: Map<number, TrieNode>; refs?: Ref[] };
/** A hit in normalized coordinates [start, end). */
type Occurrence = { refs: Ref[]; start: number; end: number; negatedWithin?: boolean };
type Negator = { start: number; end: number; before: number; after: boolean };

const CREDIT: Record<KeyPointStatus, number> = { covered: 1, partly: 0.5, missing: 0, contradicted: 0 };
/** How far a negation reaches, in words (a Latin word is 1, a Chinese character 0.5). */
const REACH = { strong: 3, bare: 0.5, after: 3 };

const en = (words: string) => `(?<![a-z0-9'])(?:${words})(?![a-z0-9'])`;
// One scan, leftmost match wins, and at one position the first group wins: `skip` takes the
// words that contain a negation character without negating (不同 "different", 未来 "future",
// 区别 "difference", "not only"), so they are consumed before the negators can see them.
const NEGATION = new RegExp(
  [
    `(?<skip>${en("not (?:only|just|merely|necessarily)|no (?:matter|doubt)")}|不同|不仅|不但|不断|不少|不错|不管|不论|不过|不久|不停|不一样|不变|不得不|不可或缺|必不可少|缺一不可|差不多|了不起|无论|无穷|无限|无损|无监督|无偏|未来|非常|非线性|非零|区别|差别|类别|分别|特别|识别|级别|个别|别的|别人|除非|有无)`,
    `(?<both>不需要|不必要|没有必要|没必要|不必|不重要|没有用|没用|无用|无关紧要|不成立|${en("(?:not|never|[a-z]+n't|isnt|doesnt|dont|arent)(?: (?:really|actually|strictly|even|be|been|always))? (?:needed|necessary|required|used|important|useful|matter|help|helpful|work|true|correct)")})`,
    `(?<after>无关|多余|是错的|是错误的|不对|不正确|错了|${en("wrong|incorrect|false|useless|pointless|irrelevant|redundant|unnecessary|unneeded")})`,
    `(?<strong>不需|不用|不是|不会|不能|不要|不该|不应|并不|从不|决不|绝不|从未|尚未|没有|没|无需|无须|无法|并非|而非|毫无|不再|未|别|${en("not|no|never|without|instead of|rather than|none|nor|neither|cannot|nothing|lacks?|lacking|[a-z]+n't|isnt|arent|wasnt|werent|doesnt|dont|didnt|cant|wont|shouldnt|neednt|hasnt|havent")})`,
    `(?<bare>不|无|非|${en("non")})`,
  ].join("|"),
  "g",
);

/** Whether a normalized text holds a negation (not the words that only look like one: 不同, "not only"). */
function hasNegator(normalized: string): boolean {
  for (const m of normalized.matchAll(NEGATION)) if (!m.groups?.skip) return true;
  return false;
}

/**
 * Trie keys by term. Workers load a question's key points afresh for every job, so the same aliases and their
 * code-switched variants are keyed again and again; cleared when full, which only costs recomputing.
 */
const termKeys = new Map<string, string>();
const TERM_KEYS_MAX = 100_000;
function termKey(term: string): string {
  let key = termKeys.get(term);
  if (key === undefined) {
    if (termKeys.size >= TERM_KEYS_MAX) termKeys.clear();
    termKeys.set(term, (key = compactTerm(term)));
  }
  return key;
}

function buildTrie(keyPoints: readonly MatchableKeyPoint[]): TrieNode {
  const root: TrieNode = { next: new Map() };
  const add = (term: string, ref: Omit<Ref, "text" | "strong" | "content">, like?: Ref) => {
    const key = termKey(term);
    if (!key) return;
    let node = root;
    for (let k = 0; k < key.length; k++) {
      let child = node.next.get(key.charCodeAt(k));
      if (!child) node.next.set(key.charCodeAt(k), (child = { next: new Map() }));
      node = child;
    }
    // "Q K V" and "QKV" share a key: one alias, not two pieces of evidence.
    if (node.refs?.some((r) => r.kp === ref.kp && r.kind === ref.kind)) return;
    if (like) {
      // A code-switched variant counts as the alias it came from: the same text, strength and content.
      (node.refs ??= []).push({ ...ref, text: like.text, strong: like.strong, content: like.content });
      return;
    }
    const norm = normalizeText(term).text;
    const count = (test: (c: number) => boolean) => [...norm].filter((ch) => test(ch.charCodeAt(0))).length;
    const latin = count(isLatinWordChar);
    const han = count(isHanCode);
    (node.refs ??= []).push({ ...ref, text: term, strong: latin + 1.5 * han >= 6, content: /\p{L}/u.test(norm) });
  };
  const terms = (kp: MatchableKeyPoint, i: number) => [
    ...kp.aliases.map((alias) => ({ term: alias, ref: { kp: i, kind: "alias" as const, statement: "" } })),
    ...(kp.misconceptions ?? []).flatMap((m) => m.cues.map((cue) => ({ term: cue, ref: { kp: i, kind: "cue" as const, statement: m.statement } }))),
  ];
  keyPoints.forEach((kp, i) => {
    for (const { term, ref } of terms(kp, i)) add(term, ref);
  });
  // After every written alias and cue, so a variant never takes the place of one an author wrote.
  keyPoints.forEach((kp, i) => {
    for (const { term, ref } of terms(kp, i)) {
      const origin = refAt(root, term)?.find((r) => r.kp === i && r.kind === ref.kind);
      if (origin) for (const variant of codeSwitchVariants(term)) add(variant, ref, origin);
    }
  });
  return root;
}

function findOccurrences(root: TrieNode, normalized: string): Occurrence[] {
  const { text, at, endAt, edge } = compactText(normalized);
  const found: Occurrence[] = [];
  // Most positions start no term; a flat table answers that faster than a Map miss.
  const opens = new Uint8Array(0x10000);
  for (const code of root.next.keys()) opens[code] = 1;
  for (let p = 0; p < text.length; p++) {
    if (!(edge[p]! & 1) || !opens[text.charCodeAt(p)]) continue;
    let node: TrieNode | undefined = root;
    for (let q = p; q < text.length; q++) {
      node = node.next.get(text.charCodeAt(q));
      if (!node) break;
      if (node.refs && edge[q]! & 2) found.push({ refs: node.refs, start: at[p]!, end: endAt[q]! });
    }
  }
  return found;
}

/**
 * Aliases of two or more content words also match loosely: their words (English stemmed, Chinese words as
 * written; function words left out) in any order, with up to PHRASE_GAP other words among them (a Chinese
 * character counts ½), in one clause. So "softmax saturation" is found in "keeps the softmax from saturating",
 * "vanishing gradients" in "the gradients vanish", "梯度消失" in "梯度很容易消失", "softmax 饱和" in "softmax
 * 就会饱和". An alias names a concept, so order does not carry a claim here. Not for misconception cues (their
 * loose pass keeps word order) nor for aliases that hold a negation themselves ("no position table",
 * "没有循环结构"), whose words without it say the opposite. A negation among the words ("softmax does not
 * saturate") negates the match, like one before it.
 */
const PHRASE_GAP = 3;
type Unit = { latin: string; han?: undefined } | { han: string; latin?: undefined };
type Phrase = { ref: Ref; units: Unit[]; size: number };
type Place = { start: number; end: number };
const LATIN_RUN = /[a-z0-9\u00df-\u00f6\u00f8-\u024f]+/g;
/** Places of one Chinese word kept per answer; past that, a 100 kB answer of repeats gains nothing. */
const MAX_HAN_PLACES = 2000;

function phrasesOf(root: TrieNode, keyPoints: readonly MatchableKeyPoint[]): Phrase[] {
  const out: Phrase[] = [];
  keyPoints.forEach((kp, i) => {
    for (const alias of kp.aliases) {
      const norm = normalizeText(alias).text;
      if (hasNegator(norm)) continue;
      const units = new Map<string, Unit>();
      let previous: { han: string; end: number } | undefined;
      for (const t of tokenize(alias)) {
        if (t.script === "han") {
          // A one-character word joins its neighbour in the same run ("缓存" may come as "缓" + "存"): a
          // single character found anywhere in a clause is no evidence.
          if (previous && previous.end === t.start && (t.text.length === 1 || previous.han.length === 1)) {
            units.delete(`h:${previous.han}`);
            previous = { han: previous.han + t.text, end: t.end };
          } else previous = { han: t.text, end: t.end };
          units.set(`h:${previous.han}`, { han: previous.han });
          continue;
        }
        previous = undefined;
        // Every Latin word but function words, single letters too ("缓存 K 和 V" needs its K and V).
        if (t.script === "latin" && !isStopword(t.text)) units.set(`l:${stemLatinWord(t.text)}`, { latin: stemLatinWord(t.text) });
      }
      for (const [key, u] of units) if (u.han && isStopword(u.han)) units.delete(key);
      const list = [...units.values()];
      // Stays verbatim: a lone Chinese character between Latin words ("Q 乘 K"), formulas ("O(n^2)": its "n" and
      // "2" are anywhere), and letters alone ("Q K V"): scattered over a clause, they are chance, not the term.
      if (list.length < 2 || list.some((u) => (u.han ? u.han.length < 2 : /\d/.test(u.latin!))) || !list.some((u) => (u.han ?? u.latin!).length >= 2)) continue;
      const ref = refAt(root, alias)?.find((r) => r.kp === i && r.kind === "alias");
      if (ref) out.push({ ref, units: list, size: list.reduce((n, u) => n + (u.latin ? 1 : u.han!.length / 2), 0) });
    }
  });
  return out;
}

/** The refs stored for a term in the trie (the same object the verbatim matches carry). */
function refAt(root: TrieNode, term: string): Ref[] | undefined {
  const key = termKey(term);
  let node: TrieNode | undefined = root;
  for (let k = 0; k < key.length && node; k++) node = node.next.get(key.charCodeAt(k));
  return node?.refs;
}

/** The place in `places` (sorted by start) nearest to `at`. */
function nearest(places: readonly Place[], at: number): Place {
  let lo = 0;
  for (let hi = places.length; lo < hi; ) {
    const mid = (lo + hi) >> 1;
    if (places[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  const after = places[Math.min(lo, places.length - 1)]!;
  const before = places[Math.max(lo - 1, 0)]!;
  return Math.abs(before.start - at) <= Math.abs(after.start - at) ? before : after;
}

function findPhrases(phrases: readonly Phrase[], normalized: string, verbatim: readonly Occurrence[], clauseOf: (p: number) => number, negatedInside: (start: number, end: number) => boolean): Occurrence[] {
  const seen = new Set<Ref>();
  for (const o of verbatim) for (const r of o.refs) seen.add(r);
  const pending = phrases.filter((p) => !seen.has(p.ref));
  if (pending.length === 0) return [];
  const latin = new Map<string, Place[]>();
  for (const m of normalized.matchAll(LATIN_RUN)) {
    const stem = stemLatinWord(m[0]);
    const place = { start: m.index, end: m.index + m[0].length };
    const list = latin.get(stem);
    if (list) list.push(place);
    else latin.set(stem, [place]);
  }
  const han = new Map<string, Place[]>();
  const placesOf = (u: Unit): Place[] | undefined => {
    if (u.latin) return latin.get(u.latin);
    let list = han.get(u.han!);
    if (!list) {
      list = [];
      for (let k = normalized.indexOf(u.han!); k >= 0 && list.length < MAX_HAN_PLACES; k = normalized.indexOf(u.han!, k + 1)) list.push({ start: k, end: k + u.han!.length });
      han.set(u.han!, list);
    }
    return list.length > 0 ? list : undefined;
  };
  const found: Occurrence[] = [];
  for (const p of pending) {
    const lists = p.units.map(placesOf);
    if (lists.some((l) => !l)) continue;
    // Anchored on each place of the phrase's rarest word: the nearest place of every other word.
    const anchor = lists.reduce((a, b) => (b!.length < a!.length ? b : a))!;
    let best: Occurrence | undefined;
    for (const a of anchor) {
      let start = a.start;
      let end = a.end;
      for (const list of lists) {
        if (list === anchor) continue;
        const near = nearest(list!, a.start);
        start = Math.min(start, near.start);
        end = Math.max(end, near.end);
      }
      if (clauseOf(start) !== clauseOf(end - 1)) continue;
      if (distance(normalized, start, end, p.size + PHRASE_GAP) - p.size > PHRASE_GAP) continue;
      const negatedWithin = negatedInside(start, end);
      if (!negatedWithin) {
        best = { refs: [p.ref], start, end };
        break;
      }
      best ??= { refs: [p.ref], start, end, negatedWithin };
    }
    if (best) found.push(best);
  }
  return found;
}

/** Whether [start, end) lies inside the union of `spans`: merged intervals and a binary search. */
function insideUnion(spans: readonly { start: number; end: number }[]) {
  const merged: number[] = []; // start0, end0, start1, end1, ...
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (merged.length > 0 && s.start <= merged[merged.length - 1]!) merged[merged.length - 1] = Math.max(merged[merged.length - 1]!, s.end);
    else merged.push(s.start, s.end);
  }
  return (start: number, end: number) => {
    let lo = 0;
    for (let hi = merged.length / 2; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (merged[2 * mid]! <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && merged[2 * lo - 1]! >= end;
  };
}

/** Whether [start, end) lies inside one of `spans` (not across two that touch): sorted starts, running max of ends. */
function insideOne(spans: readonly { start: number; end: number }[]) {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const starts = sorted.map((s) => s.start);
  const reach: number[] = [];
  for (const s of sorted) reach.push(Math.max(reach.at(-1) ?? -1, s.end));
  return (start: number, end: number) => {
    let lo = 0;
    for (let hi = starts.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && reach[lo - 1]! >= end;
  };
}

/** Words between two positions (a Latin word 1, a Chinese character 0.5), counted up to `limit`. */
function distance(text: string, from: number, to: number, limit: number): number {
  let words = 0;
  for (let i = from; i < to && words <= limit; i++) {
    const c = text.charCodeAt(i);
    if (isLatinWordChar(c)) words += i > from && isLatinWordChar(text.charCodeAt(i - 1)) ? 0 : 1;
    else if (isHanCode(c)) words += 0.5;
  }
  return words;
}

function negationTest(normalized: string, terms: Occurrence[]) {
  // A negation word inside a matched term ("没有循环结构", "cannot extrapolate") belongs to that term.
  const insideTerm = insideUnion(terms);
  const negators: Negator[] = [];
  for (const m of normalized.matchAll(NEGATION)) {
    const g = m.groups ?? {};
    const start = m.index;
    const end = start + m[0].length;
    if (g.skip || insideTerm(start, end)) continue;
    // A literal, not `{ ...span }`: object spread here was most of the cost on a 100 kB answer.
    negators.push({ start, end, before: g.after ? -1 : g.bare ? REACH.bare : REACH.strong, after: Boolean(g.both || g.after) });
  }
  const clauseOf = clauseIndex(normalized);
  if (negators.length === 0) return { clauseOf, isNegated: () => false, negatedInside: () => false };
  const firstFrom = (pos: number) => {
    let lo = 0;
    for (let hi = negators.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (negators[mid]!.start < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const negatedInside = (start: number, end: number) => {
    const k = firstFrom(start);
    return k < negators.length && negators[k]!.end <= end;
  };
  const isNegated = (o: Occurrence): boolean => {
    const here = clauseOf(o.start);
    for (let k = firstFrom(o.start) - 1; k >= 0; k--) {
      const neg = negators[k]!;
      if (clauseOf(neg.start) !== here) break;
      if (neg.end > o.start) continue;
      const d = distance(normalized, neg.end, o.start, REACH.strong);
      if (d > REACH.strong) break;
      if (d <= neg.before) return true;
    }
    for (let k = firstFrom(o.end); k < negators.length; k++) {
      const neg = negators[k]!;
      if (clauseOf(neg.start) !== here || distance(normalized, o.end, neg.start, REACH.after) > REACH.after) break;
      if (neg.after) return true;
    }
    return false;
  };
  return { clauseOf, isNegated, negatedInside };
}

// Control characters other than whitespace, replacement characters and private-use code points.
const ODD = /(?![\t\n\v\f\r])[\p{Cc}\p{Co}\ufffd]/gu;
const looksBinary = (s: string) => (s.match(ODD)?.length ?? 0) * 10 > s.length;

/** Every occurrence of an alias or cue in a normalized text, verbatim or as a loose phrase, and whether it is negated. */
function scan(trie: TrieNode, phrases: readonly Phrase[], normalized: string): { occurrences: Occurrence[]; negated: (o: Occurrence) => boolean; clauseOf: (position: number) => number } {
  if (!normalized) return { occurrences: [], negated: () => false, clauseOf: () => 0 };
  const verbatim = findOccurrences(trie, normalized);
  const { clauseOf, isNegated, negatedInside } = negationTest(normalized, verbatim);
  const loose = findPhrases(phrases, normalized, verbatim, clauseOf, negatedInside);
  return { occurrences: [...verbatim, ...loose], negated: (o) => Boolean(o.negatedWithin) || isNegated(o), clauseOf };
}

/** Words saying that what follows is kept from happening: "避免 d_k 变大时 softmax 饱和", "to prevent overfitting". */
const PREVENT = /避免|防止|以免|以防|免得|防范|(?<![a-z])(?:prevents?|preventing|avoids?|avoiding|stops?|stopping|keeps? (?:[a-z]+ ){0,3}from)(?![a-z])/g;
/** How far a prevention word reaches in a statement, in words. */
const PREVENT_REACH = 6;

function preventedBy(normalized: string, clauseOf: (position: number) => number): (o: Occurrence) => boolean {
  const words = [...normalized.matchAll(PREVENT)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (words.length === 0) return () => false;
  return (o) => words.some((w) => w.end <= o.start && clauseOf(w.start) === clauseOf(o.start) && distance(normalized, w.end, o.start, PREVENT_REACH) <= PREVENT_REACH);
}

/**
 * Aliases that a key point's own statement mentions only under a negation or a prevention word ("so the softmax
 * does not saturate and its gradients do not vanish", "避免 softmax 饱和") name what the point prevents, so an
 * answer may mention them either way: "keeps the softmax from saturating", "so the gradients don't vanish",
 * "softmax 就不会饱和" and "without it the softmax saturates" all speak to the point. Wrong claims about such a
 * point are the misconception cues' job.
 */
function eitherWayAliases(trie: TrieNode, phrases: readonly Phrase[], keyPoints: readonly MatchableKeyPoint[]): Set<Ref> {
  const out = new Set<Ref>();
  keyPoints.forEach((kp, i) => {
    if (!kp.statement) return;
    const text = normalizeText(kp.statement).text;
    const { occurrences, negated, clauseOf } = scan(trie, phrases, text);
    const prevented = preventedBy(text, clauseOf);
    const asserted = new Set<Ref>();
    for (const o of occurrences) for (const r of o.refs) if (r.kp === i && r.kind === "alias") (negated(o) || prevented(o) ? out : asserted).add(r);
    // Also asserted in the statement ("trained with RLHF … the GPT-3 base model had no RLHF"): a claim, not a problem named.
    for (const r of asserted) out.delete(r);
  });
  return out;
}

type Prepared = { trie: TrieNode; phrases: Phrase[]; eitherWay?: Set<Ref> };
/**
 * What depends on the key points alone, kept per key point array: the live checklist matches the same
 * question's points on every keystroke, and the engine every answer of a question. Key points are not
 * mutated after they are passed in (they come from parsed question versions).
 */
const preparedFor = new WeakMap<readonly MatchableKeyPoint[], Prepared>();
function prepare(keyPoints: readonly MatchableKeyPoint[]): Prepared {
  let p = preparedFor.get(keyPoints);
  if (!p) {
    const trie = buildTrie(keyPoints);
    preparedFor.set(keyPoints, (p = { trie, phrases: phrasesOf(trie, keyPoints) }));
  }
  return p;
}

/**
 * What shows a point's status, as spans of `answer` (the text the match was made on): for a contradicted
 * point the wrong claim, not the right words the answer also used; otherwise the matched aliases.
 */
export function statusEvidence(k: KeyPointMatch, answer: string): EvidenceSpan[] {
  return k.status === "contradicted" && k.contradictions.length > 0 ? k.contradictions.map((c) => ({ start: c.start, end: c.end, text: answer.slice(c.start, c.end) })) : k.evidence;
}

export function matchKeyPoints({ keyPoints, answer }: { keyPoints: readonly MatchableKeyPoint[]; answer: string }): KeyPointMatchResult {
  // Callers validate, but a JavaScript caller can still hand over anything: treat it as no answer.
  const text = typeof answer === "string" && !looksBinary(answer) ? answer : "";
  const norm = normalizeText(text);
  const prepared = prepare(keyPoints);
  const { trie, phrases } = prepared;
  const { occurrences, negated } = scan(trie, phrases, norm.text);
  const eitherWay = occurrences.some(negated) ? (prepared.eitherWay ??= eitherWayAliases(trie, phrases, keyPoints)) : new Set<Ref>();
  const asserted: Occurrence[] = [];
  for (const o of occurrences) {
    if (!negated(o)) asserted.push(o);
    else if (o.refs.some((r) => eitherWay.has(r))) asserted.push({ ...o, refs: o.refs.filter((r) => eitherWay.has(r)) });
  }
  const span = (o: Occurrence) => {
    // Brackets are ignored while matching, so "O(n^2)" matched up to "2"; the evidence closes them.
    let open = 0;
    for (let i = o.start; i < o.end; i++) open += norm.text[i] === "(" ? 1 : norm.text[i] === ")" ? -1 : 0;
    let end = o.end;
    for (; open > 0 && norm.text[end] === ")"; open--) end++;
    return { start: norm.start[o.start]!, end: norm.end[end - 1]! };
  };

  const contradictions = keyPoints.map(() => new Map<string, Contradiction>());
  // A cue inside an alias of its own point belongs to the right claim the author wrote: the alias
  // "不能只看困惑度" holds the cue "只看困惑度", and the negation in it is the alias's, not the cue's.
  const aliasesOf = new Map<number, Occurrence[]>();
  for (const o of asserted) {
    for (const r of o.refs) {
      if (r.kind !== "alias") continue;
      const list = aliasesOf.get(r.kp);
      if (list) list.push(o);
      else aliasesOf.set(r.kp, [o]);
    }
  }
  const insideAliasOf = new Map<number, (start: number, end: number) => boolean>();
  const wrongClaim = (r: Ref, o: Occurrence) => {
    if (r.kind !== "cue") return false;
    let inside = insideAliasOf.get(r.kp);
    if (!inside) insideAliasOf.set(r.kp, (inside = insideOne(aliasesOf.get(r.kp) ?? [])));
    return !inside(o.start, o.end);
  };
  const cueSpans = asserted.filter((o) => o.refs.some((r) => wrongClaim(r, o)));
  for (const o of cueSpans) {
    for (const r of o.refs) if (wrongClaim(r, o) && !contradictions[r.kp]!.has(r.text)) contradictions[r.kp]!.set(r.text, { statement: r.statement, cue: r.text, ...span(o) });
  }
  // Words that are part of a wrong claim ("GPT 用正弦位置编码") are not evidence for any point.
  const insideCue = insideUnion(cueSpans);
  const hits = keyPoints.map(() => [] as { ref: Ref; o: Occurrence }[]);
  for (const o of asserted) {
    if (insideCue(o.start, o.end)) continue;
    for (const ref of o.refs) if (ref.kind === "alias") hits[ref.kp]!.push({ ref, o });
  }

  const matches = keyPoints.map((kp, i): KeyPointMatch => {
    const list = hits[i]!.sort((a, b) => a.o.start - b.o.start || b.o.end - a.o.end);
    const firstByAlias = new Map<string, { ref: Ref; o: Occurrence }>();
    let reach = -1;
    for (const h of list) {
      // A shorter alias inside a longer one of the same point is the same evidence, counted once.
      if (h.o.end <= reach) continue;
      reach = h.o.end;
      if (!firstByAlias.has(h.ref.text)) firstByAlias.set(h.ref.text, h);
    }
    const found = [...firstByAlias.values()];
    const contra = [...contradictions[i]!.values()].sort((a, b) => a.start - b.start);
    const real = found.some((h) => h.ref.content);
    const strong = found.length >= 2 || found.some((h) => h.ref.strong);
    const status: KeyPointStatus = contra.length ? "contradicted" : found.length === 0 ? "missing" : real && strong ? "covered" : "partly";
    return {
      id: kp.id,
      status,
      matchedAliases: found.map((h) => h.ref.text),
      evidence: found.map((h) => {
        const { start, end } = span(h.o);
        return { start, end, text: answer.slice(start, end) };
      }),
      contradictions: contra,
    };
  });

  const total = keyPoints.reduce((sum, kp) => sum + kp.weight, 0);
  const earned = matches.reduce((sum, m, i) => sum + keyPoints[i]!.weight * (CREDIT[m.status] - (m.status === "contradicted" ? 0.5 : 0)), 0);
  const coverageRatio = total > 0 ? Math.min(1, Math.max(0, earned / total)) : 0;
  return { keyPoints: matches, coverage: Math.round(coverageRatio * 1e4) / 1e4, score5: Math.round(coverageRatio * 50) / 10, mode: "keypoint-match" };
}
