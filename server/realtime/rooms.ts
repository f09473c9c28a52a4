import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, Participant, PresenceStatus, ServerEventPayload, ServerToClientEvents } from "../../lib/realtime/contract";
import type { AuthContext } from "../auth/context";
import type { Database } from "../db/database";

export type SessionRole = "INTERVIEWER" | "CANDIDATE" | "OBSERVER";
export type SocketData = {
  auth: AuthContext;
  /** Sessions this socket has joined, with the role it joined as (the hot path's authorisation). */
  sessions: Record<string, SessionRole>;
  /**
   * Tab visibility per session: "away" while the tab is hidden. Plain objects, not Maps: socket
   * data crosses servers (fetchSockets through the Redis adapter) as JSON.
   */
  presence: Record<string, "active" | "away">;
};
/** Between servers (Redis adapter's serverSideEmit): a draft for the staff on each server's own sockets and lanes. */
export type InterServerEvents = { "relay:staff-draft": (payload: ServerEventPayload<"staff:draft">) => void };
export type MockroomServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type MockroomSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Everyone in a session. */
export const roomName = (sessionId: string) => `session:${sessionId}`;
/** Interviewers and observers only: everything hidden from the candidate is sent here and nowhere else. */
export const staffRoomName = (sessionId: string) => `session:${sessionId}:staff`;

/** How long a dropped participant shows as "reconnecting" before "offline". */
export const RECONNECT_GRACE_MS = 15_000;

/**
 * Presence of a session's participants, computed from the sockets in its room on every server
 * (fetchSockets goes through the Redis adapter when there is one), so it stays right with two
 * servers behind one address. A participant whose connection dropped shows as "reconnecting" for a
 * grace period on the server that saw the drop. Broadcasts are coalesced per session.
 */
export class Presence {
  private readonly reconnecting = new Map<string, Map<string, NodeJS.Timeout>>(); // sessionId -> userId -> expiry timer
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly io: MockroomServer,
    private readonly db: Database,
  ) {}

  async participants(sessionId: string): Promise<Participant[]> {
    const [rows, sockets] = await Promise.all([
      this.db.prisma.sessionParticipant.findMany({ where: { sessionId }, include: { user: { select: { name: true } } }, orderBy: { joinedAt: "asc" } }),
      this.io.in(roomName(sessionId)).fetchSockets(),
    ]);
    const state = new Map<string, "active" | "away">();
    for (const s of sockets) {
      const uid = s.data.auth?.user.id;
      if (!uid) continue;
      const p = s.data.presence?.[sessionId] ?? "active";
      if (p === "active" || !state.has(uid)) state.set(uid, p);
    }
    const dropped = this.reconnecting.get(sessionId);
    return rows.map((r) => {
      const st = state.get(r.userId);
      const status: PresenceStatus = st === "active" ? "online" : st === "away" ? "away" : dropped?.has(r.userId) ? "reconnecting" : "offline";
      return { userId: r.userId, name: r.user.name, role: r.role, online: st !== undefined, status };
    });
  }

  /** Emits the session's presence to its room soon (several changes within 50 ms make one message). */
  changed(sessionId: string): void {
    if (this.pending.has(sessionId)) return;
    const t = setTimeout(() => {
      this.pending.delete(sessionId);
      this.participants(sessionId)
        .then((participants) => this.io.to(roomName(sessionId)).emit("room:presence", { sessionId, participants }))
        .catch(() => undefined);
    }, 50);
    t.unref();
    this.pending.set(sessionId, t);
  }

  dropped(sessionId: string, userId: string): void {
    const users = this.reconnecting.get(sessionId) ?? new Map<string, NodeJS.Timeout>();
    clearTimeout(users.get(userId));
    const t = setTimeout(() => {
      users.delete(userId);
      if (!users.size) this.reconnecting.delete(sessionId);
      this.changed(sessionId);
    }, RECONNECT_GRACE_MS);
    t.unref();
    users.set(userId, t);
    this.reconnecting.set(sessionId, users);
    this.changed(sessionId);
  }

  /** A participant is in the room again: no longer "reconnecting". Returns the presence it leads to and sends it to the room. */
  async back(sessionId: string, userId: string): Promise<Participant[]> {
    const users = this.reconnecting.get(sessionId);
    const t = users?.get(userId);
    if (t) {
      clearTimeout(t);
      users?.delete(userId);
      if (!users?.size) this.reconnecting.delete(sessionId);
    }
    const participants = await this.participants(sessionId);
    this.io.to(roomName(sessionId)).emit("room:presence", { sessionId, participants });
    return participants;
  }

  close(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const users of this.reconnecting.values()) for (const t of users.values()) clearTimeout(t);
    this.pending.clear();
    this.reconnecting.clear();
  }
}
