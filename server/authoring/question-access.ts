import { AppError } from "../../lib/errors";
import type { AuthContext } from "../auth/context";
import { requireOrgRole } from "../auth/guards";
import type { Database } from "../db/database";

/**
 * Loads a question for someone who may edit it: an author or admin of its organisation.
 * Drafts, rubrics and reference answers never leave this gate; an unknown id and another
 * organisation's id both answer NOT_FOUND/FORBIDDEN before any content is read.
 */
export async function requireQuestionAuthor({ db, ctx, questionId }: { db: Database; ctx: AuthContext | null; questionId: string }) {
  const q = await db.prisma.question.findUnique({ where: { id: questionId } });
  if (!q) throw new AppError("NOT_FOUND", "No such question.");
  requireOrgRole(ctx, q.orgId, ["AUTHOR"]);
  return q;
}
