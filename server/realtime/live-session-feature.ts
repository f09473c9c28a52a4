import { AppError } from "../../lib/errors";
import { clientEventSchemas, MAX_TEXT_EVENT_BYTES, type ClientEventPayload, type ServerEventPayload } from "../../lib/realtime/contract";
import { encodeLaneFrame } from "../../lib/realtime/lane";
import type { Database } from "../db/database";
import type { JobQueue } from "../jobs/queue";
import { DraftStore } from "../sessions/draft-store";
import { TimelineBatcher } from "../sessions/timeline-batcher";
import { getParticipant } from "../sessions/get-participant";
import { buildRoomState, isStaff } from "../sessions/room-state";
import { sendChatMessage } from "../sessions/send-chat-message";
import { addNote, endSession, pushQuestion, revealHint, scoreAnswerByInterviewer, startSession, submitAnswer } from "../sessions/session-control";
import type { Outbox } from "./draft-lanes";
import type { RealtimeContext, RealtimeFeature } from "./feature";
import { onEvent } from "./on-event";
import { Presence, roomName, staffRoomName, type MockroomServer, type MockroomSocket } from "./rooms";

/**
 * Turns a candidate may type into, per session, cached so the typing stream needs no database
 * read: a turn this server has not seen (pushed through another server) triggers one reload.
 */
class OpenTurns {
  private readonly bySession = new Map<string, { turns: Set<string>; loadedAt: number }>();
  private readonly loading = new Map<string, Promise<Set<string>>>();
  constructor(private readonly db: Database) {}

  /** Synchronous when cached, so a burst of typing events keeps its order through the handler. */
  has(sessionId: string, turnId: string): boolean | Promise<boolean> {
    const cur = this.bySession.get(sessionId);
    if (cur?.turns.has(turnId)) return true;
    const pending = this.loading.get(sessionId);
    // Events arriving during a load wait for that same load, in arrival order.
    if (pending) return pending.then((turns) => turns.has(turnId));
    // At most one reload per second per session, so a client sending garbage ids cannot hammer the database.
    if (cur && Date.now() - cur.loadedAt < 1000) return false;
    const load = this.db.prisma.turn
      .findMany({ where: { sessionId, session: { status: "ACTIVE" } }, select: { id: true } })
      .then((rows) => {
        const turns = new Set(rows.map((r) => r.id));
        this.bySession.set(sessionId, { turns, loadedAt: Date.now() });
        return turns;
      })
      .finally(() => this.loading.delete(sessionId));
    this.loading.set(sessionId, load);
    return load.then((turns) => turns.has(turnId));
  }
  add(sessionId: string, turnId: string): void {
    this.bySession.get(sessionId)?.turns.add(turnId);
  }
  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
  }
}

/**
 * Live interview rooms: join/leave with presence, the interviewer's controls, the candidate's
 * typing stream and answers, notes, rubric scores and chat. Everything except the typing stream
 * is written to the database (and its timeline) before it is broadcast; the typing stream goes to
 * staff at once and to the database in batched checkpoints (DraftStore).
 */
