import type { Database } from "../db/database";
import type { Env } from "../env";
import type { Logger } from "../logger";
import type { JobQueue } from "../jobs/queue";
import type { SignInThrottle } from "../accounts/sign-in-throttle";
import type { ModelsRuntimeStatus, ScoringModels } from "../scoring/scoring-models";

/**
 * What every request handler needs: the environment, the database and the logger.
 * The custom server creates it once at boot. Next compiles route handlers into its own module
 * graph, so the instance is shared through a global symbol rather than a module variable:
 * one process, one database (PGlite allows no second opener).
 */
export type Runtime = {
  env: Env;
  db: Database;
  logger: Logger;
  startedAt: Date;
  /** Filled in by later subsystems (queues, models); reported by /api/health. */
  status: { queue: { mode: "in-process" | "redis"; ok: boolean; detail?: string }; models: ModelsRuntimeStatus };
  models: ScoringModels;
  jobs: JobQueue;
  /** Failed sign-ins per account and client address (shared through Redis when REDIS_URL is set). */
  signInThrottle: SignInThrottle;
};

const KEY = Symbol.for("mockroom.runtime");
type Holder = { [KEY]?: Runtime };

export function setRuntime(runtime: Runtime | undefined): void {
  (globalThis as Holder)[KEY] = runtime;
}

export function getRuntime(): Runtime {
  const r = (globalThis as Holder)[KEY];
  if (!r) throw new Error("Mockroom runtime is not initialised: start the app with `npm start` or `npm run dev`.");
  return r;
}
