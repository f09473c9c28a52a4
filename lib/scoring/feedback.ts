/**
 * Short feedback in the answer's language: what was good, what is missing, what is wrong. Built from
 * the key point statuses only, so every line points at something the UI can show evidence for.
 */

/** `cautions`: what the reader should check before relying on the score (not a fault of the answer). */
export type Feedback = { lang: "zh" | "en"; good: string[]; missing: string[]; wrong: string[]; cautions: string[] };
type PointForFeedback = { statement: string; status: "covered" | "partly" | "missing" | "contradicted"; misconceptions: string[] };

const MAX_LINES = 3;
const clip = (s: string, max = 140) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);

const TEXT = {
  en: {
    covered: (s: string) => `Covered: ${s}`,
    partly: (s: string) => `Touched on, but not fully explained: ${s}`,
    missing: (s: string) => `Missing: ${s}`,
    wrong: (s: string) => `Incorrect claim: ${s}`,
    contradicted: (s: string) => `Contradicts: ${s}`,
    flags: {
      empty: "No answer was given.",
      binary: "The answer is not readable text.",
      "no-words": "The answer contains no words.",
      "no-answer": "The answer says the question was not answered.",
      "instructions-ignored": "Instructions addressed to the grader were ignored; only the answer itself is scored.",
      "too-long-truncated": "The answer was very long; only its beginning was scored.",
      "off-language": "The answer is in a language the question was not asked in.",
      "off-topic": "The answer does not address the question.",
      "low-coverage": "The answer covers very little of what the question asks.",
    } as Record<string, string>,
    cautions: {
      "own-words": "Long and on the topic, yet few key points appear in the words the checklist knows: it may explain them in its own words. Read it before relying on this score.",
    } as Record<string, string>,
  },
  zh: {
    covered: (s: string) => `答到了：${s}`,
    partly: (s: string) => `提到了，但没有讲清楚：${s}`,
    missing: (s: string) => `缺少：${s}`,
    wrong: (s: string) => `错误的说法：${s}`,
    contradicted: (s: string) => `与要点相矛盾：${s}`,
    flags: {
      empty: "没有作答。",
      binary: "回答不是可读的文本。",
      "no-words": "回答中没有文字内容。",
      "no-answer": "回答表示没有作答。",
      "instructions-ignored": "回答中对评分者的指令已被忽略，只按回答内容评分。",
      "too-long-truncated": "回答过长，只评了开头部分。",
      "off-language": "回答使用的语言与题目不符。",
      "off-topic": "回答没有针对题目。",
      "low-coverage": "回答只涉及题目要求的很少一部分。",
    } as Record<string, string>,
    cautions: {
      "own-words": "回答较长且切题，但按要点的关键词只认出了很少几条，可能是用自己的话讲的。请先读一遍回答，再参考这个分数。",
    } as Record<string, string>,
  },
};

export function writeFeedback(opts: { lang: "zh" | "en"; points: readonly PointForFeedback[]; flags: readonly string[] }): Feedback {
  const t = TEXT[opts.lang];
  const good = opts.points.filter((p) => p.status === "covered").map((p) => t.covered(clip(p.statement)));
  const partly = opts.points.filter((p) => p.status === "partly").map((p) => t.partly(clip(p.statement)));
  const missing = opts.points.filter((p) => p.status === "missing").map((p) => t.missing(clip(p.statement)));
  const wrong = opts.points
    .filter((p) => p.status === "contradicted")
    .flatMap((p) => (p.misconceptions.length > 0 ? p.misconceptions.map((m) => t.wrong(clip(m))) : [t.contradicted(clip(p.statement))]));
  const flagLines = opts.flags.map((f) => t.flags[f]).filter((s): s is string => Boolean(s));
  const cautions = opts.flags.map((f) => t.cautions[f]).filter((s): s is string => Boolean(s));
  return {
    lang: opts.lang,
    good: good.slice(0, MAX_LINES),
    missing: [...partly, ...missing].slice(0, MAX_LINES),
    wrong: [...flagLines, ...wrong].slice(0, MAX_LINES + flagLines.length),
    cautions,
  };
}
