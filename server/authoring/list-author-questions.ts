import { z } from "zod";
import type { Prisma } from "../db/generated/client";
import type { Database } from "../db/database";
import { loadOrgQuestionStats } from "../bank/load-question-stats";

export const ZQuestionFilters = z.object({
  q: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(64).optional(),
  difficulty: z.enum(["easy", "medium", "hard"]).optional(),
  lang: z.enum(["zh", "en"]).optional(),
  status: z.enum(["DRAFT", "PUBLISHED", "ARCHIVED"]).optional(),
  editedWithinDays: z.coerce.number().int().min(1).max(3650).optional(),
});
export type QuestionFilters = z.infer<typeof ZQuestionFilters>;

export type AuthorQuestionRow = {
  id: string;
  slug: string;
  lang: string;
  status: "DRAFT" | "PUBLISHED" | "ARCHIVED";
  title: string;
  difficulty: string;
  tags: string[];
  latestVersion: number | null;
  updatedAt: string;
  timesAsked: number;
  meanScore: number | null;
};

/**
 * The authoring list: every question of the organisations (drafts included), filtered on the
 * draft's metadata, with usage numbers. Search matches the id and the draft's title.
 */
export async function listAuthorQuestions({ db, orgIds, filters }: { db: Database; orgIds: string[]; filters: QuestionFilters }): Promise<AuthorQuestionRow[]> {
  const where: Prisma.QuestionWhereInput = { orgId: { in: orgIds } };
  if (filters.lang) where.lang = filters.lang;
  if (filters.status) where.status = filters.status;
  if (filters.editedWithinDays) where.updatedAt = { gte: new Date(Date.now() - filters.editedWithinDays * 86_400_000) };
  const rows = await db.prisma.question.findMany({
    where,
    include: { versions: { orderBy: { version: "desc" }, take: 1, select: { version: true } } },
    orderBy: [{ updatedAt: "desc" }],
  });
  const stats = new Map<string, { timesAsked: number; meanScore: number | null }>();
  for (const orgId of orgIds) {
    for (const [id, s] of await loadOrgQuestionStats({ db, orgId })) stats.set(id, { timesAsked: s.timesAsked, meanScore: s.meanScore.value });
  }
  const needle = filters.q?.toLowerCase();
  return rows
    .map((r) => {
      const d = r.draft as { title?: string; difficulty?: string; tags?: string[] };
      return {
        id: r.id,
        slug: r.slug,
        lang: r.lang,
        status: r.status,
        title: d.title ?? r.slug,
        difficulty: d.difficulty ?? "medium",
        tags: d.tags ?? [],
        latestVersion: r.versions[0]?.version ?? null,
        updatedAt: r.updatedAt.toISOString(),
        timesAsked: stats.get(r.id)?.timesAsked ?? 0,
        meanScore: stats.get(r.id)?.meanScore ?? null,
      };
    })
    .filter((r) => (!needle || r.slug.includes(needle) || r.title.toLowerCase().includes(needle)) && (!filters.tag || r.tags.includes(filters.tag)) && (!filters.difficulty || r.difficulty === filters.difficulty))
    // Title, tag and difficulty live in the draft JSON and are filtered here, so the page limit
    // applies after filtering: a limit in the query could drop matching questions.
    .slice(0, 500);
}
