/**
 * The realtime contract: every Socket.IO event in both directions, as zod schemas and the
 * types inferred from them. Imported by the browser, the server and the workers, so it must
 * import nothing from Node, Prisma or socket.io's server.
 */
import { z } from "zod";
import type { Ack } from "../errors";

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
export const ZWhoamiRequest = z.strictObject({});
export const ZRoomJoin = z.strictObject({ sessionId: ZId });
export const ZRoomLeave = z.strictObject({ sessionId: ZId });
export const ZChatSend = z.strictObject({
  sessionId: ZId,
  clientId: ZClientId,
  body: z.string().trim().min(1, "must not be empty").max(2000, "must be at most 2000 characters"),
});

export const clientEventSchemas = {
  "system:whoami": ZWhoamiRequest,
  "room:join": ZRoomJoin,
  "room:leave": ZRoomLeave,
  "chat:send": ZChatSend,
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
export const ZParticipant = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.enum(["INTERVIEWER", "CANDIDATE", "OBSERVER"]),
  online: z.boolean(),
});
export const ZRoomState = z.object({
  sessionId: z.string(),
  title: z.string(),
  status: z.string(),
  you: ZParticipant,
  participants: z.array(ZParticipant),
  chat: z.array(z.lazy(() => ZChatMessage)),
});
export const ZPresence = z.object({ sessionId: z.string(), participants: z.array(ZParticipant) });
export const ZChatMessage = z.object({
  id: z.string(),
  sessionId: z.string(),
  clientId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});

export const serverEventSchemas = {
  "room:presence": ZPresence,
  "chat:message": ZChatMessage,
} as const;

export type Whoami = z.infer<typeof ZWhoami>;
export type Participant = z.infer<typeof ZParticipant>;
export type RoomState = z.infer<typeof ZRoomState>;
export type Presence = z.infer<typeof ZPresence>;
export type ChatMessage = z.infer<typeof ZChatMessage>;

type In<E extends ClientEventName> = z.input<(typeof clientEventSchemas)[E]>;

export interface ClientToServerEvents {
  "system:whoami": (payload: In<"system:whoami">, ack: (r: Ack<Whoami>) => void) => void;
  "room:join": (payload: In<"room:join">, ack: (r: Ack<RoomState>) => void) => void;
  "room:leave": (payload: In<"room:leave">, ack: (r: Ack<{ left: true }>) => void) => void;
  "chat:send": (payload: In<"chat:send">, ack: (r: Ack<ChatMessage>) => void) => void;
}

export interface ServerToClientEvents {
  "room:presence": (payload: Presence) => void;
  "chat:message": (payload: ChatMessage) => void;
}

/** The connect_error `data` a refused client receives. */
export type ConnectErrorData = { code: string; message: string };
