import { DEFAULT_RELAXATION, type RelaxationSchedule, type Waiter } from "../../lib/pairing/criteria";
import type { Match } from "../../lib/pairing/match";
import { queueStatus } from "../../lib/pairing/status";
import { pairingClientEventSchemas, type QueueJoined, type QueueStatus } from "../../lib/realtime/pairing-contract";
import type { RealtimeContext, RealtimeFeature } from "../realtime/feature";
import { onEvent } from "../realtime/on-event";
import type { MockroomSocket } from "../realtime/rooms";
import { claimMatches, releaseStaleClaims } from "./claim-matches";
import { createMatchedSession, loadPairingBank } from "./create-matched-session";
import { joinQueue } from "./join-queue";
import { leaveQueue } from "./leave-queue";
import { asPairingServer, asPairingSocket, QUEUE_ENTRY_ROOM_PREFIX, queueEntryRoom, queueOrgRoom } from "./queue-rooms";

export type PairingOptions = {
  /** When each criterion relaxes; tests shorten it. */
  schedule: RelaxationSchedule;
  /** How often every open queue is matched again (criteria relax with time, not only on joins). */
  tickMs: number;
  /** A waiter whose status did not change still gets one this often. */
  statusEveryMs: number;
  now: () => number;
};

export type PairingFeature = RealtimeFeature & {
  readonly options: PairingOptions;
  configure(options: Partial<PairingOptions>): void;
  /** Runs a matching round for one organisation now (also what joins and the timer do). */
  matchNow(orgId: string): Promise<void>;
};

export const isPairingFeature = (f: RealtimeFeature): f is PairingFeature => f.name === "pairing";

/** What makes a status worth sending at once: everything but the clock-driven counters. */
function statusKey({ waitingSeconds: _w, relaxesInSeconds: _r, ...stable }: QueueStatus): string {
  return JSON.stringify(stable);
}

/** A claim older than this without a session means its server died mid-way; the pair goes back in the queue. */
const STALE_CLAIM_MS = 30_000;

/**
 * The pairing queue: join/leave events, removal on disconnect, and a matcher that runs on every
 * join and leave and on a timer. Rounds are serialised per organisation on this server and
 * across servers by a database lock (claimMatches). Matches and statuses are emitted to per-entry
 * rooms, so they reach the waiting socket on whichever server holds it (Redis adapter).
 */
