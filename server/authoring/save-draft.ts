import type { Prisma } from "../db/generated/client";
import { AppError } from "../../lib/errors";
import { ZQuestionDraft } from "../../lib/questions/draft";
import { parseOrThrow } from "../../lib/validation";
import type { AuthContext } from "../auth/context";
import type { Database } from "../db/database";
import { requireQuestionAuthor } from "./question-access";

/**
 * Saves the editable draft. `baseUpdatedAt` is the version the editor loaded: if someone saved
 * in between, the save is refused with CONFLICT instead of silently overwriting their work.
 * The id and language are fixed at creation and cannot be changed through the draft.
 */
export async function saveDraft({
  db,
  ctx,
  questionId,
  draft,
  baseUpdatedAt,
}: {
  db: Database;
  ctx: AuthContext | null;
  questionId: string;
  draft: unknown;
  baseUpdatedAt?: string | undefined;
}) {
  const q = await requireQuestionAuthor({ db, ctx, questionId });
  const data = parseOrThrow(ZQuestionDraft, draft, "draft");
  if (data.id !== q.slug || data.lang !== q.lang) throw new AppError("VALIDATION_FAILED", "The question's id and language cannot be changed.", { issues: [{ path: "id", message: "cannot be changed" }] });
  const where = baseUpdatedAt ? { id: q.id, updatedAt: new Date(baseUpdatedAt) } : { id: q.id };
  const r = await db.prisma.question.updateMany({ where, data: { draft: data as Prisma.InputJsonValue } });
  if (r.count === 0) throw new AppError("CONFLICT", "Someone else saved this question after you opened it. Reload to see their changes.");
  return db.prisma.question.findUniqueOrThrow({ where: { id: q.id } });
}
