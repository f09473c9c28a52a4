// Process entry point: parse the environment, open the database, serve. Nothing else lives here.
import { createAppServer } from "./app-server";
import { bootDatabase } from "./boot";
import { EnvError, loadEnv } from "./env";
import { createLogger } from "./logger";

const dev = process.argv.includes("--dev");
let env;
try {
  env = loadEnv({ ...process.env, NODE_ENV: dev ? "development" : (process.env.NODE_ENV ?? "production") });
} catch (err) {
  console.error(err instanceof EnvError ? err.message : err);
  process.exit(1);
}
const logger = createLogger({ level: env.LOG_LEVEL });
const t0 = performance.now();
const db = await bootDatabase({ env, logger });
const server = await createAppServer({ env, db, logger, dev });
logger.info({ url: server.url, db: db.kind, queue: server.runtime.status.queue.mode, ms: Math.round(performance.now() - t0) }, `Mockroom is serving ${server.url}`);

let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ sig }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    void server
      .close()
      .then(() => db.close())
      .then(() => {
        clearTimeout(force);
        process.exit(0);
      });
  });
}
