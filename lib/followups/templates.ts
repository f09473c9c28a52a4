import type { Lang } from "../questions/schema";

/** How an answer falls short of a key point, for follow-ups (and the "why" of a proposal). */
export const GAP_STATUSES = ["partly", "missing", "contradicted"] as const;
export type GapStatus = (typeof GAP_STATUSES)[number];

/** A statement without its closing sentence punctuation, for wording that ends the sentence itself. */
export function withoutClosingPunctuation(statement: string): string {
  return statement.trim().replace(/[.。!！?？;；]+$/u, "");
}

/**
 * Fallback wording when no authored follow-up fits the gap. Built only from the key point's
 * statement (the thing the candidate should be able to argue for), never from the reference answer,
 * so a template cannot leak the model answer the interviewer grades against. A contradiction is
 * asked about in the candidate's own words where the engine has them (QUOTED_CONTRADICTION).
 */
const TEMPLATES: Record<Lang, Record<GapStatus, (statement: string) => string>> = {
  en: {
    contradicted: (s) => `You said something that conflicts with this point: "${s}" Can you walk me through your reasoning again?`,
    missing: (s) => `You didn't get to this point yet: "${s}" Can you explain why that holds?`,
    partly: (s) => `You touched on this point only briefly: "${s}" Can you go into more detail?`,
  },
  zh: {
    contradicted: (s) => `你刚才的说法和这一点有冲突：「${s}」能再一步步讲讲你的推理吗？`,
    missing: (s) => `你的回答还没有谈到这一点：「${s}」能解释一下为什么是这样吗？`,
    partly: (s) => `你对这一点只是简单带过：「${s}」能展开讲讲吗？`,
  },
};

/**
 * A contradiction with the candidate's own words to quote: an interviewer asks them to reconsider what
 * they said instead of reading the correct statement out, which would hand them the answer.
 */
const QUOTED_CONTRADICTION: Record<Lang, (quote: string) => string> = {
  en: (q) => `You said "${q}". Can you walk me through your reasoning there?`,
  zh: (q) => `你刚才说「${q}」，能一步步讲讲你的推理吗？`,
};

/** The most of the candidate's words a quote carries; a longer span is cut at a word boundary. */
export const MAX_QUOTE_CHARS = 80;

/**
 * The candidate's words for a quote: spacing collapsed, surrounding punctuation and quote marks
 * dropped (the template adds its own), at most MAX_QUOTE_CHARS. Empty when nothing is left.
 */
export function quotable(words: string): string {
  const flat = words
    .replace(/\s+/g, " ")
    .replace(/["“”「」『』]/g, "")
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, "");
  if (flat.length <= MAX_QUOTE_CHARS) return flat;
  const cut = flat.slice(0, MAX_QUOTE_CHARS);
  const space = cut.lastIndexOf(" ");
  return `${(space > MAX_QUOTE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Trailing punctuation of the statement is dropped so the template's own punctuation reads cleanly.
 * For a contradiction, `quote` (the answer's words that made the wrong claim, see quotable) is asked
 * about in place of the statement.
 */
export function templateFollowUp({ status, statement, lang, quote }: { status: GapStatus; statement: string; lang: Lang; quote?: string | undefined }): string {
  const q = status === "contradicted" && quote ? quotable(quote) : "";
  if (q) return QUOTED_CONTRADICTION[lang](q);
  const trimmed = withoutClosingPunctuation(statement);
  return TEMPLATES[lang][status](lang === "en" ? `${trimmed}.` : `${trimmed}。`);
}

/** Case, width, punctuation and spacing differences do not make a prompt new. */
export function normalisePrompt(prompt: string): string {
  return prompt
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}
