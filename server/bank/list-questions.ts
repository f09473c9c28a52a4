import type { Database } from "../db/database";

export type QuestionSummary = {
  id: string;
  slug: string;
  lang: string;
  status: string;
  title: string;
  difficulty: string;
  tags: string[];
  version: number | null;
  updatedAt: string;
};

/**
 * Questions of the given organisations, newest version's metadata only (no rubric or reference
 * answer: this list is safe to show to every member, candidates included, when published only).
 */
export async function listQuestions({ db, orgIds, publishedOnly }: { db: Database; orgIds: string[]; publishedOnly: boolean }): Promise<QuestionSummary[]> {
  const rows = await db.prisma.question.findMany({
    where: { orgId: { in: orgIds }, ...(publishedOnly ? { status: "PUBLISHED" } : {}) },
    include: { versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, title: true, difficulty: true, tags: true } } },
    orderBy: [{ slug: "asc" }, { lang: "asc" }],
  });
  return rows.map((q) => {
    const v = q.versions[0];
    const draft = q.draft as { title?: string; difficulty?: string; tags?: string[] };
    return {
      id: q.id,
      slug: q.slug,
      lang: q.lang,
      status: q.status,
      title: v?.title ?? draft.title ?? q.slug,
      difficulty: v?.difficulty ?? draft.difficulty ?? "medium",
      tags: v?.tags ?? draft.tags ?? [],
      version: v?.version ?? null,
      updatedAt: q.updatedAt.toISOString(),
    };
  });
}
