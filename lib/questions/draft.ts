import { z } from "zod";
import { DIFFICULTIES, LANGS } from "./schema";

/**
 * A question being edited. Same shape as the published file (ZQuestionFile) but every
 * minimum is relaxed, so an author can save half-written work; publishing applies the
 * strict schema and reports each problem next to its field.
 */
const text = (max: number) => z.string().max(max);

const ZDraftFollowUp: z.ZodType<DraftFollowUp> = z.lazy(() =>
  z.object({
    id: text(64),
    keyPoint: text(64).optional(),
    when: z.enum(["missing", "weak", "contradicted", "any"]),
    prompt: text(600),
    followUps: z.array(ZDraftFollowUp).max(5).optional(),
  }),
);

export type DraftFollowUp = { id: string; keyPoint?: string | undefined; when: "missing" | "weak" | "contradicted" | "any"; prompt: string; followUps?: DraftFollowUp[] | undefined };

export const ZQuestionDraft = z.object({
  id: text(64),
  lang: z.enum(LANGS),
  title: text(160),
  difficulty: z.enum(DIFFICULTIES),
  timeMinutes: z.number().int().min(0).max(120),
  tags: z.array(text(64)).max(12),
  prompt: text(4000),
  hints: z.array(text(400)).max(5),
  referenceAnswer: text(20000),
  keyPoints: z
    .array(
      z.object({
        id: text(64),
        statement: text(400),
        weight: z.number().min(0).max(10),
        aliases: z.array(text(120)).max(40),
        misconceptions: z.array(z.object({ statement: text(400), cues: z.array(text(120)).max(20) })).max(10),
      }),
    )
    .max(7),
  rubric: z
    .array(
      z.object({
        id: text(64),
        name: text(80),
        weight: z.number().min(0).max(10),
        description: text(400).optional(),
        levels: z.array(z.object({ score: z.number().int().min(0).max(5), label: text(60), description: text(600) })).max(6),
      }),
    )
    .max(6),
  followUps: z.array(ZDraftFollowUp).max(12),
});
export type QuestionDraft = z.infer<typeof ZQuestionDraft>;

/** A blank question with the standard rubric skeleton, ready for the editor. */
export function emptyDraft({ id, lang, title }: { id: string; lang: (typeof LANGS)[number]; title: string }): QuestionDraft {
  const level = (score: number) => ({ score, label: "", description: "" });
  const criterion = (cid: string, weight: number) => ({ id: cid, name: cid[0]!.toUpperCase() + cid.slice(1), weight, levels: [level(0), level(2), level(4), level(5)] });
  return {
    id,
    lang,
    title,
    difficulty: "medium",
    timeMinutes: 10,
    tags: [],
    prompt: "",
    hints: [],
    referenceAnswer: "",
    keyPoints: [],
    rubric: [criterion("correctness", 0.5), criterion("depth", 0.3), criterion("communication", 0.2)],
    followUps: [],
  };
}
