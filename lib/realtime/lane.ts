/**
 * The draft lane: a plain WebSocket beside a client's Socket.IO connection that carries the
 * candidate's typing stream (`draft:update` in, `staff:draft` out) and nothing else. Socket.IO
 * stays the connection of record (auth, rooms, roles, every other event); the lane is bound to
 * one Socket.IO socket by a ticket that socket asked for (`lane:open`), lives no longer than it,
 * and is optional: a client without a lane sends and receives the same events over Socket.IO.
 *
 * Why: the typing stream is the one high-rate event (5 per second per typing candidate), and
 * Socket.IO's per-message work (packet encoding, the room broadcast, acks) roughly doubles its
 * tail latency against a plain WebSocket relay. On the lane a frame is one JSON text message
 * `[event, payload]` with the same payloads as the Socket.IO events of the same name.
 *
 * Browser-safe: no Node imports.
 */
import type { ServerEventPayload } from "./contract";

export const LANE_PATH = "/realtime/lane";

/** What `lane:open` answers: connect to `path?sid=…&ticket=…` on the same origin. */
export type LaneTicket = { path: string; sid: string; ticket: string };

/** Client events the lane accepts; anything else is refused with a `system:error` frame. */
export const LANE_CLIENT_EVENTS = ["draft:update"] as const;
export type LaneClientEvent = (typeof LANE_CLIENT_EVENTS)[number];
/** Server events the lane may carry. */
export const LANE_SERVER_EVENTS = ["staff:draft", "draft:stale", "system:error"] as const;
export type LaneServerEvent = (typeof LANE_SERVER_EVENTS)[number];

/** Close codes the server uses (4000-4999 are the application's range). */
export const LANE_CLOSE = {
  /** The same socket opened a newer lane. */
  replaced: 4000,
  /** The Socket.IO socket the lane belongs to disconnected; ask for a new ticket on the next one. */
  socketGone: 4001,
  /** The server is shutting down. */
  goingAway: 1001,
} as const;

export function laneUrl(base: string | URL, t: LaneTicket): URL {
  const url = new URL(t.path, base);
  url.protocol = url.protocol === "https:" || url.protocol === "wss:" ? "wss:" : "ws:";
  url.searchParams.set("sid", t.sid);
  url.searchParams.set("ticket", t.ticket);
  return url;
}

export function encodeLaneFrame(event: string, payload: unknown): string {
  return JSON.stringify([event, payload]);
}

export type LaneServerFrame = { [E in LaneServerEvent]: { event: E; payload: ServerEventPayload<E> } }[LaneServerEvent];

/**
 * A frame from the server, or null for anything that is not one (the client ignores it). The
 * payloads come from our own server and are not re-validated here, as with Socket.IO events.
 */
export function decodeServerLaneFrame(text: string): LaneServerFrame | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[0] !== "string") return null;
  if (!(LANE_SERVER_EVENTS as readonly string[]).includes(raw[0]) || typeof raw[1] !== "object" || raw[1] === null) return null;
  return { event: raw[0], payload: raw[1] } as LaneServerFrame;
}