export function createLiveSessionFeature(ctx: RealtimeContext & { jobs?: JobQueue | undefined }): RealtimeFeature & { presence: Presence; drafts: DraftStore; timeline: TimelineBatcher } {
  const { io, db, logger, jobs, lanes, clustered } = ctx;
  const presence = new Presence(io, db);
  const timeline = new TimelineBatcher(db, logger);
  const drafts = new DraftStore(db, logger, timeline);
  const openTurns = new OpenTurns(db);
  let stopping = false;

  const roleIn = (socket: MockroomSocket, sessionId: string) => {
    const role = socket.data.sessions[sessionId];
    if (!role) throw new AppError("FORBIDDEN", "Join the session room first.");
    return role;
  };

  /**
   * One answer editor per candidate: a candidate who joins from another tab or device takes it over,
   * and the earlier ones (on any server) are told so. Two editors numbering revisions from different
   * copies would otherwise overwrite each other's text, and one tab's typing would be refused unseen.
   */
  async function supersedeOtherTabs(socket: MockroomSocket, sessionId: string, userId: string) {
    for (const other of await io.in(roomName(sessionId)).fetchSockets()) {
      if (other.id !== socket.id && other.data.auth?.user.id === userId) other.emit("session:superseded", { sessionId });
    }
  }

  async function join(socket: MockroomSocket, sessionId: string, reconnect: boolean, takeOver: boolean) {
    const userId = socket.data.auth.user.id;
    const member = await getParticipant({ db, sessionId, userId });
    const first = !(sessionId in socket.data.sessions);
    socket.data.sessions[sessionId] = member.role;
    socket.data.presence[sessionId] = "active";
    await socket.join(roomName(sessionId));
    // A role can change (peer sessions swap halfway), so staff membership is re-decided on every join.
    if (isStaff(member.role)) await socket.join(staffRoomName(sessionId));
    else await socket.leave(staffRoomName(sessionId));
    if (first) timeline.add({ sessionId, type: reconnect ? "participant.reconnected" : "participant.joined", actorId: userId, visibility: "ALL", payload: { role: member.role } });
    // One presence read serves both the room's announcement and the joiner's state.
    const participants = await presence.back(sessionId, userId);
    const state = await buildRoomState({ db, drafts, member, userId, participants });
    // Before the reply, so the other tabs hear it before anything this tab does next.
    if (member.role === "CANDIDATE" && takeOver) await supersedeOtherTabs(socket, sessionId, userId).catch((err: unknown) => logger.warn({ err, sessionId }, "could not tell a candidate's other tabs"));
    return state;
  }

  async function leave(socket: MockroomSocket, sessionId: string, reason: string) {
    if (!(sessionId in socket.data.sessions)) return;
    delete socket.data.sessions[sessionId];
    delete socket.data.presence[sessionId];
    const userId = socket.data.auth.user.id;
    await socket.leave(roomName(sessionId));
    await socket.leave(staffRoomName(sessionId));
    const transportDrop = reason === "transport close" || reason === "ping timeout" || reason === "transport error" || reason === "server shutting down";
    if (transportDrop) presence.dropped(sessionId, userId);
    else presence.changed(sessionId);
    // While this server shuts down its database may already be closing; the clients' rejoin elsewhere is recorded instead.
    if (stopping) return;
    timeline.add({ sessionId, type: "participant.left", actorId: userId, visibility: "ALL", payload: { reason } });
  }

  /**
   * A draft for the staff of its session on this server: on their draft lane when they have one
   * open, else on Socket.IO. Staff membership is the local staff room's, so a role swap (which
   * empties it) stops the stream at once on both transports.
   */
  function deliverDraft(payload: ServerEventPayload<"staff:draft">): void {
    const staff = io.sockets.adapter.rooms.get(staffRoomName(payload.sessionId));
    if (!staff) return;
    let frame: string | undefined;
    for (const sid of staff) {
      const lane = lanes.laneOf(sid);
      if (lane) lane.send((frame ??= encodeLaneFrame("staff:draft", payload)));
      else io.sockets.sockets.get(sid)?.emit("staff:draft", payload);
    }
  }
  // Drafts typed on another server reach the staff here through the adapter.
  if (clustered) io.on("relay:staff-draft", deliverDraft);

  // The hot path (either transport): no database read or write per event (role from the join, turns
  // cached, drafts batched), and no closure or key string built per event for a turn already cached.
  const acceptDraft = (socket: MockroomSocket, d: ClientEventPayload<"draft:update">, open: boolean, out: Outbox) => {
    if (!open) throw new AppError("NOT_FOUND", "No such open question in this session.");
    const { sessionId, turnId, text, rev } = d;
    const authorId = socket.data.auth.user.id;
    if (drafts.update({ sessionId, turnId, authorId, text, rev })) {
      const payload = { sessionId, draft: { turnId, authorId, text, rev } };
      deliverDraft(payload);
      if (clustered) io.serverSideEmit("relay:staff-draft", payload);
    } else {
      // Not newer than what is held: a replay, or a second editor numbering from an older copy. Say so, or its typing is lost unseen.
      out.emit("draft:stale", { sessionId, turnId, rev: drafts.revOf(turnId, authorId) ?? rev });
    }
    return { rev };
  };
  const onDraft = (socket: MockroomSocket, d: ClientEventPayload<"draft:update">, out: Outbox) => {
    if (roleIn(socket, d.sessionId) !== "CANDIDATE") throw new AppError("FORBIDDEN", "Only the candidate writes answers.");
    const open = openTurns.has(d.sessionId, d.turnId);
    return typeof open === "boolean" ? acceptDraft(socket, d, open, out) : open.then((o) => acceptDraft(socket, d, o, out));
  };
  lanes.handle("draft:update", clientEventSchemas["draft:update"], onDraft, { maxBytes: MAX_TEXT_EVENT_BYTES });

  function register(socket: MockroomSocket): void {
    socket.data.sessions = {};
    socket.data.presence = {};
    const userId = socket.data.auth.user.id;
    const s = socket as never;

    onEvent(s, logger, "room:join", clientEventSchemas["room:join"], ({ sessionId, reconnect, takeOver }) => join(socket, sessionId, reconnect ?? false, takeOver ?? true));
    onEvent(s, logger, "room:leave", clientEventSchemas["room:leave"], async ({ sessionId }) => {
      await leave(socket, sessionId, "left");
      return { left: true as const };
    });

    onEvent(s, logger, "session:start", clientEventSchemas["session:start"], async ({ sessionId }) => {
      roleIn(socket, sessionId);
      const status = await startSession({ db, sessionId, userId });
      io.to(roomName(sessionId)).emit("session:status", status);
      return status;
    });
    onEvent(s, logger, "session:end", clientEventSchemas["session:end"], async ({ sessionId }) => {
      roleIn(socket, sessionId);
      const status = await endSession({ db, sessionId, userId });
      openTurns.forget(sessionId);
      await drafts.forgetSession(sessionId);
      io.to(roomName(sessionId)).emit("session:status", status);
      return status;
    });
    onEvent(s, logger, "question:push", clientEventSchemas["question:push"], async (payload) => {
      const { sessionId } = payload;
      roleIn(socket, sessionId);
      const { turn, staffTurn, swapped } = await pushQuestion({ db, sessionId, userId, push: "planIndex" in payload ? { planIndex: payload.planIndex } : { followUp: payload.followUp } });
      openTurns.add(sessionId, turn.id);
      io.to(roomName(sessionId)).emit("turn:asked", { sessionId, turn });
      io.to(staffRoomName(sessionId)).emit("staff:turn", { sessionId, turn: staffTurn });
      if (swapped) {
        // Everyone re-joins to get the room as their new role; until then nobody is in the staff room.
        io.in(roomName(sessionId)).socketsLeave(staffRoomName(sessionId));
        io.to(roomName(sessionId)).emit("session:roles", { sessionId });
      }
      return turn;
    });
    onEvent(s, logger, "hint:reveal", clientEventSchemas["hint:reveal"], async ({ sessionId, turnId }) => {
      roleIn(socket, sessionId);
      const hint = await revealHint({ db, sessionId, userId, turnId });
      io.to(roomName(sessionId)).emit("turn:hint", { sessionId, turnId, ...hint });
      return hint;
    });

    const plain = socket as unknown as { emit(event: string, payload: unknown): boolean };
    const out: Outbox = { emit: (event, payload) => void plain.emit(event, payload) };
    onEvent(s, logger, "draft:update", clientEventSchemas["draft:update"], (d) => onDraft(socket, d, out), { ackOptional: true, maxBytes: MAX_TEXT_EVENT_BYTES });
    onEvent(
      s,
      logger,
      "answer:submit",
      clientEventSchemas["answer:submit"],
      async ({ sessionId, turnId, clientId, text }) => {
        roleIn(socket, sessionId);
        const { answer, created } = await submitAnswer({ db, sessionId, userId, turnId, clientId, text });
        if (created) {
          io.to(roomName(sessionId)).emit("answer:submitted", { sessionId, answer });
          if (jobs) {
            await jobs.enqueue("score-answer", { answerId: answer.id }, { dedupeKey: `score:${answer.id}` });
            io.to(roomName(sessionId)).emit("answer:scoring", { sessionId, answerId: answer.id, state: "queued" });
          }
        }
        return answer;
      },
      { maxBytes: MAX_TEXT_EVENT_BYTES },
    );
    onEvent(s, logger, "presence:set", clientEventSchemas["presence:set"], ({ sessionId, state }) => {
      roleIn(socket, sessionId);
      socket.data.presence[sessionId] = state;
      presence.changed(sessionId);
      return { state };
    });
    onEvent(s, logger, "note:add", clientEventSchemas["note:add"], async ({ sessionId, turnId, clientId, body }) => {
      roleIn(socket, sessionId);
      const { note, created } = await addNote({ db, sessionId, userId, turnId, clientId, body });
      if (created) io.to(staffRoomName(sessionId)).emit("staff:note", { sessionId, note });
      return note;
    });
    onEvent(s, logger, "rubric:score", clientEventSchemas["rubric:score"], async ({ sessionId, answerId, criteria, comment }) => {
      roleIn(socket, sessionId);
      const score = await scoreAnswerByInterviewer({ db, sessionId, userId, answerId, criteria, comment });
      io.to(staffRoomName(sessionId)).emit("staff:human-score", { sessionId, score });
      return score;
    });
    onEvent(s, logger, "chat:send", clientEventSchemas["chat:send"], async ({ sessionId, clientId, body }) => {
      roleIn(socket, sessionId);
      const { message, created } = await sendChatMessage({ db, sessionId, userId, clientId, body });
      if (created) socket.to(roomName(sessionId)).emit("chat:message", message);
      return message;
    });
  }

  return {
    name: "live-session",
    presence,
    drafts,
    timeline,
    register,
    async disconnected(socket, reason) {
      for (const sessionId of Object.keys(socket.data.sessions ?? {})) await leave(socket, sessionId, reason);
    },
    start() {
      drafts.start();
    },
    async stop() {
      stopping = true;
      presence.close();
      await drafts.stop();
      await timeline.stop();
    },
  };
}

export type LiveSessionFeature = ReturnType<typeof createLiveSessionFeature>;
export type { MockroomServer };
