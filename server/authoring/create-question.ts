import { z } from "zod";
import type { AuthContext } from "../auth/context";
import { requireOrgRole } from "../auth/guards";
import { AppError } from "../../lib/errors";
import { emptyDraft } from "../../lib/questions/draft";
import { ZLang } from "../../lib/questions/schema";
import { parseOrThrow } from "../../lib/validation";
import type { Database } from "../db/database";
import { isUniqueViolation } from "../db/errors";

export const ZCreateQuestion = z.strictObject({
  slug: z
    .string()
    .trim()
    .min(2, "must be at least 2 characters")
    .max(64)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case kebab-case (a-z, 0-9, -)"),
  lang: ZLang,
  title: z.string().trim().min(1, "is required").max(160),
  collection: z.string().trim().max(64).regex(/^[a-z0-9-]*$/, "must be a folder name (a-z, 0-9, -)").default("llm"),
});

/** Starts a new draft question in an organisation (author or admin). */
export async function createQuestion({ db, ctx, orgId, input }: { db: Database; ctx: AuthContext | null; orgId: string; input: unknown }) {
  const m = requireOrgRole(ctx, orgId, ["AUTHOR"]);
  const data = parseOrThrow(ZCreateQuestion, input, "question");
  try {
    return await db.prisma.question.create({
      data: {
        orgId: m.orgId,
        slug: data.slug,
        lang: data.lang,
        collection: data.collection,
        status: "DRAFT",
        draft: emptyDraft({ id: data.slug, lang: data.lang, title: data.title }),
        createdById: ctx?.user.id ?? null,
      },
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", `A ${data.lang} question with id "${data.slug}" already exists.`, { issues: [{ path: "slug", message: "is already used" }] });
    throw err;
  }
}
