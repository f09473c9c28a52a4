import type { Database } from "../db/database";
import type { Env } from "../env";
import type { Logger } from "../logger";
import type { ScoringModels } from "../scoring/scoring-models";
import { createBullmqQueue } from "./bullmq-queue";
import { chainLlmGrading } from "./chain-llm-grading";
import { createInProcessQueue } from "./in-process-queue";
import { createJobServices } from "./job-services";
import type { JobQueue } from "./queue";

/**
 * The web process's queue: BullMQ on Redis when REDIS_URL is set (separate `npm run worker`
 * processes run the jobs), else the in-process queue that runs the same handlers here.
 */
export async function openJobQueue({ env, db, logger, models }: { env: Env; db: Database; logger: Logger; models: ScoringModels }): Promise<JobQueue> {
  const queue = env.REDIS_URL
    ? await createBullmqQueue({ redisUrl: env.REDIS_URL, logger, prefix: env.JOBS_PREFIX })
    : createInProcessQueue({ services: await createJobServices({ env, db, logger, models }) });
  if (env.OPENAI_GRADING) chainLlmGrading({ queue, logger });
  return queue;
}
