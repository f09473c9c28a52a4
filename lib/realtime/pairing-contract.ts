/**
 * The pairing queue's realtime events, both ways. Like contract.ts it is imported by the browser
 * and the server, so it imports nothing from Node, Prisma or socket.io's server.
 */
import { z } from "zod";
import type { Ack } from "../errors";
import { QUEUE_ROLES, RELAXABLE } from "../pairing/criteria";
import { ZDifficulty, ZLang } from "../questions/schema";

/** At most this many topic tags per entry; none means any topic. */
export const MAX_QUEUE_TAGS = 8;

const ZTag = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a topic tag (lower-case kebab-case)");
const ZId = z.string().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/, "must be an id");

// ---- client -> server ----
export const ZQueueJoin = z.strictObject({
  role: z.enum(QUEUE_ROLES),
  tags: z
    .array(ZTag)
    .max(MAX_QUEUE_TAGS, `must have at most ${MAX_QUEUE_TAGS} tags`)
    .default([])
    .transform((tags) => [...new Set(tags)]),
  level: ZDifficulty,
  lang: ZLang,
  /** The organisation whose queue to join; the first membership that allows the role when omitted. */
  orgId: ZId.optional(),
});
export const ZQueueLeave = z.strictObject({});

export const pairingClientEventSchemas = {
  "queue:join": ZQueueJoin,
  "queue:leave": ZQueueLeave,
} as const;

// ---- server -> client ----
export const ZQueueCriteria = z.object({
  tags: z.array(z.string()),
  level: z.string(),
  lang: z.string(),
  /** Criteria no longer required because of the wait so far. */
  relaxed: z.array(z.enum(RELAXABLE)),
});
export const ZQueueStatus = z.object({
  entryId: z.string(),
  position: z.number(),
  waitingSeconds: z.number(),
  waiting: z.number(),
  criteria: ZQueueCriteria,
  relaxesInSeconds: z.number().nullable(),
});
export const ZQueueMatched = z.object({
  entryId: z.string(),
  sessionId: z.string(),
  /** The role this user starts with; peers swap halfway through. */
  role: z.enum(["INTERVIEWER", "CANDIDATE"]),
  peer: z.boolean(),
});
/** The entry is gone without a match: the same user joined again elsewhere (another tab) or left there. */
export const ZQueueRemoved = z.object({ entryId: z.string(), reason: z.enum(["replaced", "left"]) });
export const ZQueueJoined = z.object({ entryId: z.string(), orgId: z.string(), status: ZQueueStatus });

export const pairingServerEventSchemas = {
  "queue:status": ZQueueStatus,
  "queue:matched": ZQueueMatched,
  "queue:removed": ZQueueRemoved,
} as const;

export type QueueJoinInput = z.input<typeof ZQueueJoin>;
export type QueueStatus = z.infer<typeof ZQueueStatus>;
export type QueueMatched = z.infer<typeof ZQueueMatched>;
export type QueueRemoved = z.infer<typeof ZQueueRemoved>;
export type QueueJoined = z.infer<typeof ZQueueJoined>;

type Handler<P, R> = (payload: P, ack: (r: Ack<R>) => void) => void;

export interface PairingClientToServerEvents {
  "queue:join": Handler<QueueJoinInput, QueueJoined>;
  "queue:leave": Handler<z.input<typeof ZQueueLeave>, { left: boolean }>;
}
export type PairingServerToClientEvents = { [E in keyof typeof pairingServerEventSchemas]: (payload: z.infer<(typeof pairingServerEventSchemas)[E]>) => void };