export function createPairingFeature(ctx: RealtimeContext, initial: Partial<PairingOptions> = {}): PairingFeature {
  const { db, logger } = ctx;
  const io = asPairingServer(ctx.io);
  const options: PairingOptions = { schedule: DEFAULT_RELAXATION, tickMs: 1000, statusEveryMs: 3000, now: Date.now, ...initial };
  /** The entry each socket on this server holds, to remove it when the socket goes. */
  const heldBySocket = new Map<string, { entryId: string; orgId: string }>();
  const lastStatus = new Map<string, { key: string; at: number }>();
  const rounds = new Map<string, { done: Promise<void>; again: boolean }>();
  let timer: NodeJS.Timeout | undefined;
  let ticking = false;
  let stopped = false;

  async function liveEntries(orgId: string): Promise<Set<string>> {
    const sockets = await io.in(queueOrgRoom(orgId)).fetchSockets();
    const live = new Set<string>();
    for (const s of sockets) for (const room of s.rooms) if (room.startsWith(QUEUE_ENTRY_ROOM_PREFIX)) live.add(room.slice(QUEUE_ENTRY_ROOM_PREFIX.length));
    return live;
  }

  function emitStatuses(waiting: Waiter[], now: number) {
    for (const w of waiting) {
      const status = queueStatus(waiting, w.id, now, options.schedule);
      if (!status) continue;
      const key = statusKey(status);
      const last = lastStatus.get(w.id);
      if (last && last.key === key && now - last.at < options.statusEveryMs) continue;
      lastStatus.set(w.id, { key, at: now });
      io.to(queueEntryRoom(w.id)).emit("queue:status", status);
    }
  }

  async function finish(orgId: string, match: Match) {
    const rooms = [match.first, match.second].map((w) => queueEntryRoom(w.id));
    try {
      const { sessionId } = await createMatchedSession({ db, orgId, match, bank: await loadPairingBank({ db, orgId }) });
      io.to(queueEntryRoom(match.first.id)).emit("queue:matched", { entryId: match.first.id, sessionId, role: "INTERVIEWER", peer: match.peer });
      io.to(queueEntryRoom(match.second.id)).emit("queue:matched", { entryId: match.second.id, sessionId, role: "CANDIDATE", peer: match.peer });
      io.in(rooms).socketsLeave([...rooms, queueOrgRoom(orgId)]);
      logger.info({ orgId, sessionId, peer: match.peer, score: match.score }, "pairing queue matched a pair");
    } catch (err) {
      logger.error({ err, orgId, entries: [match.first.id, match.second.id] }, "creating a matched session failed; the pair goes back in the queue");
      await db.prisma.queueEntry.updateMany({ where: { id: { in: [match.first.id, match.second.id] }, sessionId: null }, data: { matchedAt: null } });
    } finally {
      const ids = new Set([match.first.id, match.second.id]);
      for (const id of ids) lastStatus.delete(id);
      for (const [socketId, held] of heldBySocket) if (ids.has(held.entryId)) heldBySocket.delete(socketId);
    }
  }

  async function round(orgId: string) {
    const liveSince = options.now();
    const live = await liveEntries(orgId);
    const now = options.now();
    const claimed = await claimMatches({ db, orgId, now, schedule: options.schedule, live, liveSince });
    if (!claimed) return;
    for (const id of claimed.removed) lastStatus.delete(id);
    for (const m of claimed.matches) await finish(orgId, m);
    emitStatuses(claimed.waiting, now);
  }

  /** One round per organisation at a time on this server; a request during a round queues one more. */
  function matchNow(orgId: string): Promise<void> {
    const current = rounds.get(orgId);
    if (current) {
      current.again = true;
      return current.done;
    }
    const state = { again: true, done: Promise.resolve() };
    rounds.set(orgId, state);
    state.done = (async () => {
      while (state.again && !stopped) {
        state.again = false;
        await round(orgId).catch((err: unknown) => logger.error({ err, orgId }, "pairing round failed"));
      }
      rounds.delete(orgId);
    })();
    return state.done;
  }

  async function tick() {
    if (ticking || stopped) return;
    ticking = true;
    try {
      await releaseStaleClaims({ db, olderThan: new Date(options.now() - STALE_CLAIM_MS) });
      const orgs = await db.prisma.queueEntry.findMany({ where: { matchedAt: null }, distinct: ["orgId"], select: { orgId: true } });
      await Promise.all(orgs.map((o) => matchNow(o.orgId)));
    } catch (err) {
      logger.error({ err }, "pairing tick failed");
    } finally {
      ticking = false;
    }
  }

  function restartTimer() {
    if (timer) clearInterval(timer);
    if (stopped) return;
    timer = setInterval(() => void tick(), options.tickMs);
    timer.unref();
  }

  async function dropHeld(socketId: string) {
    const held = heldBySocket.get(socketId);
    if (!held) return;
    heldBySocket.delete(socketId);
    lastStatus.delete(held.entryId);
    const socket = io.sockets.sockets.get(socketId);
    if (socket) await Promise.all([socket.leave(queueEntryRoom(held.entryId)), socket.leave(queueOrgRoom(held.orgId))]);
  }

  function register(mockroomSocket: MockroomSocket): void {
    const socket = asPairingSocket(mockroomSocket);
    const s = mockroomSocket as never;
    const auth = mockroomSocket.data.auth;

    onEvent(s, logger, "queue:join", pairingClientEventSchemas["queue:join"], async (input): Promise<QueueJoined> => {
      const { entry, replaced, waiting } = await joinQueue({ db, auth, input, now: new Date(options.now()) });
      for (const r of replaced) {
        // Another tab of the same user held it: tell that tab, and take its sockets out of the queue rooms.
        socket.to(queueEntryRoom(r.id)).emit("queue:removed", { entryId: r.id, reason: "replaced" });
        io.in(queueEntryRoom(r.id)).socketsLeave([queueEntryRoom(r.id), queueOrgRoom(r.orgId)]);
        lastStatus.delete(r.id);
      }
      await dropHeld(socket.id);
      await socket.join([queueEntryRoom(entry.id), queueOrgRoom(entry.orgId)]);
      heldBySocket.set(socket.id, { entryId: entry.id, orgId: entry.orgId });
      const now = options.now();
      const status = queueStatus(waiting, entry.id, now, options.schedule);
      if (!status) throw new Error(`queue entry ${entry.id} is missing from its own transaction`);
      lastStatus.set(entry.id, { key: statusKey(status), at: now });
      for (const orgId of new Set([entry.orgId, ...replaced.map((r) => r.orgId)])) void matchNow(orgId);
      return { entryId: entry.id, orgId: entry.orgId, status };
    });

    onEvent(s, logger, "queue:leave", pairingClientEventSchemas["queue:leave"], async () => {
      const removed = await leaveQueue({ db, userId: auth.user.id });
      for (const r of removed) {
        socket.to(queueEntryRoom(r.id)).emit("queue:removed", { entryId: r.id, reason: "left" });
        io.in(queueEntryRoom(r.id)).socketsLeave([queueEntryRoom(r.id), queueOrgRoom(r.orgId)]);
        lastStatus.delete(r.id);
      }
      await dropHeld(socket.id);
      for (const orgId of new Set(removed.map((r) => r.orgId))) void matchNow(orgId);
      return { left: removed.length > 0 };
    });
  }

  return {
    name: "pairing",
    options,
    configure(next) {
      Object.assign(options, next);
      restartTimer();
    },
    matchNow,
    register,
    async disconnected(socket) {
      const held = heldBySocket.get(socket.id);
      heldBySocket.delete(socket.id);
      // While the server shuts down the database may close under us: the next server's matcher
      // removes entries no socket holds (and the browser joins again when it reconnects).
      if (!held || stopped) return;
      lastStatus.delete(held.entryId);
      const removed = await leaveQueue({ db, userId: socket.data.auth.user.id, entryId: held.entryId });
      if (removed.length) await matchNow(held.orgId);
    },
    start() {
      stopped = false;
      restartTimer();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.all([...rounds.values()].map((r) => r.done));
    },
  };
}
