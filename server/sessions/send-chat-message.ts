import { AppError } from "../../lib/errors";
import type { ChatMessage } from "../../lib/realtime/contract";
import type { Database } from "../db/database";
import { isUniqueViolation } from "../db/errors";
import { appendSessionEvent } from "./append-session-event";
import { getParticipant } from "./get-participant";

type Row = { id: string; sessionId: string; clientId: string; authorId: string; body: string; createdAt: Date; author: { name: string } };

export function toChatMessage(m: Row): ChatMessage {
  return { id: m.id, sessionId: m.sessionId, clientId: m.clientId, authorId: m.authorId, authorName: m.author.name, body: m.body, createdAt: m.createdAt.toISOString() };
}

/**
 * Stores a chat message and its timeline event. The client-generated id makes a resend return
 * the stored message instead of a duplicate; `created` tells the caller whether to broadcast.
 * Observers are silent: they read the chat but reach the interviewer through private notes only.
 */
export async function sendChatMessage({
  db,
  sessionId,
  userId,
  clientId,
  body,
}: {
  db: Database;
  sessionId: string;
  userId: string;
  clientId: string;
  body: string;
}): Promise<{ message: ChatMessage; created: boolean }> {
  const member = await getParticipant({ db, sessionId, userId });
  if (member.role === "OBSERVER") throw new AppError("FORBIDDEN", "Observers watch silently: write a private note to reach the interviewer.");
  const existing = await db.prisma.chatMessage.findUnique({
    where: { authorId_clientId: { authorId: userId, clientId } },
    include: { author: { select: { name: true } } },
  });
  if (existing) return { message: toChatMessage(existing), created: false };
  try {
    const row = await db.prisma.$transaction(async (tx) => {
      const m = await tx.chatMessage.create({
        data: { sessionId, authorId: userId, clientId, body },
        include: { author: { select: { name: true } } },
      });
      await appendSessionEvent({ tx, sessionId, type: "chat.sent", actorId: userId, payload: { messageId: m.id, body } });
      return m;
    });
    return { message: toChatMessage(row), created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const again = await db.prisma.chatMessage.findUniqueOrThrow({
      where: { authorId_clientId: { authorId: userId, clientId } },
      include: { author: { select: { name: true } } },
    });
    return { message: toChatMessage(again), created: false };
  }
}
