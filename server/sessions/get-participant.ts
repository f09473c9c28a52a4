import { AppError } from "../../lib/errors";
import type { Database } from "../db/database";

export type SessionMember = {
  session: { id: string; orgId: string; title: string; status: string };
  role: "INTERVIEWER" | "CANDIDATE" | "OBSERVER";
};

/** The caller's place in a session; NOT_FOUND for an unknown session, FORBIDDEN for an outsider. */
export async function getParticipant({ db, sessionId, userId }: { db: Database; sessionId: string; userId: string }): Promise<SessionMember> {
  const session = await db.prisma.interviewSession.findUnique({
    where: { id: sessionId },
    select: { id: true, orgId: true, title: true, status: true, participants: { where: { userId }, select: { role: true } } },
  });
  if (!session) throw new AppError("NOT_FOUND", "No such session.");
  const me = session.participants[0];
  if (!me) throw new AppError("FORBIDDEN", "You are not a participant of this session.");
  return { session: { id: session.id, orgId: session.orgId, title: session.title, status: session.status }, role: me.role };
}
