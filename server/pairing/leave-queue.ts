import type { Database } from "../db/database";

/**
 * Removes open (unmatched) queue entries: the user's one entry, or only `entryId` when given (a
 * closed tab removes the entry it held, not one the same user opened in another tab since).
 * One DELETE ... RETURNING, so an entry the matcher claims at the same moment is never removed
 * nor reported as removed.
 */
export async function leaveQueue({ db, userId, entryId }: { db: Database; userId: string; entryId?: string }): Promise<{ id: string; orgId: string }[]> {
  return entryId
    ? db.prisma.$queryRaw<{ id: string; orgId: string }[]>`
        DELETE FROM "QueueEntry" WHERE "userId" = ${userId} AND id = ${entryId} AND "matchedAt" IS NULL RETURNING id, "orgId"`
    : db.prisma.$queryRaw<{ id: string; orgId: string }[]>`
        DELETE FROM "QueueEntry" WHERE "userId" = ${userId} AND "matchedAt" IS NULL RETURNING id, "orgId"`;
}
