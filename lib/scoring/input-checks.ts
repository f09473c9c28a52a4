/**
 * What the engine does with input that is not a plain answer. Each case keeps a flag, so a stored
 * score says why it is low (or why part of the answer was not read), and none of them throws.
 */

export const MAX_ANSWER_CHARS = 20_000;

export type PreparedAnswer = { text: string; flags: string[] };

// Control characters other than whitespace, replacement characters and private-use code points.
const ODD = /(?![\t\n\v\f\r])[\p{Cc}\p{Co}\ufffd]/gu;
// Requests aimed at the grader rather than answers to the question, in either language.
const INJECTION = [
  /\b(?:ignore|disregard|forget|override)\b[^.!?\n。！？]{0,40}\b(?:rubric|instructions?|prompt|rules?|grading|criteria|above|previous)\b/i,
  /\b(?:give|award|assign|grade|score|rate)\b[^.!?\n]{0,30}\b(?:full (?:marks|score|points)|(?:a |an )?(?:5|five|10|100)(?:\s*(?:\/|out of)\s*\d+)?(?: points?| stars?)?)\b/i,
  /\byou are (?:now )?(?:a|an|the) (?:grader|assistant|ai)\b/i,
  /(?:忽略|无视|忘记|不要管)[^。！？\n]{0,20}(?:评分|标准|规则|指令|提示|要求)/,
  /(?:给|打|评)(?:我|这个回答|本回答)?[^。！？\n]{0,6}(?:满分|5\s*分|五分|100\s*分|最高分)/,
  /(?:system prompt|系统提示)/i,
];

/**
 * The whole answer says the candidate did not answer ("not answered", "I don't know", "不知道"): a
 * non-answer scores 0 like an empty one, however many of the question's words peers or overlap lend it.
 * Only the entire answer counts: "I don't know the exact number, but ..." is an answer.
 */
const NON_ANSWER = [
  /^(?:(?:i|we)\s+)?(?:do\s*n[o']?t|dont|do not)\s+know(?:\s+the\s+answer)?$/,
  /^(?:not|never)\s+answered$/,
  /^(?:no|without)\s+(?:answer|idea|clue)$/,
  /^(?:unanswered|idk|dunno|n\s*a)$/,
  /^(?:我)?(?:不知道|不会|不清楚|不了解|不懂|没学过)(?:答案)?$/,
  /^(?:未作答|没有?作答|无答案|没有答案|跳过|略)$/,
];
/** Lower case, punctuation and emoji dropped: "N/A", "No answer!" and "不知道。" read as the bare phrase. */
export function isNonAnswer(text: string): boolean {
  const bare = text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}']+/gu, " ").trim();
  return bare.length > 0 && bare.length <= 40 && NON_ANSWER.some((re) => re.test(bare));
}

/** Saying one does not know, anywhere in an answer ("不知道，只听过名字", "not sure, never studied it"). */
const ADMITS_NOT_KNOWING =
  /不知道|不清楚|不了解|不太会|不会|没学过|没看过|没接触过|没做过|没听过|只听(?:说)?过|记不清|忘了|跳过|下一题|(?:do\s*n[o']?t|dont|do not) know|not sure|no idea|never (?:learned|studied|heard)|haven'?t (?:learned|studied|seen|heard)|can'?t remember|forgot|skip (?:this|it)/i;
/** An answer this short that admits not knowing and matches no key point is a non-answer too. */
export const ADMISSION_MAX_CHARS = 60;
export function admitsNotKnowing(text: string): boolean {
  return text.trim().length <= ADMISSION_MAX_CHARS && ADMITS_NOT_KNOWING.test(text.normalize("NFKC"));
}

const looksBinary = (s: string) => (s.match(ODD)?.length ?? 0) * 10 > s.length;

/** Sentences, keeping their separators, so removing one leaves the rest as typed. */
const sentences = (s: string) => s.split(/(?<=[.!?\n。！？])/);

export function prepareAnswer(answer: unknown): PreparedAnswer {
  if (typeof answer !== "string" || answer.trim() === "") return { text: "", flags: ["empty"] };
  if (looksBinary(answer)) return { text: "", flags: ["binary"] };
  const flags: string[] = [];
  let text = answer;
  if (text.length > MAX_ANSWER_CHARS) {
    // Cut on a code point boundary, never inside a surrogate pair.
    const cut = /[\ud800-\udbff]/.test(text[MAX_ANSWER_CHARS - 1]!) ? MAX_ANSWER_CHARS - 1 : MAX_ANSWER_CHARS;
    text = text.slice(0, cut);
    flags.push("too-long-truncated");
  }
  if (INJECTION.some((re) => re.test(text))) {
    // The instruction itself earns nothing; the rest of the answer is still scored on its merits.
    text = sentences(text)
      .map((s) => (INJECTION.some((re) => re.test(s)) ? " ".repeat(s.length) : s))
      .join("");
    flags.push("instructions-ignored");
  }
  if (!/[\p{L}\p{N}]/u.test(text)) flags.push("no-words");
  else if (isNonAnswer(text)) flags.push("no-answer");
  return { text, flags };
}

/** The dominant script of a text: Han, Latin, another script, or none (digits, emoji, symbols). */
export function dominantScript(text: string): "han" | "latin" | "other" | "none" {
  let han = 0;
  let latin = 0;
  let other = 0;
  for (const ch of text.slice(0, 4000)) {
    if (/\p{Script=Han}/u.test(ch)) han += 2; // a Chinese character carries about a word's worth
    else if (/\p{Script=Latin}/u.test(ch)) latin += 1;
    else if (/\p{L}/u.test(ch)) other += 1;
  }
  if (han + latin + other === 0) return "none";
  if (other > han + latin) return "other";
  return han >= latin * 0.25 ? "han" : "latin";
}

/** Chinese if the answer is mostly Chinese (English terms inside Chinese sentences are normal). */
export function answerLanguage(text: string, fallback: "zh" | "en"): "zh" | "en" {
  const script = dominantScript(text);
  return script === "han" ? "zh" : script === "latin" ? "en" : fallback;
}
