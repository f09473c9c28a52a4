import { z } from "zod";
import { AppError } from "../../lib/errors";
import type { AuthContext } from "../auth/context";
import { requireAuth } from "../auth/guards";
import type { Database } from "../db/database";
import type { DeadLetter, JobQueue } from "./queue";

export type DeadLetterView = Omit<DeadLetter, "failedAt"> & { failedAt: string; orgId: string | null };

const ZRef = z.object({ answerId: z.string(), turnId: z.string(), questionVersionId: z.string(), questionId: z.string() }).partial();

/** The organisation a job's payload belongs to, from the first id it names; null when none resolves. */
async function orgOfPayload(db: Database, payload: unknown): Promise<string | null> {
  const ref = ZRef.safeParse(payload).data ?? {};
  if (ref.answerId) return (await db.prisma.answer.findUnique({ where: { id: ref.answerId }, select: { turn: { select: { session: { select: { orgId: true } } } } } }))?.turn.session.orgId ?? null;
  if (ref.turnId) return (await db.prisma.turn.findUnique({ where: { id: ref.turnId }, select: { session: { select: { orgId: true } } } }))?.session.orgId ?? null;
  if (ref.questionVersionId) return (await db.prisma.questionVersion.findUnique({ where: { id: ref.questionVersionId }, select: { question: { select: { orgId: true } } } }))?.question.orgId ?? null;
  if (ref.questionId) return (await db.prisma.question.findUnique({ where: { id: ref.questionId }, select: { orgId: true } }))?.orgId ?? null;
  return null;
}

function adminOrgs(ctx: AuthContext | null): Set<string> {
  const auth = requireAuth(ctx);
  const orgs = new Set(auth.memberships.filter((m) => m.roles.includes("ADMIN")).map((m) => m.orgId));
  if (orgs.size === 0) throw new AppError("FORBIDDEN", "This needs the admin role.");
  return orgs;
}

/**
 * Jobs that will not be retried, newest first, for an admin: those whose payload belongs to one of
 * the caller's organisations, and those that name nothing resolvable (an invalid payload, a deleted
 * answer), which belong to no organisation and carry no organisation's data.
 */
export async function listDeadLetters({ db, jobs, ctx, limit = 200 }: { db: Database; jobs: Pick<JobQueue, "deadLetters">; ctx: AuthContext | null; limit?: number }): Promise<DeadLetterView[]> {
  const orgs = adminOrgs(ctx);
  const letters = (await jobs.deadLetters()).sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime());
  const out: DeadLetterView[] = [];
  for (const d of letters) {
    const orgId = await orgOfPayload(db, d.payload);
    if (orgId !== null && !orgs.has(orgId)) continue;
    out.push({ ...d, failedAt: d.failedAt.toISOString(), orgId });
    if (out.length >= limit) break;
  }
  return out;
}

export const ZRetryDeadLetter = z.strictObject({ jobId: z.string().min(1).max(64), jobKey: z.string().min(1).max(300) });

/** Runs one dead letter again, if the caller may see it (same rule as the list). */
export async function retryDeadLetter({ db, jobs, ctx, ref }: { db: Database; jobs: Pick<JobQueue, "deadLetters" | "retryDeadLetter">; ctx: AuthContext | null; ref: z.infer<typeof ZRetryDeadLetter> }): Promise<{ retried: true }> {
  const orgs = adminOrgs(ctx);
  const letter = (await jobs.deadLetters()).find((d) => d.jobId === ref.jobId && d.jobKey === ref.jobKey);
  const orgId = letter ? await orgOfPayload(db, letter.payload) : null;
  if (!letter || (orgId !== null && !orgs.has(orgId))) throw new AppError("NOT_FOUND", "No such dead letter.");
  if (!(await jobs.retryDeadLetter(ref))) throw new AppError("NOT_FOUND", "No such dead letter.");
  return { retried: true };
}
