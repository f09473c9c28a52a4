/**
 * The realtime contract: every Socket.IO event in both directions, as zod schemas and the
 * types inferred from them. Imported by the browser, the server and the workers, so it must
 * import nothing from Node, Prisma or socket.io's server.
 */
import { z } from "zod";
import type { Ack } from "../errors";
import { ADVANCE_WHY } from "../followups/decide-follow-up";
import { GAP_STATUSES } from "../followups/templates";
import type { LaneTicket } from "./lane";

/** Bumped on any incompatible change; servers refuse clients below MIN_PROTOCOL_VERSION. */
export const PROTOCOL_VERSION = 1;
export const MIN_PROTOCOL_VERSION = 1;
/** Socket payloads above this are refused with PAYLOAD_TOO_LARGE (the transport cuts at 1 MB). */
export const MAX_EVENT_BYTES = 32 * 1024;

export const ZHandshakeAuth = z.strictObject({
  protocol: z.number().int().min(0),
  /** A personal API token; browsers authenticate with their Auth.js session cookie instead. */
  token: z.string().min(1).max(200).optional(),
});
export type HandshakeAuth = z.infer<typeof ZHandshakeAuth>;

const ZId = z.string().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/, "must be an id");
const ZClientId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, "must be a client-generated id");

// ---- client -> server payloads ----
/** Answers and drafts: long enough for a thorough answer with code, small enough to relay per keystroke batch. */
export const MAX_ANSWER_CHARS = 10_000;
/** Draft and answer events carry up to MAX_ANSWER_CHARS of any script (CJK is 3 bytes in UTF-8). */
export const MAX_TEXT_EVENT_BYTES = 48 * 1024;

export const ZWhoamiRequest = z.strictObject({});
export const ZRoomJoin = z.strictObject({
  sessionId: ZId,
  /** Set by a client re-entering after a drop, for the timeline. */
  reconnect: z.boolean().optional(),
  /**
   * A candidate's join takes the answer editor over from the candidate's other tabs and devices
   * (they get "session:superseded"). A tab that was taken over re-joins with false after a drop, so
   * it does not take the editor back by itself. Default true.
   */
  takeOver: z.boolean().optional(),
});
export const ZRoomLeave = z.strictObject({ sessionId: ZId });
export const ZChatSend = z.strictObject({
  sessionId: ZId,
  clientId: ZClientId,
  body: z.string().trim().min(1, "must not be empty").max(2000, "must be at most 2000 characters"),
});
export const ZSessionAction = z.strictObject({ sessionId: ZId });
export const ZQuestionPush = z.union([
  z.strictObject({ sessionId: ZId, planIndex: z.number().int().min(0).max(29) }),
  z.strictObject({
    sessionId: ZId,
    followUp: z.strictObject({
      parentTurnId: ZId,
      prompt: z.string().trim().min(3, "must not be empty").max(1000),
      /** The proposal event the interviewer clicked "ask this" on, or none for a question typed by hand. */
      proposalEventId: ZId.optional(),
    }),
  }),
]);
export const ZHintReveal = z.strictObject({ sessionId: ZId, turnId: ZId });
export const ZDraftUpdate = z.strictObject({
  sessionId: ZId,
  turnId: ZId,
  text: z.string().max(MAX_ANSWER_CHARS, `must be at most ${MAX_ANSWER_CHARS} characters`),
  /** Client revision, increasing; an older revision than the stored one is ignored. */
  rev: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});
