import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";
import { AppError, toErrorBody } from "../../lib/errors";
import { clientEventSchemas, PROTOCOL_VERSION, type ConnectErrorData } from "../../lib/realtime/contract";
import type { Database } from "../db/database";
import type { JobQueue } from "../jobs/queue";
import type { Logger } from "../logger";
import { DraftLanes } from "./draft-lanes";
import type { RealtimeFeature } from "./feature";
import { createLiveSessionFeature, type LiveSessionFeature } from "./live-session-feature";
import { createPairingFeature } from "../pairing/pairing-feature";
import { onEvent } from "./on-event";
import { connectJobsToRooms } from "./session-pipeline";
import { authenticateSocket } from "./socket-auth";
import type { MockroomServer, MockroomSocket } from "./rooms";

export type RealtimeDeps = {
  db: Database;
  logger: Logger;
  secret: string;
  dev?: boolean;
  jobs?: JobQueue | undefined;
  /** With Redis, servers behind one address share rooms through the Socket.IO Redis adapter. */
  redis?: { url: string; prefix: string } | undefined;
};

export type RealtimeServer = { io: MockroomServer; live: LiveSessionFeature; lanes: DraftLanes; features: RealtimeFeature[]; close(): Promise<void> };

/** Wires Socket.IO onto an existing HTTP server (the one Next serves on): auth, features, job results. */
export function createRealtimeServer(httpServer: HttpServer, deps: RealtimeDeps): RealtimeServer {
  const { db, logger } = deps;
  const io: MockroomServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
    // Typing streams are small and frequent: compression costs more CPU and latency than it saves.
    perMessageDeflate: false,
    httpCompression: false,
    // Next's dev server handles its own websocket upgrades (HMR) on the same port.
    destroyUpgrade: !deps.dev,
  });
  const redisClients: Redis[] = [];
  if (deps.redis) {
    const pub = new Redis(deps.redis.url, { lazyConnect: false, maxRetriesPerRequest: null });
    const sub = pub.duplicate();
    for (const c of [pub, sub]) c.on("error", (err: unknown) => logger.warn({ err }, "socket.io redis adapter connection error"));
    redisClients.push(pub, sub);
    io.adapter(createAdapter(pub, sub, { key: `${deps.redis.prefix}:socket.io`, requestsTimeout: 3000 }));
  }

  const lanes = new DraftLanes(httpServer, logger);
  const ctx = { io, db, logger, lanes, clustered: deps.redis !== undefined };
  const live = createLiveSessionFeature({ ...ctx, jobs: deps.jobs });
  const features: RealtimeFeature[] = [live, createPairingFeature(ctx)];
  for (const f of features) void f.start?.();
  const disconnectJobs = deps.jobs ? connectJobsToRooms({ io, db, jobs: deps.jobs, logger }) : () => Promise.resolve();

  io.use((socket, next) => {
    authenticateSocket({ db, secret: deps.secret, auth: socket.handshake.auth, headers: socket.handshake.headers })
      .then((auth) => {
        socket.data.auth = auth;
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

  io.on("connection", (socket: MockroomSocket) => {
    const auth = socket.data.auth;
    onEvent(socket as never, logger, "system:whoami", clientEventSchemas["system:whoami"], () => ({
      userId: auth.user.id,
      name: auth.user.name,
      email: auth.user.email,
      via: auth.via,
      protocol: PROTOCOL_VERSION,
      orgs: auth.memberships.map((m) => ({ orgId: m.orgId, name: m.orgName, roles: m.roles })),
    }));
    onEvent(socket as never, logger, "lane:open", clientEventSchemas["lane:open"], () => lanes.ticketFor(socket));
    for (const f of features) f.register(socket);
    socket.on("disconnect", (reason) => {
      for (const f of features) {
        Promise.resolve(f.disconnected?.(socket, reason)).catch((err: unknown) => logger.error({ err, feature: f.name }, "disconnect handling failed"));
      }
    });
  });

  let closing: Promise<void> | undefined;
  return {
    io,
    live,
    lanes,
    features,
    close: () =>
      (closing ??= (async () => {
        await disconnectJobs();
        for (const f of features) await f.stop?.().catch((err: unknown) => logger.error({ err, feature: f.name }, "stopping a realtime feature failed"));
        lanes.close();
        await new Promise<void>((resolve) => {
          void io.close(() => resolve());
        });
        for (const c of redisClients) c.disconnect();
      })()),
  };
}
