import type { Database } from "../db/database";

export type PlannableQuestion = { id: string; slug: string; lang: string; title: string; tags: string[]; difficulty: string; minutes: number };

/**
 * The published questions of an organisation that a session or template can ask, with each one's
 * own time budget (the default minutes of a plan item). Metadata only: no prompt, rubric or answer.
 */
export async function listPlannableQuestions({ db, orgId }: { db: Database; orgId: string }): Promise<PlannableQuestion[]> {
  const rows = await db.prisma.question.findMany({
    where: { orgId, status: "PUBLISHED" },
    select: { id: true, slug: true, lang: true, versions: { orderBy: { version: "desc" }, take: 1, select: { title: true, tags: true, difficulty: true, content: true } } },
    orderBy: [{ slug: "asc" }, { lang: "asc" }],
    take: 2000,
  });
  return rows.flatMap((q) => {
    const v = q.versions[0];
    if (!v) return [];
    const own = (v.content as { timeMinutes?: unknown } | null)?.timeMinutes;
    return [{ id: q.id, slug: q.slug, lang: q.lang, title: v.title, tags: v.tags, difficulty: v.difficulty, minutes: typeof own === "number" ? own : 10 }];
  });
}
