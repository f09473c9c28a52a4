import type { Prisma } from "../db/generated/client";
import { ZQuestionFile } from "../../lib/questions/schema";
import { parseOrThrow } from "../../lib/validation";
import type { AuthContext } from "../auth/context";
import { contentHash } from "../bank/import-question-bank";
import type { Database } from "../db/database";
import { rescoreAfterPublish } from "../jobs/request-rescore";
import { requireQuestionAuthor } from "./question-access";

/**
 * Publishes the draft as a new immutable version, after the strict schema accepts it. Publishing
 * an unchanged draft creates nothing and returns the latest version (safe to retry).
 */
export async function publishQuestion({ db, ctx, questionId }: { db: Database; ctx: AuthContext | null; questionId: string }) {
  const q = await requireQuestionAuthor({ db, ctx, questionId });
  const content = parseOrThrow(ZQuestionFile, q.draft, "question");
  const hash = contentHash(content);
  const result = await db.prisma.$transaction(async (tx) => {
    const latest = await tx.questionVersion.findFirst({ where: { questionId: q.id }, orderBy: { version: "desc" } });
    if (latest?.contentHash === hash) {
      if (q.status !== "PUBLISHED") await tx.question.update({ where: { id: q.id }, data: { status: "PUBLISHED" } });
      return { version: latest, created: false };
    }
    const version = await tx.questionVersion.create({
      data: {
        questionId: q.id,
        version: (latest?.version ?? 0) + 1,
        content: content as Prisma.InputJsonValue,
        contentHash: hash,
        title: content.title,
        difficulty: content.difficulty,
        tags: content.tags,
        publishedById: ctx?.user.id ?? null,
      },
    });
    await tx.question.update({ where: { id: q.id }, data: { status: "PUBLISHED", draft: content as Prisma.InputJsonValue } });
    return { version, created: true };
  });
  // Stored answers are re-scored against a version that changes what the engine reads (server/jobs).
  if (result.created) await rescoreAfterPublish({ db, versionId: result.version.id });
  return result;
}
