import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { z } from "zod";
import { AppError, toErrorBody, type Ack } from "../../lib/errors";
import { clientEventSchemas, MAX_EVENT_BYTES, PROTOCOL_VERSION, type ClientEventName, type ConnectErrorData } from "../../lib/realtime/contract";
import { issuesOf } from "../../lib/validation";
import type { Database } from "../db/database";
import type { Logger } from "../logger";
import { sendChatMessage } from "../sessions/send-chat-message";
import { authenticateSocket } from "./socket-auth";
import { Rooms, roomName, type MockroomServer, type MockroomSocket } from "./rooms";

export type RealtimeDeps = { db: Database; logger: Logger; secret: string; dev?: boolean };

function payloadTooLarge(payload: unknown): boolean {
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? "") > MAX_EVENT_BYTES;
  } catch {
    return true;
  }
}

/**
 * Registers one event: checks size and shape with the contract's schema, runs the handler and
 * answers with the one Ack union. A missing ack callback is a client bug; the event is dropped.
 */
function on<E extends ClientEventName, R>(
  socket: MockroomSocket,
  logger: Logger,
  event: E,
  handler: (payload: z.infer<(typeof clientEventSchemas)[E]>) => Promise<R>,
): void {
  (socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void }).on(event, (payload: unknown, ack: unknown) => {
    if (typeof ack !== "function") return;
    const reply = ack as (r: Ack<R>) => void;
    void (async () => {
      try {
        if (payloadTooLarge(payload)) throw new AppError("PAYLOAD_TOO_LARGE", `The ${event} payload is larger than ${MAX_EVENT_BYTES} bytes.`);
        const parsed = clientEventSchemas[event].safeParse(payload);
        if (!parsed.success) {
          const issues = issuesOf(parsed.error);
          throw new AppError("VALIDATION_FAILED", `Invalid ${event} payload: ${issues[0]?.path} ${issues[0]?.message.toLowerCase()}`, { issues });
        }
        reply({ ok: true, data: await handler(parsed.data as z.infer<(typeof clientEventSchemas)[E]>) });
      } catch (err) {
        if (!(err instanceof AppError)) logger.error({ err, event }, "unhandled error in socket handler");
        reply({ ok: false, error: toErrorBody(err) });
      }
    })();
  });
}

/** Wires Socket.IO onto an existing HTTP server (the one Next serves on): auth, rooms, events. */
export function createRealtimeServer(httpServer: HttpServer, deps: RealtimeDeps): { io: MockroomServer; rooms: Rooms; close(): Promise<void> } {
  const { db, logger } = deps;
  const io: MockroomServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
    perMessageDeflate: false,
    // Next's dev server handles its own websocket upgrades (HMR) on the same port.
    destroyUpgrade: !deps.dev,
    connectionStateRecovery: undefined,
  });
  const rooms = new Rooms(io, db);

  io.use((socket, next) => {
    authenticateSocket({ db, secret: deps.secret, auth: socket.handshake.auth, headers: socket.handshake.headers })
      .then((auth) => {
        socket.data.auth = auth;
        socket.data.rooms = new Set();
        next();
      })
      .catch((err: unknown) => {
        const body = toErrorBody(err);
        if (!(err instanceof AppError)) logger.error({ err }, "socket authentication failed");
        const e = new Error(body.message) as Error & { data: ConnectErrorData };
        e.data = { code: body.code, message: body.message };
        next(e);
      });
  });

  io.on("connection", (socket) => {
    const auth = socket.data.auth;
    on(socket, logger, "system:whoami", async () => ({
      userId: auth.user.id,
      name: auth.user.name,
      email: auth.user.email,
      via: auth.via,
      protocol: PROTOCOL_VERSION,
      orgs: auth.memberships.map((m) => ({ orgId: m.orgId, name: m.orgName, roles: m.roles })),
    }));
    on(socket, logger, "room:join", ({ sessionId }) => rooms.join(socket, sessionId));
    on(socket, logger, "room:leave", async ({ sessionId }) => {
      await rooms.leave(socket, sessionId);
      return { left: true as const };
    });
    on(socket, logger, "chat:send", async ({ sessionId, clientId, body }) => {
      if (!socket.data.rooms.has(sessionId)) throw new AppError("FORBIDDEN", "Join the session room before chatting.");
      const { message, created } = await sendChatMessage({ db, sessionId, userId: auth.user.id, clientId, body });
      if (created) socket.to(roomName(sessionId)).emit("chat:message", message);
      return message;
    });
    socket.on("disconnect", () => {
      rooms.leaveAll(socket).catch((err: unknown) => logger.error({ err }, "leaving rooms on disconnect failed"));
    });
  });

  return {
    io,
    rooms,
    close: () =>
      new Promise<void>((resolve) => {
        void io.close(() => resolve());
      }),
  };
}
