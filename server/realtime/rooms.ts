import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, Participant, RoomState, ServerToClientEvents } from "../../lib/realtime/contract";
import type { Database } from "../db/database";
import type { AuthContext } from "../auth/context";
import { getParticipant } from "../sessions/get-participant";
import { toChatMessage } from "../sessions/send-chat-message";

export type SocketData = { auth: AuthContext; rooms: Set<string> };
export type MockroomServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type MockroomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const roomName = (sessionId: string) => `session:${sessionId}`;

/**
 * The one owner of live rooms: who is in which session room, on this server. A room exists
 * while at least one socket is in it and is torn down (its presence forgotten) when the last
 * one leaves or disconnects; the session itself lives on in the database.
 */
export class Rooms {
  private readonly online = new Map<string, Map<string, number>>(); // sessionId -> userId -> socket count

  constructor(
    private readonly io: MockroomServer,
    private readonly db: Database,
  ) {}

  async join(socket: MockroomSocket, sessionId: string): Promise<RoomState> {
    const userId = socket.data.auth.user.id;
    const member = await getParticipant({ db: this.db, sessionId, userId });
    if (!socket.data.rooms.has(sessionId)) {
      socket.data.rooms.add(sessionId);
      await socket.join(roomName(sessionId));
      const users = this.online.get(sessionId) ?? new Map<string, number>();
      users.set(userId, (users.get(userId) ?? 0) + 1);
      this.online.set(sessionId, users);
    }
    const participants = await this.participants(sessionId);
    this.io.to(roomName(sessionId)).emit("room:presence", { sessionId, participants });
    const chat = await this.db.prisma.chatMessage.findMany({
      where: { sessionId },
      orderBy: { createdAt: "asc" },
      take: 200,
      include: { author: { select: { name: true } } },
    });
    const you = participants.find((p) => p.userId === userId) ?? { userId, name: socket.data.auth.user.name, role: member.role, online: true };
    return { sessionId, title: member.session.title, status: member.session.status, you, participants, chat: chat.map(toChatMessage) };
  }

  async leave(socket: MockroomSocket, sessionId: string): Promise<void> {
    if (!socket.data.rooms.delete(sessionId)) return;
    await socket.leave(roomName(sessionId));
    const users = this.online.get(sessionId);
    const userId = socket.data.auth.user.id;
    if (users) {
      const n = (users.get(userId) ?? 1) - 1;
      if (n > 0) users.set(userId, n);
      else users.delete(userId);
      if (users.size === 0) this.online.delete(sessionId);
    }
    if (this.online.has(sessionId)) {
      this.io.to(roomName(sessionId)).emit("room:presence", { sessionId, participants: await this.participants(sessionId) });
    }
  }

  async leaveAll(socket: MockroomSocket): Promise<void> {
    for (const sessionId of [...socket.data.rooms]) await this.leave(socket, sessionId);
  }

  /** Number of live rooms on this server (for health and tests). */
  get size(): number {
    return this.online.size;
  }

  private async participants(sessionId: string): Promise<Participant[]> {
    const rows = await this.db.prisma.sessionParticipant.findMany({
      where: { sessionId },
      include: { user: { select: { name: true } } },
      orderBy: { joinedAt: "asc" },
    });
    const users = this.online.get(sessionId);
    return rows.map((r) => ({ userId: r.userId, name: r.user.name, role: r.role, online: (users?.get(r.userId) ?? 0) > 0 }));
  }
}
