import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { z } from "zod";
import { AppError } from "../../lib/errors";
import { encodeLaneFrame, LANE_CLIENT_EVENTS, LANE_CLOSE, LANE_PATH, type LaneClientEvent, type LaneServerEvent, type LaneTicket } from "../../lib/realtime/lane";
import type { ServerEventPayload } from "../../lib/realtime/contract";
import type { Logger } from "../logger";
import { eventErrorBody, validatePayload } from "./on-event";
import type { MockroomSocket } from "./rooms";

/** Where a handler's replies go: the lane the event came on, or the Socket.IO socket. */
export type Outbox = { emit<E extends LaneServerEvent>(event: E, payload: ServerEventPayload<E>): void };

type LaneHandler = { schema: z.ZodType; maxBytes: number; run(socket: MockroomSocket, payload: unknown, out: Outbox): unknown };
type Entry = { socket: MockroomSocket; ticket: Buffer; ws: WebSocket | undefined };

/** Frames above this are cut by `ws` itself (the connection closes with 1009); below it, too-large events get a clear error. */
const HARD_MAX_FRAME_BYTES = 256 * 1024;

/**
 * The server side of the draft lane (lib/realtime/lane.ts): plain WebSockets on LANE_PATH of the
 * realtime server's HTTP server, each bound to one local Socket.IO socket by the ticket that
 * socket was given. Events on a lane run with that socket's identity and room roles, so the same
 * handlers and checks serve both transports. A lane closes when its socket disconnects.
 */
export class DraftLanes {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: HARD_MAX_FRAME_BYTES, clientTracking: false });
  private readonly bySocket = new Map<string, Entry>();
  private readonly handlers = new Map<string, LaneHandler>();
  private readonly onUpgrade = (req: IncomingMessage, sock: Duplex, head: Buffer) => this.upgrade(req, sock, head);
  private closed = false;

  constructor(
    private readonly httpServer: HttpServer,
    private readonly logger: Logger,
  ) {
    httpServer.on("upgrade", this.onUpgrade);
  }

  /** Registers the handler of a lane client event (validated with `schema`, like `onEvent`). */
  handle<S extends z.ZodType>(event: LaneClientEvent, schema: S, run: (socket: MockroomSocket, payload: z.infer<S>, out: Outbox) => unknown, opts: { maxBytes: number }): void {
    this.handlers.set(event, { schema, maxBytes: opts.maxBytes, run: run as LaneHandler["run"] });
  }

  /** The ticket for `socket`'s lane: one per socket, valid until it disconnects. */
  ticketFor(socket: MockroomSocket): LaneTicket {
    let entry = this.bySocket.get(socket.id);
    if (!entry) {
      const e: Entry = { socket, ticket: randomBytes(18), ws: undefined };
      entry = e;
      this.bySocket.set(socket.id, e);
      socket.once("disconnect", () => {
        this.bySocket.delete(socket.id);
        e.ws?.close(LANE_CLOSE.socketGone, "socket disconnected");
      });
    }
    return { path: LANE_PATH, sid: socket.id, ticket: entry.ticket.toString("base64url") };
  }

  /** The open lane of a local socket, if it has one: its typing-stream events go there instead of Socket.IO. */
  laneOf(socketId: string): WebSocket | undefined {
    return this.bySocket.get(socketId)?.ws;
  }

  close(): void {
    this.closed = true;
    this.httpServer.off("upgrade", this.onUpgrade);
    for (const e of this.bySocket.values()) e.ws?.close(LANE_CLOSE.goingAway, "server shutting down");
    this.bySocket.clear();
    this.wss.close();
  }

  private upgrade(req: IncomingMessage, sock: Duplex, head: Buffer): void {
    if (!req.url?.startsWith(LANE_PATH)) return; // Socket.IO's, or Next's in development
    const url = new URL(req.url, "http://lane");
    if (url.pathname !== LANE_PATH) return;
    if (this.closed) return refuse(sock, 503, "UNAVAILABLE", "The server is shutting down.");
    const entry = this.bySocket.get(url.searchParams.get("sid") ?? "");
    const given = Buffer.from(url.searchParams.get("ticket") ?? "", "base64url");
    if (!entry || given.length !== entry.ticket.length || !timingSafeEqual(given, entry.ticket)) {
      return refuse(sock, 401, "UNAUTHENTICATED", "Unknown or expired lane ticket: ask for one with lane:open on a connected socket.");
    }
    this.wss.handleUpgrade(req, sock, head, (ws) => this.bind(entry, ws));
  }

  private bind(entry: Entry, ws: WebSocket): void {
    if (!this.bySocket.has(entry.socket.id) || !entry.socket.connected) {
      ws.close(LANE_CLOSE.socketGone, "socket disconnected");
      return;
    }
    entry.ws?.close(LANE_CLOSE.replaced, "replaced by a newer lane");
    const out: Outbox = { emit: (event, payload) => ws.send(encodeLaneFrame(event, payload)) };
    entry.ws = ws;
    ws.on("message", (data, isBinary) => this.frame(entry, out, data, isBinary));
    ws.on("error", (err) => this.logger.debug({ err, socketId: entry.socket.id }, "draft lane error"));
    ws.on("close", () => {
      if (entry.ws !== ws) return;
      entry.ws = undefined;
    });
  }

  private frame(entry: Entry, out: Outbox, data: RawData, isBinary: boolean): void {
    let event = "lane";
    try {
      if (isBinary) throw new AppError("VALIDATION_FAILED", "The draft lane takes JSON text frames, not binary ones.");
      let raw: unknown;
      try {
        // The server's binaryType is ws's default, "nodebuffer": every message is one Buffer.
        raw = JSON.parse((data as Buffer).toString("utf8"));
      } catch {
        throw new AppError("VALIDATION_FAILED", "A draft lane frame must be JSON: [event, payload].");
      }
      if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[0] !== "string") throw new AppError("VALIDATION_FAILED", "A draft lane frame must be [event, payload].");
      event = raw[0];
      const h = this.handlers.get(event);
      if (!h) throw new AppError("VALIDATION_FAILED", `The draft lane carries ${LANE_CLIENT_EVENTS.join(", ")} only; send ${event.slice(0, 40)} over Socket.IO.`);
      const payload: unknown = validatePayload(event, h.schema, raw[1], h.maxBytes);
      const result = h.run(entry.socket, payload, out);
      if (result instanceof Promise) result.catch((err: unknown) => this.fail(out, event, err));
    } catch (err) {
      this.fail(out, event, err);
    }
  }

  private fail(out: Outbox, event: string, err: unknown): void {
    out.emit("system:error", { event, ...eventErrorBody(this.logger, event, err) });
  }
}

function refuse(sock: Duplex, status: 401 | 503, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const reason = status === 401 ? "Unauthorized" : "Service Unavailable";
  sock.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
