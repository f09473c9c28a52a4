import type { QuestionDraft } from "@/lib/questions/draft";
import { ZQuestionFile } from "@/lib/questions/schema";

/** Editor-only blanks (an unset optional key point, an empty description) become "absent". */
export function normalizeDraft(d: QuestionDraft): QuestionDraft {
  const fu = (list: QuestionDraft["followUps"]): QuestionDraft["followUps"] =>
    list.map((f) => ({ ...f, keyPoint: f.keyPoint || undefined, followUps: f.followUps?.length ? fu(f.followUps) : undefined }));
  return {
    ...d,
    tags: d.tags.map((t) => t.trim()).filter(Boolean),
    hints: d.hints.filter((h) => h.trim()),
    keyPoints: d.keyPoints.map((k) => ({ ...k, aliases: k.aliases.map((a) => a.trim()).filter(Boolean), misconceptions: k.misconceptions.map((m) => ({ ...m, cues: m.cues.map((c) => c.trim()).filter(Boolean) })) })),
    rubric: d.rubric.map((c) => ({ ...c, description: c.description?.trim() ? c.description : undefined })),
    followUps: fu(d.followUps),
  };
}

/** Strict (publish-time) problems keyed by field path, e.g. "keyPoints.0.aliases". */
export function publishProblems(d: QuestionDraft): Map<string, string> {
  const r = ZQuestionFile.safeParse(normalizeDraft(d));
  const out = new Map<string, string>();
  if (r.success) return out;
  for (const i of r.error.issues) {
    const key = i.path.join(".");
    if (!out.has(key)) out.set(key, i.message);
  }
  return out;
}

/** Splits a typed list: "commas" on commas and line breaks (tags, aliases, cues), "lines" on line breaks only (hints are sentences). */
export const splitList = (s: string, by: "commas" | "lines" = "commas") =>
  s
    .split(by === "lines" ? /\n/ : /[\n,，]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** A short id from free text, for new key points, criteria and follow-ups. */
export function nextId(prefix: string, taken: string[]): string {
  for (let i = taken.length + 1; ; i++) {
    const id = `${prefix}-${i}`;
    if (!taken.includes(id)) return id;
  }
}
