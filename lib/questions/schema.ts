import { z } from "zod";

/**
 * The on-disk format of one question in one language (questions/<topic>/<id>.<lang>.yaml).
 * It is also the shape stored in every immutable QuestionVersion, so the file, the database
 * and the scoring engine all read the same structure.
 */

export const LANGS = ["zh", "en"] as const;
export const ZLang = z.enum(LANGS);
export type Lang = z.infer<typeof ZLang>;

export const DIFFICULTIES = ["easy", "medium", "hard"] as const;
export const ZDifficulty = z.enum(DIFFICULTIES);

const slug = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case kebab-case (a-z, 0-9, -)");

const line = (max: number) => z.string().trim().min(1, "must not be empty").max(max);
const markdown = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

export const ZMisconception = z.strictObject({
  /** A wrong claim that sounds close to the key point; answers asserting it are contradicted. */
  statement: line(400),
  /** Phrases that signal the wrong claim (any language). */
  cues: z.array(line(120)).max(20).default([]),
});

export const ZKeyPoint = z.strictObject({
  id: slug,
  statement: line(400),
  weight: z.number().positive().max(10),
  /** Terms and synonyms that express the point, in both Chinese and English. */
  aliases: z.array(line(120)).min(1).max(40),
  misconceptions: z.array(ZMisconception).max(10).default([]),
});

export const ZRubricLevel = z.strictObject({
  score: z.number().int().min(0).max(5),
  label: line(60),
  description: line(600),
});

export const ZCriterion = z
  .strictObject({
    id: slug,
    name: line(80),
    weight: z.number().positive().max(10),
    description: line(400).optional(),
    levels: z.array(ZRubricLevel).min(2).max(6),
  })
  .superRefine((c, ctx) => {
    const scores = c.levels.map((l) => l.score);
    if (new Set(scores).size !== scores.length) {
      ctx.addIssue({ code: "custom", path: ["levels"], message: "level scores must be unique" });
    }
    if (scores.some((s, i) => i > 0 && s <= (scores[i - 1] ?? -1))) {
      ctx.addIssue({ code: "custom", path: ["levels"], message: "levels must be sorted by ascending score" });
    }
  });

export type FollowUpInput = {
  id: string;
  keyPoint?: string | undefined;
  when: "missing" | "weak" | "contradicted" | "any";
  prompt: string;
  followUps?: FollowUpInput[] | undefined;
};

export const ZFollowUp: z.ZodType<FollowUpInput> = z.lazy(() =>
  z.strictObject({
    id: slug,
    /** The key point whose absence or weakness triggers this follow-up; none means "always relevant". */
    keyPoint: slug.optional(),
    when: z.enum(["missing", "weak", "contradicted", "any"]).default("missing"),
    prompt: line(600),
    followUps: z.array(ZFollowUp).max(5).optional(),
  }),
);

export const ZQuestionFile = z
  .strictObject({
    id: slug,
    lang: ZLang,
    title: line(160),
    difficulty: ZDifficulty,
    timeMinutes: z.number().int().min(1).max(120),
    tags: z.array(slug).min(1).max(12),
    prompt: markdown(4000),
    hints: z.array(line(400)).max(5).default([]),
    referenceAnswer: markdown(20000),
    keyPoints: z.array(ZKeyPoint).min(3).max(7),
    rubric: z.array(ZCriterion).min(2).max(6),
    followUps: z.array(ZFollowUp).max(12).default([]),
  })
  .superRefine((q, ctx) => {
    const kpIds = new Set<string>();
    q.keyPoints.forEach((kp, i) => {
      if (kpIds.has(kp.id)) ctx.addIssue({ code: "custom", path: ["keyPoints", i, "id"], message: `duplicate key point id "${kp.id}"` });
      kpIds.add(kp.id);
    });
    const critIds = new Set<string>();
    q.rubric.forEach((c, i) => {
      if (critIds.has(c.id)) ctx.addIssue({ code: "custom", path: ["rubric", i, "id"], message: `duplicate criterion id "${c.id}"` });
      critIds.add(c.id);
    });
    const fuIds = new Set<string>();
    const walk = (list: FollowUpInput[], path: (string | number)[]) => {
      list.forEach((f, i) => {
        const here = [...path, i];
        if (fuIds.has(f.id)) ctx.addIssue({ code: "custom", path: [...here, "id"], message: `duplicate follow-up id "${f.id}"` });
        fuIds.add(f.id);
        if (f.keyPoint && !kpIds.has(f.keyPoint)) {
          ctx.addIssue({ code: "custom", path: [...here, "keyPoint"], message: `unknown key point "${f.keyPoint}"` });
        }
        if (f.followUps) walk(f.followUps, [...here, "followUps"]);
      });
    };
    walk(q.followUps, ["followUps"]);
  });

export type QuestionFile = z.infer<typeof ZQuestionFile>;
export type KeyPoint = z.infer<typeof ZKeyPoint>;
export type Criterion = z.infer<typeof ZCriterion>;
