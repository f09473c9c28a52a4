import type { Database } from "../db/database";

/**
 * Topic tags people can ask for in the pairing queue: the tags of the organisations' published
 * questions (latest versions), most used first, so every tag offered can actually be served.
 */
export async function listQueueTags({ db, orgIds, limit = 40 }: { db: Database; orgIds: string[]; limit?: number }): Promise<string[]> {
  if (!orgIds.length) return [];
  const rows = await db.prisma.question.findMany({
    where: { orgId: { in: orgIds }, status: "PUBLISHED" },
    select: { versions: { orderBy: { version: "desc" }, take: 1, select: { tags: true } } },
  });
  const counts = new Map<string, number>();
  for (const r of rows) for (const tag of r.versions[0]?.tags ?? []) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([tag]) => tag);
}
