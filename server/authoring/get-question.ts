import { AppError } from "../../lib/errors";
import { ZQuestionDraft, type QuestionDraft } from "../../lib/questions/draft";
import type { AuthContext } from "../auth/context";
import { contentHash } from "../bank/import-question-bank";
import type { Database } from "../db/database";
import { requireQuestionAuthor } from "./question-access";

export type QuestionForEditor = {
  id: string;
  orgId: string;
  slug: string;
  lang: string;
  collection: string;
  status: "DRAFT" | "PUBLISHED" | "ARCHIVED";
  updatedAt: string;
  draft: QuestionDraft;
  /** True when the draft differs from the latest published version (or nothing is published). */
  unpublishedChanges: boolean;
  versions: { version: number; title: string; publishedAt: string; publishedBy: string | null }[];
};

export async function getQuestionForEditor({ db, ctx, questionId }: { db: Database; ctx: AuthContext | null; questionId: string }): Promise<QuestionForEditor> {
  const q = await requireQuestionAuthor({ db, ctx, questionId });
  const versions = await db.prisma.questionVersion.findMany({
    where: { questionId: q.id },
    orderBy: { version: "desc" },
    select: { version: true, title: true, publishedAt: true, contentHash: true, publishedBy: { select: { name: true } } },
  });
  const draft = ZQuestionDraft.parse(q.draft);
  return {
    id: q.id,
    orgId: q.orgId,
    slug: q.slug,
    lang: q.lang,
    collection: q.collection,
    status: q.status,
    updatedAt: q.updatedAt.toISOString(),
    draft,
    unpublishedChanges: versions[0]?.contentHash !== contentHash(draft as Parameters<typeof contentHash>[0]),
    versions: versions.map((v) => ({ version: v.version, title: v.title, publishedAt: v.publishedAt.toISOString(), publishedBy: v.publishedBy?.name ?? null })),
  };
}

/** One published version's full content. */
export async function getQuestionVersion({ db, ctx, questionId, version }: { db: Database; ctx: AuthContext | null; questionId: string; version: number }) {
  const q = await requireQuestionAuthor({ db, ctx, questionId });
  const v = await db.prisma.questionVersion.findUnique({ where: { questionId_version: { questionId: q.id, version } } });
  if (!v) throw new AppError("NOT_FOUND", `Version ${version} does not exist.`);
  return v;
}