export const ZAnswerSubmit = z.strictObject({
  sessionId: ZId,
  turnId: ZId,
  clientId: ZClientId,
  text: z.string().max(MAX_ANSWER_CHARS, `must be at most ${MAX_ANSWER_CHARS} characters`),
});
export const ZPresenceSet = z.strictObject({ sessionId: ZId, state: z.enum(["active", "away"]) });
export const ZNoteAdd = z.strictObject({
  sessionId: ZId,
  turnId: ZId.optional(),
  clientId: ZClientId,
  body: z.string().trim().min(1, "must not be empty").max(4000),
});
/** Asks for this socket's draft lane ticket (see lib/realtime/lane.ts); no fields. */
export const ZLaneOpen = z.strictObject({});
export const ZRubricScore = z.strictObject({
  sessionId: ZId,
  answerId: ZId,
  criteria: z.array(z.strictObject({ criterionId: z.string().min(1).max(60), level: z.number().int().min(0).max(5) })).min(1).max(12),
  comment: z.string().trim().max(2000).optional(),
});

export const clientEventSchemas = {
  "system:whoami": ZWhoamiRequest,
  "room:join": ZRoomJoin,
  "room:leave": ZRoomLeave,
  "chat:send": ZChatSend,
  "session:start": ZSessionAction,
  "session:end": ZSessionAction,
  "question:push": ZQuestionPush,
  "hint:reveal": ZHintReveal,
  "draft:update": ZDraftUpdate,
  "answer:submit": ZAnswerSubmit,
  "presence:set": ZPresenceSet,
  "note:add": ZNoteAdd,
  "rubric:score": ZRubricScore,
  "lane:open": ZLaneOpen,
} as const;
export type ClientEventName = keyof typeof clientEventSchemas;

