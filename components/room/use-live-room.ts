"use client";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { AnswerView, ChatMessage, DraftView, HumanScoreView, NoteView, Participant, Proposal, RoomState, StaffScore, StaffTurn, TurnView } from "@/lib/realtime/contract";
import { DraftLaneClient } from "@/components/realtime/draft-lane-client";
import { clientId, connectRealtime, request, RealtimeError, type ClientSocket } from "@/components/realtime/socket-client";
import { newerDraft, rebaseStaleDraft, type LocalDraft } from "@/lib/realtime/draft-revisions";

export type Connection = "connecting" | "online" | "reconnecting";

type Action =
  | { type: "joined"; room: RoomState }
  | { type: "presence"; participants: Participant[] }
  | { type: "status"; status: string; startedAt: string | null; endedAt: string | null }
  | { type: "turn"; turn: TurnView }
  | { type: "hint"; turnId: string; index: number; text: string }
  | { type: "answer"; answer: AnswerView }
  | { type: "scoring"; answerId: string; state: AnswerView["scoring"] }
  | { type: "chat"; message: ChatMessage }
  | { type: "staff:turn"; turn: StaffTurn }
  | { type: "staff:draft"; draft: DraftView }
  | { type: "staff:score"; score: StaffScore }
  | { type: "staff:proposal"; proposal: Proposal }
  | { type: "staff:note"; note: NoteView }
  | { type: "staff:human"; score: HumanScoreView };

const upsert = <T,>(list: T[], item: T, same: (a: T) => boolean): T[] => (list.some(same) ? list.map((x) => (same(x) ? item : x)) : [...list, item]);

function reduce(room: RoomState | null, a: Action): RoomState | null {
  if (a.type === "joined") return a.room;
  if (!room) return room;
  const staff = room.staff;
  switch (a.type) {
    case "presence": {
      const you = a.participants.find((p) => p.userId === room.you.userId) ?? room.you;
      return { ...room, participants: a.participants, you };
    }
    case "status":
      return { ...room, status: a.status, startedAt: a.startedAt, endedAt: a.endedAt };
    case "turn": {
      const turns = upsert(room.turns, a.turn, (t) => t.id === a.turn.id).map((t) => (t.id !== a.turn.id && !t.closedAt ? { ...t, closedAt: a.turn.askedAt } : t));
      return { ...room, turns };
    }
    case "hint":
      return { ...room, turns: room.turns.map((t) => (t.id === a.turnId && t.hints.length === a.index ? { ...t, hints: [...t.hints, a.text] } : t)) };
    case "answer":
      return { ...room, answers: upsert(room.answers, a.answer, (x) => x.id === a.answer.id) };
    case "scoring":
      return { ...room, answers: room.answers.map((x) => (x.id === a.answerId ? { ...x, scoring: a.state } : x)) };
    case "chat":
      return room.chat.some((m) => m.id === a.message.id) ? room : { ...room, chat: [...room.chat, a.message] };
    case "staff:draft":
      return { ...room, drafts: upsert(room.drafts, a.draft, (d) => d.turnId === a.draft.turnId && d.authorId === a.draft.authorId) };
    case "staff:turn":
      return staff ? { ...room, staff: { ...staff, turns: upsert(staff.turns, a.turn, (t) => t.turnId === a.turn.turnId) } } : room;
    case "staff:score":
      return staff ? { ...room, answers: room.answers.map((x) => (x.id === a.score.answerId ? { ...x, scoring: "done" } : x)), staff: { ...staff, scores: upsert(staff.scores, a.score, (s) => s.answerId === a.score.answerId) } } : room;
    case "staff:proposal":
      return staff ? { ...room, staff: { ...staff, proposals: upsert(staff.proposals, a.proposal, (p) => p.eventId === a.proposal.eventId) } } : room;
    case "staff:note":
      return staff ? { ...room, staff: { ...staff, notes: upsert(staff.notes, a.note, (n) => n.id === a.note.id) } } : room;
    case "staff:human":
      return staff ? { ...room, staff: { ...staff, humanScores: upsert(staff.humanScores, a.score, (s) => s.answerId === a.score.answerId && s.raterId === a.score.raterId) } } : room;
  }
}

