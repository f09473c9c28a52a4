import type { z } from "zod";
import type { Waiter } from "../../lib/pairing/criteria";
import { AppError } from "../../lib/errors";
import type { ZQueueJoin } from "../../lib/realtime/pairing-contract";
import type { AuthContext } from "../auth/context";
import { hasRole, primaryMembership, requireOrgMember } from "../auth/guards";
import type { Database } from "../db/database";

export type JoinedEntry = { id: string; orgId: string; joinedAt: Date };

/**
 * Puts the caller in an organisation's pairing queue. A user has at most one open entry: joining
 * again (another tab, other criteria) replaces it, and the replaced entries are returned so their
 * sockets can be told. The user's row is locked for the swap so two quick joins leave one entry.
 * `waiting` is the organisation's open queue as this transaction saw it, for the first status.
 */
export async function joinQueue({
  db,
  auth,
  input,
  now,
}: {
  db: Database;
  auth: AuthContext;
  input: z.infer<typeof ZQueueJoin>;
  now: Date;
}): Promise<{ entry: JoinedEntry; replaced: { id: string; orgId: string }[]; waiting: Waiter[] }> {
  const membership = input.orgId ? requireOrgMember(auth, input.orgId) : primaryMembership(auth, input.role === "INTERVIEWER" ? ["INTERVIEWER"] : undefined);
  if (!membership) {
    throw new AppError("FORBIDDEN", input.role === "INTERVIEWER" ? "The pairing queue needs the interviewer role to join as an interviewer." : "Join an organisation to use its pairing queue.");
  }
  if (input.role === "INTERVIEWER" && !hasRole(membership, ["INTERVIEWER"])) {
    throw new AppError("FORBIDDEN", "Joining as an interviewer needs the interviewer role in this organisation.");
  }
  const orgId = membership.orgId;
  const published = await db.prisma.question.count({ where: { orgId, status: "PUBLISHED" } });
  if (!published) throw new AppError("CONFLICT", "This organisation has no published questions yet, so nobody can be paired.");

  const userId = auth.user.id;
  return db.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
    const replaced = await tx.queueEntry.findMany({ where: { userId, matchedAt: null }, select: { id: true, orgId: true } });
    if (replaced.length) await tx.queueEntry.deleteMany({ where: { id: { in: replaced.map((r) => r.id) } } });
    const entry = await tx.queueEntry.create({
      data: { orgId, userId, role: input.role, tags: input.tags, level: input.level, lang: input.lang, joinedAt: now },
      select: { id: true, orgId: true, joinedAt: true },
    });
    const open = await tx.queueEntry.findMany({
      where: { orgId, matchedAt: null },
      select: { id: true, userId: true, role: true, tags: true, level: true, lang: true, joinedAt: true },
    });
    return { entry, replaced, waiting: open.map((w) => ({ ...w, joinedAt: w.joinedAt.getTime() })) };
  });
}