// ---- server -> client payloads ----
export const ZWhoami = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  via: z.enum(["session", "token"]),
  protocol: z.number(),
  orgs: z.array(z.object({ orgId: z.string(), name: z.string(), roles: z.array(z.string()) })),
});
export const ZPresenceStatus = z.enum(["online", "away", "reconnecting", "offline"]);
export const ZParticipant = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.enum(["INTERVIEWER", "CANDIDATE", "OBSERVER"]),
  online: z.boolean(),
  status: ZPresenceStatus,
});
export const ZChatMessage = z.object({
  id: z.string(),
  sessionId: z.string(),
  clientId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
/** A question as everyone in the room sees it: never the reference answer, key points or rubric. */
export const ZTurnView = z.object({
  id: z.string(),
  index: z.number(),
  parentTurnId: z.string().nullable(),
  title: z.string(),
  prompt: z.string(),
  /** The hints revealed so far, in order; hintCount says how many exist. */
  hints: z.array(z.string()),
  hintCount: z.number(),
  minutes: z.number(),
  askedAt: z.string(),
  closedAt: z.string().nullable(),
});
export const ZScoringState = z.enum(["queued", "done", "failed"]);
export const ZAnswerView = z.object({
  id: z.string(),
  turnId: z.string(),
  authorId: z.string(),
  clientId: z.string(),
  text: z.string(),
  submittedAt: z.string(),
  scoring: ZScoringState,
});
export const ZDraftView = z.object({ turnId: z.string(), authorId: z.string(), text: z.string(), rev: z.number() });
export const ZStaffTurn = z.object({
  turnId: z.string(),
  questionVersionId: z.string(),
  referenceAnswer: z.string(),
  keyPoints: z.array(
    z.object({ id: z.string(), statement: z.string(), weight: z.number(), aliases: z.array(z.string()), misconceptions: z.array(z.object({ statement: z.string(), cues: z.array(z.string()) })) }),
  ),
  rubric: z.array(z.object({ id: z.string(), name: z.string(), weight: z.number(), levels: z.array(z.object({ score: z.number(), label: z.string(), description: z.string() })) })),
  followUps: z.array(z.object({ id: z.string(), prompt: z.string() })),
});
export const ZStaffScore = z.object({
  answerId: z.string(),
  turnId: z.string(),
  overall5: z.number(),
  overall100: z.number(),
  confidence: z.number().nullable(),
  engineVersion: z.string().nullable(),
  criteria: z.array(z.object({ criterionId: z.string(), level: z.number(), score: z.number(), label: z.string().nullable() })),
  /** `evidence`: the words of the answer that gave each point its status, as the interviewer's checklist quotes them. */
  keyPoints: z.array(z.object({ id: z.string(), statement: z.string(), status: z.string(), evidence: z.array(z.string()) })),
  /** `cautions`: what to check before relying on the score (e.g. an answer that may explain the points in its own words). */
  feedback: z.object({ good: z.array(z.string()), missing: z.array(z.string()), wrong: z.array(z.string()), cautions: z.array(z.string()) }).nullable(),
});
/** Who worded a proposed follow-up (the interface names each in the viewer's language). */
export const FOLLOW_UP_SOURCES = ["authored", "template", "local-model", "llm"] as const;
export const isFollowUpSource = (s: string | null): s is (typeof FOLLOW_UP_SOURCES)[number] => (FOLLOW_UP_SOURCES as readonly (string | null)[]).includes(s);

export const ZProposal = z.object({
  eventId: z.string(),
  answerId: z.string(),
  turnId: z.string(),
  action: z.enum(["follow-up", "advance"]),
  prompt: z.string().nullable(),
  source: z.string().nullable(),
  /** The key point the follow-up is about and how the answer fell short of it, for a "why" line in the viewer's language. */
  keyPointId: z.string().nullable(),
  gap: z.enum(GAP_STATUSES).nullable(),
  /** For a proposal to move on: why, as a code (see lib/followups/decide-follow-up.ts). */
  advanceWhy: z.enum(ADVANCE_WHY).nullable(),
  /** The server's audit trail of the decision (English, technical). */
  reason: z.string(),
});
export const ZNote = z.object({ id: z.string(), turnId: z.string().nullable(), authorId: z.string(), authorName: z.string(), body: z.string(), createdAt: z.string() });
export const ZHumanScore = z.object({
  scoreId: z.string(),
  answerId: z.string(),
  raterId: z.string(),
  overall5: z.number(),
  criteria: z.array(z.object({ criterionId: z.string(), level: z.number() })),
  comment: z.string().nullable(),
});
export const ZPlanView = z.array(z.object({ title: z.string(), minutes: z.number(), half: z.number().optional() }));
/** What only interviewers and observers receive, on join and as events. Candidates never get this object. */
export const ZStaffState = z.object({
  roomCode: z.string(),
  inviteToken: z.string(),
  plan: ZPlanView,
  turns: z.array(ZStaffTurn),
  scores: z.array(ZStaffScore),
  proposals: z.array(ZProposal),
  notes: z.array(ZNote),
  humanScores: z.array(ZHumanScore),
});
export const ZRoomState = z.object({
  sessionId: z.string(),
  title: z.string(),
  status: z.string(),
  lang: z.string(),
  serverTime: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  totalMinutes: z.number(),
  /** Peer sessions swap roles halfway through. */
  peer: z.boolean(),
  questionCount: z.number(),
  you: ZParticipant,
  participants: z.array(ZParticipant),
  turns: z.array(ZTurnView),
  answers: z.array(ZAnswerView),
  drafts: z.array(ZDraftView),
  chat: z.array(ZChatMessage),
  /** The interviewer's feedback once shared (candidates see it in the room and in their history). */
  feedback: z.string().nullable(),
  staff: ZStaffState.optional(),
});
export const ZPresence = z.object({ sessionId: z.string(), participants: z.array(ZParticipant) });
export const ZSessionStatus = z.object({ sessionId: z.string(), status: z.string(), startedAt: z.string().nullable(), endedAt: z.string().nullable() });

export const serverEventSchemas = {
  "room:presence": ZPresence,
  "chat:message": ZChatMessage,
  "session:status": ZSessionStatus,
  "session:roles": z.object({ sessionId: z.string() }),
  /** To a candidate's earlier tab or device when the candidate joins from another: that one has the answer editor now. */
  "session:superseded": z.object({ sessionId: z.string() }),
  /**
   * To a candidate whose draft revision was not newer than the one the server holds (a second tab
   * numbering from an older copy): the next revision must be above `rev`.
   */
  "draft:stale": z.object({ sessionId: z.string(), turnId: z.string(), rev: z.number() }),
  "turn:asked": z.object({ sessionId: z.string(), turn: ZTurnView }),
  "turn:hint": z.object({ sessionId: z.string(), turnId: z.string(), index: z.number(), text: z.string() }),
  "answer:submitted": z.object({ sessionId: z.string(), answer: ZAnswerView }),
  "answer:scoring": z.object({ sessionId: z.string(), answerId: z.string(), state: ZScoringState }),
  "staff:turn": z.object({ sessionId: z.string(), turn: ZStaffTurn }),
  "staff:draft": z.object({ sessionId: z.string(), draft: ZDraftView }),
  "staff:score": z.object({ sessionId: z.string(), score: ZStaffScore }),
  "staff:proposal": z.object({ sessionId: z.string(), proposal: ZProposal }),
  "staff:note": z.object({ sessionId: z.string(), note: ZNote }),
  "staff:human-score": z.object({ sessionId: z.string(), score: ZHumanScore }),
  "system:error": z.object({ event: z.string(), code: z.string(), message: z.string() }),
} as const;

export type Whoami = z.infer<typeof ZWhoami>;
export type PresenceStatus = z.infer<typeof ZPresenceStatus>;
export type Participant = z.infer<typeof ZParticipant>;
export type RoomState = z.infer<typeof ZRoomState>;
export type StaffState = z.infer<typeof ZStaffState>;
export type Presence = z.infer<typeof ZPresence>;
export type ChatMessage = z.infer<typeof ZChatMessage>;
export type TurnView = z.infer<typeof ZTurnView>;
export type AnswerView = z.infer<typeof ZAnswerView>;
export type DraftView = z.infer<typeof ZDraftView>;
export type StaffTurn = z.infer<typeof ZStaffTurn>;
export type StaffScore = z.infer<typeof ZStaffScore>;
export type Proposal = z.infer<typeof ZProposal>;
export type NoteView = z.infer<typeof ZNote>;
export type HumanScoreView = z.infer<typeof ZHumanScore>;
export type SessionStatusEvent = z.infer<typeof ZSessionStatus>;
export type ServerEventName = keyof typeof serverEventSchemas;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEventSchemas)[E]>;

/** A client event's payload as its handler receives it (after validation). */
export type ClientEventPayload<E extends ClientEventName> = z.infer<(typeof clientEventSchemas)[E]>;
type In<E extends ClientEventName> = z.input<(typeof clientEventSchemas)[E]>;
type Handler<E extends ClientEventName, R> = (payload: In<E>, ack: (r: Ack<R>) => void) => void;

export interface ClientToServerEvents {
  "system:whoami": Handler<"system:whoami", Whoami>;
  "room:join": Handler<"room:join", RoomState>;
  "room:leave": Handler<"room:leave", { left: true }>;
  "chat:send": Handler<"chat:send", ChatMessage>;
  "session:start": Handler<"session:start", SessionStatusEvent>;
  "session:end": Handler<"session:end", SessionStatusEvent>;
  "question:push": Handler<"question:push", TurnView>;
  "hint:reveal": Handler<"hint:reveal", { index: number; text: string }>;
  "draft:update": (payload: In<"draft:update">, ack?: (r: Ack<{ rev: number }>) => void) => void;
  "answer:submit": Handler<"answer:submit", AnswerView>;
  "presence:set": Handler<"presence:set", { state: "active" | "away" }>;
  "note:add": Handler<"note:add", NoteView>;
  "rubric:score": Handler<"rubric:score", HumanScoreView>;
  "lane:open": Handler<"lane:open", LaneTicket>;
}

export type ServerToClientEvents = { [E in ServerEventName]: (payload: ServerEventPayload<E>) => void };

/** The connect_error `data` a refused client receives. */
export type ConnectErrorData = { code: string; message: string };
