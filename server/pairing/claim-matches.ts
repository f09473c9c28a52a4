import { findMatches, type Match } from "../../lib/pairing/match";
import type { RelaxationSchedule, Waiter } from "../../lib/pairing/criteria";
import type { Database } from "../db/database";

/** First key of the per-organisation advisory lock (the second is a hash of the org id). */
const PAIRING_LOCK_KEY = 0x7061; // "pa"

export type ClaimedRound = {
  matches: Match[];
  /** Open entries left waiting after this round, in arrival order. */
  waiting: Waiter[];
  /** Entries removed because no socket holds them any more (their server died before it could remove them). */
  removed: string[];
};

type Row = { id: string; userId: string; role: Waiter["role"]; tags: string[]; level: string; lang: string; joinedAt: Date };
const toWaiter = (r: Row): Waiter => ({ id: r.id, userId: r.userId, role: r.role, tags: r.tags, level: r.level, lang: r.lang, joinedAt: r.joinedAt.getTime() });

/**
 * One matching round for one organisation, under a transaction-scoped advisory lock so that two
 * servers never match the same queue at once (PostgreSQL and PGlite alike). A server that finds the
 * lock taken skips the round (returns null): the holder is doing the same work. Matched entries
 * are claimed (matchedAt) before the lock is released; creating their sessions happens afterwards.
 *
 * `live` is the set of entry ids whose socket is still connected somewhere, collected at
 * `liveSince`; entries missing from it and older than the grace period are ghosts and removed.
 */
export async function claimMatches({
  db,
  orgId,
  now,
  schedule,
  live,
  liveSince,
  graceMs = 5_000,
}: {
  db: Database;
  orgId: string;
  now: number;
  schedule: RelaxationSchedule;
  live: ReadonlySet<string>;
  liveSince: number;
  graceMs?: number;
}): Promise<ClaimedRound | null> {
  return db.prisma.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${PAIRING_LOCK_KEY}::int, hashtext(${orgId})) AS locked`;
    if (!lock?.locked) return null;
    const open: Row[] = await tx.queueEntry.findMany({
      where: { orgId, matchedAt: null },
      orderBy: [{ joinedAt: "asc" }, { id: "asc" }],
      select: { id: true, userId: true, role: true, tags: true, level: true, lang: true, joinedAt: true },
    });
    const ghosts = open.filter((e) => !live.has(e.id) && e.joinedAt.getTime() < liveSince - graceMs).map((e) => e.id);
    if (ghosts.length) await tx.queueEntry.deleteMany({ where: { id: { in: ghosts }, matchedAt: null } });
    const waiters = open.filter((e) => !ghosts.includes(e.id)).map(toWaiter);
    const matches = findMatches(waiters, now, schedule);
    for (const m of matches) {
      const { count } = await tx.queueEntry.updateMany({ where: { id: { in: [m.first.id, m.second.id] }, matchedAt: null }, data: { matchedAt: new Date(now) } });
      // Cannot happen while the lock is held; if it ever does, the whole round rolls back rather than pairing someone twice.
      if (count !== 2) throw new Error(`queue entry ${m.first.id} or ${m.second.id} was claimed concurrently`);
    }
    const matched = new Set(matches.flatMap((m) => [m.first.id, m.second.id]));
    return { matches, waiting: waiters.filter((w) => !matched.has(w.id)), removed: ghosts };
  });
}

/**
 * Gives back claims whose session was never created (the claiming server died in between), so
 * those people are matched again rather than stuck.
 */
export async function releaseStaleClaims({ db, olderThan }: { db: Database; olderThan: Date }): Promise<number> {
  const { count } = await db.prisma.queueEntry.updateMany({ where: { sessionId: null, matchedAt: { lt: olderThan } }, data: { matchedAt: null } });
  return count;
}
