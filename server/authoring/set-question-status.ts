import type { AuthContext } from "../auth/context";
import type { Database } from "../db/database";
import { requireQuestionAuthor } from "./question-access";

/**
 * Archives a question (hidden from new sessions; past sessions keep their versions) or
 * restores it: to PUBLISHED when it has a published version, else back to DRAFT.
 */
export async function setQuestionArchived({ db, ctx, questionId, archived }: { db: Database; ctx: AuthContext | null; questionId: string; archived: boolean }) {
  const q = await requireQuestionAuthor({ db, ctx, questionId });
  const hasVersion = (await db.prisma.questionVersion.count({ where: { questionId: q.id } })) > 0;
  const status = archived ? "ARCHIVED" : hasVersion ? "PUBLISHED" : "DRAFT";
  return db.prisma.question.update({ where: { id: q.id }, data: { status } });
}