/** How often the candidate's typing is sent while they type (trailing edge: the last keystroke is always sent). */
export const DRAFT_SEND_MS = 150;

type PendingAnswer = { clientId: string; turnId: string; text: string };

const draftKey = (sessionId: string, turnId: string) => `mockroom:draft:${sessionId}:${turnId}`;
const pendingKey = (sessionId: string) => `mockroom:pending-answers:${sessionId}`;

function readJson<T>(key: string): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
function writeJson(key: string, value: unknown): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the server copy still protects the text.
  }
}

/**
 * The browser side of a live room: one socket, the room state rebuilt from the server on every
 * (re)connect, and the candidate's text protected three ways: sent as they type (throttled), kept in
 * localStorage, and final answers kept until the server acknowledges them (resent after a drop with
 * the same client id, so the server stores each answer once).
 */
export function useLiveRoom(sessionId: string) {
  const [room, dispatch] = useReducer(reduce, null);
  /**
   * The room's status for the socket handlers (once the session has ended, typing is no longer sent),
   * set where the status arrives (the join's state, "session:status") rather than after a render.
   */
  const statusRef = useRef<string | undefined>(undefined);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [error, setError] = useState<string | null>(null);
  const [myDrafts, setMyDrafts] = useState<Record<string, LocalDraft>>({});
  /** Staff: which question the candidate last typed into, and when (the "typing…" line of that question only). */
  const [lastTyped, setLastTyped] = useState<{ turnId: string; at: number } | null>(null);
  /** Another tab or device of this candidate took the answer editor over; this one only watches until "use it here". */
  const [superseded, setSuperseded] = useState(false);
  const supersededRef = useRef(false);
  const joinRef = useRef<(() => void) | null>(null);
  const socketRef = useRef<ClientSocket | null>(null);
  /** The typing stream's WebSocket beside the socket, when it is open (components/realtime/draft-lane-client.ts). */
  const laneRef = useRef<DraftLaneClient | null>(null);
  const draftsRef = useRef<Record<string, LocalDraft>>({});
  const sendTimers = useRef<Record<string, ReturnType<typeof setTimeout>>>({});
  const clockOffset = useRef(0);

  const sendDraft = useCallback(
    (turnId: string) => {
      const d = draftsRef.current[turnId];
      const s = socketRef.current;
      if (!d || !s?.connected || statusRef.current === "ENDED") return;
      const payload = { sessionId, turnId, text: d.text, rev: d.rev };
      if (!laneRef.current?.send("draft:update", payload)) s.emit("draft:update", payload);
    },
    [sessionId],
  );

  /** Questions whose submitted answer waits in localStorage for the server's acknowledgement (offline, say). */
  const [pendingTurns, setPendingTurns] = useState<string[]>([]);
  const readPending = useCallback(() => readJson<PendingAnswer[]>(pendingKey(sessionId)) ?? [], [sessionId]);
  const writePending = useCallback(
    (list: PendingAnswer[]) => {
      writeJson(pendingKey(sessionId), list.length ? list : null);
      setPendingTurns(list.map((p) => p.turnId));
    },
    [sessionId],
  );
  useEffect(() => setPendingTurns(readPending().map((p) => p.turnId)), [readPending]);

  const flushPending = useCallback(async () => {
    const s = socketRef.current;
    for (const p of readPending()) {
      if (!s?.connected) return;
      try {
        const answer = await request<AnswerView>(s, "answer:submit", { sessionId, turnId: p.turnId, clientId: p.clientId, text: p.text });
        dispatch({ type: "answer", answer });
        writePending(readPending().filter((x) => x.clientId !== p.clientId));
      } catch (err) {
        // A refusal (not a timeout) will not change on retry: drop it and say why.
        if (err instanceof RealtimeError && err.body.code !== "UNAVAILABLE") {
          writePending(readPending().filter((x) => x.clientId !== p.clientId));
          setError(err.message);
        }
      }
    }
  }, [sessionId, readPending, writePending]);

  useEffect(() => {
    const s = connectRealtime();
    socketRef.current = s;
    let joins = 0;
    const join = () => {
      const reconnect = joins++ > 0;
      request<RoomState>(s, "room:join", { sessionId, reconnect, takeOver: !supersededRef.current })
        .then((state) => {
          clockOffset.current = Date.parse(state.serverTime) - Date.now();
          // The newer of the server's and this browser's copy of each of my drafts wins.
          const merged: Record<string, LocalDraft> = {};
          for (const t of state.turns) {
            const server = state.drafts.find((d) => d.turnId === t.id && d.authorId === state.you.userId);
            const local = readJson<LocalDraft>(draftKey(sessionId, t.id));
            const best = newerDraft(local, server);
            if (best) merged[t.id] = best;
          }
          draftsRef.current = merged;
          setMyDrafts(merged);
          statusRef.current = state.status;
          dispatch({ type: "joined", room: state });
          setConnection("online");
          setError(null);
          if (state.you.role === "CANDIDATE" && !supersededRef.current) {
            for (const [turnId, d] of Object.entries(merged)) {
              const server = state.drafts.find((x) => x.turnId === turnId);
              if (!server || d.rev > server.rev) sendDraft(turnId);
            }
            void flushPending();
          }
          if (document.visibilityState === "hidden") s.emit("presence:set", { sessionId, state: "away" }, () => undefined);
        })
        .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
    };
    joinRef.current = join;
    s.on("connect", join);
    s.on("disconnect", () => setConnection("reconnecting"));
    s.on("connect_error", (err: Error & { data?: { message?: string } }) => {
      setConnection("reconnecting");
      if (err.data?.message) setError(err.data.message);
    });
    s.on("room:presence", (p: { participants: Participant[] }) => dispatch({ type: "presence", participants: p.participants }));
    s.on("session:status", (p: { status: string; startedAt: string | null; endedAt: string | null }) => {
      // A refusal of in-flight typing can arrive in the same tick, before any render.
      statusRef.current = p.status;
      dispatch({ type: "status", ...p });
    });
    s.on("session:roles", join);
    s.on("session:superseded", () => {
      supersededRef.current = true;
      setSuperseded(true);
      for (const [turnId, t] of Object.entries(sendTimers.current)) {
        clearTimeout(t);
        delete sendTimers.current[turnId];
      }
    });
    // Another editor got ahead in revision: number past it and send this text again (the latest typing wins).
    const onStale = (p: { turnId: string; rev: number }) => {
      const rebased = supersededRef.current ? null : rebaseStaleDraft(draftsRef.current[p.turnId], p.rev);
      if (!rebased) return;
      draftsRef.current = { ...draftsRef.current, [p.turnId]: rebased };
      setMyDrafts(draftsRef.current);
      writeJson(draftKey(sessionId, p.turnId), rebased);
      sendDraft(p.turnId);
    };
    s.on("draft:stale", onStale);
    s.on("turn:asked", (p: { turn: TurnView }) => dispatch({ type: "turn", turn: p.turn }));
    s.on("turn:hint", (p: { turnId: string; index: number; text: string }) => dispatch({ type: "hint", ...p }));
    s.on("answer:submitted", (p: { answer: AnswerView }) => dispatch({ type: "answer", answer: p.answer }));
    s.on("answer:scoring", (p: { answerId: string; state: AnswerView["scoring"] }) => dispatch({ type: "scoring", answerId: p.answerId, state: p.state }));
    s.on("chat:message", (m: ChatMessage) => dispatch({ type: "chat", message: m }));
    s.on("staff:turn", (p: { turn: StaffTurn }) => dispatch({ type: "staff:turn", turn: p.turn }));
    const onStaffDraft = (p: { draft: DraftView }) => {
      dispatch({ type: "staff:draft", draft: p.draft });
      setLastTyped({ turnId: p.draft.turnId, at: Date.now() });
    };
    s.on("staff:draft", onStaffDraft);
    s.on("staff:score", (p: { score: StaffScore }) => dispatch({ type: "staff:score", score: p.score }));
    s.on("staff:proposal", (p: { proposal: Proposal }) => dispatch({ type: "staff:proposal", proposal: p.proposal }));
    s.on("staff:note", (p: { note: NoteView }) => dispatch({ type: "staff:note", note: p.note }));
    s.on("staff:human-score", (p: { score: HumanScoreView }) => dispatch({ type: "staff:human", score: p.score }));
    const onSystemError = (p: { event: string; message: string }) => {
      // Typing sent just before the interviewer ended the session is refused; the ended room says all there is to say.
      if (p.event === "draft:update" && statusRef.current === "ENDED") return;
      setError(p.message);
    };
    s.on("system:error", onSystemError);
    // The lane brings the same three events as Socket.IO, to the same handlers.
    const lane = new DraftLaneClient(s, (f) => {
      if (f.event === "staff:draft") onStaffDraft(f.payload);
      else if (f.event === "draft:stale") onStale(f.payload);
      else onSystemError(f.payload);
    });
    laneRef.current = lane;
    const onVisibility = () => {
      if (s.connected) s.emit("presence:set", { sessionId, state: document.visibilityState === "hidden" ? "away" : "active" }, () => undefined);
    };
    document.addEventListener("visibilitychange", onVisibility);
    const timers = sendTimers.current;
    return () => {
      joinRef.current = null;
      document.removeEventListener("visibilitychange", onVisibility);
      for (const t of Object.values(timers)) clearTimeout(t);
      lane.dispose();
      laneRef.current = null;
      s.disconnect();
      socketRef.current = null;
    };
  }, [sessionId, sendDraft, flushPending]);

  /** The candidate typed: keep it locally at once, send it at most every DRAFT_SEND_MS. */
  const typeDraft = useCallback(
    (turnId: string, text: string) => {
      if (supersededRef.current) return;
      const rev = (draftsRef.current[turnId]?.rev ?? 0) + 1;
      const d = { text, rev };
      draftsRef.current = { ...draftsRef.current, [turnId]: d };
      setMyDrafts(draftsRef.current);
      writeJson(draftKey(sessionId, turnId), d);
      if (!sendTimers.current[turnId]) {
        sendTimers.current[turnId] = setTimeout(() => {
          delete sendTimers.current[turnId];
          sendDraft(turnId);
        }, DRAFT_SEND_MS);
      }
    },
    [sessionId, sendDraft],
  );

  const submitAnswer = useCallback(
    async (turnId: string, text: string) => {
      // One answer per question: a second press while the first waits for the connection adds nothing.
      const pending = readPending();
      if (!pending.some((p) => p.turnId === turnId)) writePending([...pending, { clientId: clientId(), turnId, text }]);
      await flushPending();
    },
    [readPending, writePending, flushPending],
  );

  const call = useCallback(
    async <T,>(event: string, payload: Record<string, unknown>): Promise<T | undefined> => {
      const s = socketRef.current;
      if (!s) return undefined;
      try {
        setError(null);
        return await request<T>(s, event, { sessionId, ...payload });
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
        return undefined;
      }
    },
    [sessionId],
  );

  /**
   * Sends a chat message; the room hears it from the server, the sender from the acknowledgement.
   * A retry passes the first attempt's client `id`: a message that did reach the server is not stored twice.
   */
  const sendChat = useCallback(
    async (body: string, id: string): Promise<ChatMessage | undefined> => {
      const message = await call<ChatMessage>("chat:send", { clientId: id, body });
      if (message) dispatch({ type: "chat", message });
      return message;
    },
    [call],
  );

  /** Takes the answer editor back from the candidate's other tab or device: re-joins, and the room state brings the newest draft. */
  const takeOver = useCallback(() => {
    supersededRef.current = false;
    setSuperseded(false);
    joinRef.current?.();
  }, []);

  const hasPending = useCallback((turnId: string) => pendingTurns.includes(turnId), [pendingTurns]);
  const now = useCallback(() => Date.now() + clockOffset.current, []);

  return { room, connection, error, setError, myDrafts, typeDraft, submitAnswer, call, hasPending, now, lastTyped, superseded, takeOver, sendChat, newClientId: clientId };
}

export type LiveRoom = ReturnType<typeof useLiveRoom>;
