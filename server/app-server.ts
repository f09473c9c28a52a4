import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import next from "next";
import { memoryFailureCounters, redisFailureCounters, SignInThrottle } from "./accounts/sign-in-throttle";
import type { Database } from "./db/database";
import type { Env } from "./env";
import type { Logger } from "./logger";
import { createRealtimeServer, type RealtimeServer } from "./realtime/create-realtime-server";
import type { MockroomServer } from "./realtime/rooms";
import { setRuntime, type Runtime } from "./runtime/runtime";
import { queueStatus } from "./runtime/queue-status";
import { openScoringModels } from "./scoring/scoring-models";
import { enqueueUnscoredAnswers } from "./jobs/enqueue-unscored-answers";
import { openJobQueue } from "./jobs/open-job-queue";
import { stampClientAddress } from "./http/client-address";
import { LANE_PATH } from "../lib/realtime/lane";

export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL("..", import.meta.url)));

export type AppServer = { url: string; port: number; httpServer: HttpServer; io: MockroomServer; realtime: RealtimeServer; runtime: Runtime; close(): Promise<void> };

/**
 * Wires Next.js and Socket.IO onto one HTTP server and starts listening. Boot (env, database)
 * is the caller's; tests call this with port 0 and a database of their own.
 */
export async function createAppServer({
  env,
  db,
  logger,
  dev = false,
  port = env.PORT,
  host = env.HOST,
}: {
  env: Env;
  db: Database;
  logger: Logger;
  dev?: boolean;
  port?: number;
  host?: string;
}): Promise<AppServer> {
  // Auth.js reads these when Next loads its modules, so they are set before prepare().
  process.env.AUTH_SECRET = env.AUTH_SECRET;
  process.env.AUTH_TRUST_HOST = "true";
  const models = await openScoringModels({ modelsDir: env.MODELS_DIR, device: env.EMBEDDER_DEVICE, logger });
  // Sign-in failure counters: in this process by default, in Redis (shared by every web server) with REDIS_URL.
  const throttleRedis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, connectionName: "mockroom-signin-throttle" }) : undefined;
  throttleRedis?.on("error", (err: unknown) => logger.warn({ err }, "sign-in throttle redis connection error"));
  const runtime: Runtime = {
    env,
    db,
    logger,
    startedAt: new Date(),
    // The models status object is live: it updates when the embedder loads or fails.
    status: { queue: await queueStatus(env), models: models.status },
    models,
    jobs: await openJobQueue({ env, db, logger, models }),
    signInThrottle: new SignInThrottle(throttleRedis ? redisFailureCounters(throttleRedis, env.JOBS_PREFIX) : memoryFailureCounters(), logger),
  };
  const requeued = await enqueueUnscoredAnswers({ db, queue: runtime.jobs });
  if (requeued) logger.info({ requeued }, "re-enqueued answers without a current engine score");
  setRuntime(runtime);

  // Listen first: Next needs the real port (port 0 in tests) to resolve server-action redirects.
  const ready: { handle?: (req: IncomingMessage, res: ServerResponse) => Promise<void> } = {};
  const httpServer = createServer((req, res) => {
    stampClientAddress(req, env.TRUST_PROXY);
    const handle = ready.handle;
    if (!handle) {
      res.writeHead(503, { "retry-after": "1" }).end("Starting up");
      return;
    }
    handle(req, res).catch((err: unknown) => {
      logger.error({ err, url: req.url }, "request failed");
      if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
    });
  });
  const realtime = createRealtimeServer(httpServer, {
    db,
    logger,
    secret: env.AUTH_SECRET,
    dev,
    jobs: runtime.jobs,
    redis: env.REDIS_URL ? { url: env.REDIS_URL, prefix: env.JOBS_PREFIX } : undefined,
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => resolve());
  });
  const actualPort = (httpServer.address() as AddressInfo).port;
  const hostname = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  const url = `http://${hostname}:${actualPort}`;

  const app = next({ dev, dir: PROJECT_ROOT, hostname, port: actualPort, quiet: !dev });
  try {
    await app.prepare();
  } catch (err) {
    await realtime.close();
    throttleRedis?.disconnect();
    throw err;
  }
  const requestHandler = app.getRequestHandler();
  ready.handle = (req, res) => requestHandler(req, res);
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    httpServer.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/socket.io") && !req.url?.startsWith(LANE_PATH)) void upgrade(req, socket, head);
    });
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    port: actualPort,
    httpServer,
    io: realtime.io,
    realtime,
    runtime,
    close: () =>
      (closing ??= (async () => {
        httpServer.closeIdleConnections();
        await realtime.close(); // also closes the HTTP server
        await app.close().catch(() => undefined);
        await runtime.jobs.close();
        throttleRedis?.disconnect();
        setRuntime(undefined);
      })()),
  };
}
