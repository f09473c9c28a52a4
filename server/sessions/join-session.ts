import { z } from "zod";
import { AppError } from "../../lib/errors";
import { ZRoomCode } from "../../lib/sessions/plan";
import type { AuthContext } from "../auth/context";
import { hasRole } from "../auth/guards";
import type { Database } from "../db/database";
import { isUniqueViolation } from "../db/errors";
import { appendSessionEvent } from "./append-session-event";

export const ZJoinSession = z.union([
  z.strictObject({ inviteToken: z.string().min(10).max(64).regex(/^[A-Za-z0-9_-]+$/, "is not an invite token"), as: z.enum(["candidate", "observer"]).default("candidate") }),
  z.strictObject({ roomCode: ZRoomCode, as: z.enum(["candidate", "observer"]).default("candidate") }),
]);
export type JoinSessionInput = z.infer<typeof ZJoinSession>;

/**
 * Enters a session by its invite link or room code. A known participant keeps their role. A new
 * person becomes the candidate if that seat is free; observers must be interviewers, reviewers or
 * admins of the session's organisation, since they will see the rubric and the AI's assessments.
 */
export async function joinSession({ db, auth, input }: { db: Database; auth: AuthContext; input: JoinSessionInput }): Promise<{ sessionId: string; role: "INTERVIEWER" | "CANDIDATE" | "OBSERVER"; created: boolean }> {
  const where = "inviteToken" in input ? { inviteToken: input.inviteToken } : { roomCode: input.roomCode };
  const session = await db.prisma.interviewSession.findUnique({ where, select: { id: true, orgId: true, status: true, kind: true, participants: { select: { userId: true, role: true } } } });
  if (!session || session.kind !== "LIVE") throw new AppError("NOT_FOUND", "No session has this invite or room code.");
  const userId = auth.user.id;
  const mine = session.participants.find((p) => p.userId === userId);
  if (mine) return { sessionId: session.id, role: mine.role, created: false };
  if (session.status === "ENDED" || session.status === "CANCELLED") throw new AppError("CONFLICT", "This session has already ended.");
  let role: "CANDIDATE" | "OBSERVER";
  if (input.as === "observer") {
    const m = auth.memberships.find((x) => x.orgId === session.orgId);
    if (!m || !hasRole(m, ["INTERVIEWER", "REVIEWER"])) throw new AppError("FORBIDDEN", "Only interviewers and reviewers of this organisation can observe a session.");
    role = "OBSERVER";
  } else {
    if (session.participants.some((p) => p.role === "CANDIDATE")) throw new AppError("CONFLICT", "This session already has a candidate. Ask the interviewer for access as an observer.");
    role = "CANDIDATE";
  }
  try {
    await db.prisma.$transaction(async (tx) => {
      // Two people following the same invite at once: the session row lock makes the second one see the first's seat.
      await tx.$queryRaw`SELECT id FROM "InterviewSession" WHERE id = ${session.id} FOR UPDATE`;
      if (role === "CANDIDATE" && (await tx.sessionParticipant.count({ where: { sessionId: session.id, role: "CANDIDATE" } })) > 0) {
        throw new AppError("CONFLICT", "This session already has a candidate. Ask the interviewer for access as an observer.");
      }
      await tx.sessionParticipant.create({ data: { sessionId: session.id, userId, role } });
      await appendSessionEvent({ tx, sessionId: session.id, type: "participant.added", actorId: userId, payload: { role } });
    });
  } catch (err) {
    // The same person joining twice at once (two tabs): the second finds the first's seat.
    if (!isUniqueViolation(err)) throw err;
    const p = await db.prisma.sessionParticipant.findUniqueOrThrow({ where: { sessionId_userId: { sessionId: session.id, userId } }, select: { role: true } });
    return { sessionId: session.id, role: p.role, created: false };
  }
  return { sessionId: session.id, role, created: true };
}
