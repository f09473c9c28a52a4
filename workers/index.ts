// `npm run worker`: a separate scoring worker process taking jobs from Redis (BullMQ). Run any
// number of them, on any machine that reaches the same Redis and PostgreSQL.
import { z } from "zod";
import { openDatabase } from "../server/db/database";
import { migrateDatabase } from "../server/db/migrate";
import { EnvError, loadEnv, type Env } from "../server/env";
import { startBullmqWorkers } from "../server/jobs/bullmq-queue";
import { queueNameOf, registeredJobs } from "../server/jobs/registry";
import { createLogger } from "../server/logger";
import { createJobServices } from "../server/jobs/job-services";
import { openScoringModels } from "../server/scoring/scoring-models";

/**
 * Worker-only settings, parsed here because only this process reads them (JOBS_PREFIX, shared with
 * the web process, is in server/env.ts). MOCKROOM_TEST_STALL_MS (NODE_ENV=test only)
 * shortens BullMQ's lock and stalled check so a test sees a killed worker's job recovered quickly.
 */
const ZWorkerEnv = z.object({
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  MOCKROOM_TEST_STALL_MS: z.coerce.number().int().min(500).optional(),
});

function refuse(message: string): never {
  console.error(`mockroom worker: ${message}`);
  process.exit(1);
}

function parseEnv(): { env: Env; worker: z.infer<typeof ZWorkerEnv> } {
  let env: Env;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof EnvError) refuse(err.message);
    throw err;
  }
  const worker = ZWorkerEnv.safeParse(process.env);
  if (!worker.success) refuse(`Invalid environment:\n${worker.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  if (!env.REDIS_URL) {
    refuse("REDIS_URL is not set. Separate workers take their jobs from Redis; set REDIS_URL=redis://host:6379, or run without workers (npm start runs jobs in-process).");
  }
  if (!env.DATABASE_URL) {
    refuse("DATABASE_URL is not set. Separate workers need PostgreSQL (DATABASE_URL=postgresql://...): the embedded PGlite database allows a single process only.");
  }
  return { env, worker: worker.data };
}

async function main() {
  const { env, worker } = parseEnv();
  const logger = createLogger({ level: env.LOG_LEVEL, name: "mockroom-worker" });
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  // Migrating is the web process's job, but harmless here: the runner takes an advisory lock.
  await migrateDatabase({ db });
  const models = await openScoringModels({ modelsDir: env.MODELS_DIR, device: env.EMBEDDER_DEVICE, logger });
  // Load the embedder now, not on the first job, so the log says where it runs before work arrives.
  const embedder = await models.embedder();
  const device = embedder?.describeDevice().device;
  const executionProvider = device ? device.toUpperCase() : "CPU";
  logger.info({ executionProvider, scoring: models.status.mode, detail: models.status.detail }, `scoring on ${executionProvider}`);

  const test = env.NODE_ENV === "test" && worker.MOCKROOM_TEST_STALL_MS;
  const workers = startBullmqWorkers({
    redisUrl: env.REDIS_URL!,
    services: await createJobServices({ env, db, logger, models }),
    prefix: env.JOBS_PREFIX,
    concurrency: worker.WORKER_CONCURRENCY,
    ...(test ? { lockDurationMs: test, stalledIntervalMs: test } : {}),
  });
  logger.info({ queues: registeredJobs.map(queueNameOf), prefix: env.JOBS_PREFIX, concurrency: worker.WORKER_CONCURRENCY, db: db.location }, "worker ready");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping: finishing in-flight jobs");
    void (async () => {
      try {
        await workers.close();
        await db.close();
        logger.info("worker stopped");
        process.exit(0);
      } catch (err) {
        logger.error({ err }, "worker did not stop cleanly");
        process.exit(1);
      }
    })();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  console.error("mockroom worker failed to start:", err);
  process.exit(1);
});
