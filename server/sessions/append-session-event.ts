import type { SessionEventType } from "../../lib/sessions/event-types";
import type { Prisma } from "../db/generated/client";

type Tx = Prisma.TransactionClient;

/**
 * Appends one event to a session's timeline. The sequence number comes from an atomic
 * increment on the session row, so concurrent writers serialise on that row and never collide.
 */
export async function appendSessionEvent({
  tx,
  sessionId,
  type,
  actorId,
  visibility = "ALL",
  payload,
}: {
  tx: Tx;
  sessionId: string;
  type: SessionEventType;
  actorId?: string | null;
  visibility?: "ALL" | "STAFF";
  payload: Prisma.InputJsonValue;
}): Promise<{ id: string; seq: number }> {
  const { eventSeq } = await tx.interviewSession.update({
    where: { id: sessionId },
    data: { eventSeq: { increment: 1 } },
    select: { eventSeq: true },
  });
  const row = await tx.sessionEvent.create({
    data: { sessionId, seq: eventSeq, type, actorId: actorId ?? null, visibility, payload },
    select: { id: true, seq: true },
  });
  return row;
}
