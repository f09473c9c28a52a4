import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { Database } from "../db/database";
import type { Logger } from "../logger";
import type { LlmClient } from "../followups/llm-client";
import type { LocalGenerator } from "../followups/local-generator";
import type { ScoringModels } from "../scoring/scoring-models";
import { calibrateQuestionJob, ZCalibrateQuestionPayload } from "./calibrate-question";
import { llmGradeAnswerJob, ZLlmGradeAnswerPayload } from "./llm-grade-answer";
import { proposeFollowUpJob, ZProposeFollowUpPayload } from "./propose-follow-up-job";
import { InvalidJobPayloadError } from "./queue";
import { rescoreAnswersJob, ZRescoreAnswersPayload } from "./rescore-answers";
import { scoreAnswerJob, ZScoreAnswerPayload } from "./score-answer";

/** What a process hands every handler: one per process, shared by all jobs. */
export type JobServices = {
  db: Database;
  logger: Logger;
  models?: Pick<ScoringModels, "embedder"> | undefined;
  /** Hosted LLM and local generator that word follow-ups; without them follow-ups are authored or templated. */
  llm?: LlmClient | undefined;
  generator?: LocalGenerator | undefined;
  /** The hosted model that grades answers beside the engine; only with OPENAI_GRADING on. */
  grader?: LlmClient | undefined;
};
/** `attempt` counts from 1; `maxAttempts` lets a handler tell its last try (to record why it gave up). */
export type JobContext = JobServices & { jobKey: string; attempt: number; maxAttempts: number };

/**
 * One kind of job. `version` changes whenever the payload or the meaning of the result changes
 * incompatibly: it is part of the queue name, so an old worker never takes a job it cannot parse.
 * The handler is written as a method so a list of jobs with different payloads type-checks.
 */
export type JobDefinition<S extends z.ZodType = z.ZodType, R = unknown> = {
  id: string;
  version: number;
  payload: S;
  handler(ctx: JobContext, payload: z.infer<S>): Promise<R>;
};

export function defineJob<S extends z.ZodType, R>(def: JobDefinition<S, R>): JobDefinition<S, R> {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(def.id)) throw new Error(`job id "${def.id}" must be kebab-case`);
  if (!Number.isInteger(def.version) || def.version < 1) throw new Error(`job "${def.id}" needs a positive integer version`);
  return def;
}

/** BullMQ forbids ":" in queue names; the dot keeps id and version readable in redis-cli. */
export function queueNameOf(def: Pick<JobDefinition, "id" | "version">): string {
  return `${def.id}.v${def.version}`;
}

export const scoreAnswerJobDefinition = defineJob({
  id: "score-answer",
  version: 1,
  payload: ZScoreAnswerPayload,
  handler: ({ db, models }, { answerId }) => scoreAnswerJob({ db, answerId, embedder: models ? () => models.embedder() : undefined }),
});

export const proposeFollowUpJobDefinition = defineJob({
  id: "propose-follow-up",
  version: 1,
  payload: ZProposeFollowUpPayload,
  handler: ({ db, llm, generator }, { turnId }) => proposeFollowUpJob({ db, turnId, llm, generator }),
});

export const rescoreAnswersJobDefinition = defineJob({
  id: "rescore-answers",
  version: 1,
  payload: ZRescoreAnswersPayload,
  handler: ({ db, models }, { questionVersionId }) => rescoreAnswersJob({ db, questionVersionId, embedder: models ? () => models.embedder() : undefined }),
});

export const calibrateQuestionJobDefinition = defineJob({
  id: "calibrate-question",
  version: 1,
  payload: ZCalibrateQuestionPayload,
  handler: ({ db }, { questionId }) => calibrateQuestionJob({ db, questionId }),
});

export const llmGradeAnswerJobDefinition = defineJob({
  id: "llm-grade-answer",
  version: 1,
  payload: ZLlmGradeAnswerPayload,
  handler: ({ db, grader, logger, attempt, maxAttempts }, { answerId }) => llmGradeAnswerJob({ db, grader, answerId, attempt, maxAttempts, logger }),
});

/** Every job the server enqueues and the workers run. */
export const registeredJobs: readonly JobDefinition[] = [
  scoreAnswerJobDefinition,
  proposeFollowUpJobDefinition,
  rescoreAnswersJobDefinition,
  calibrateQuestionJobDefinition,
  llmGradeAnswerJobDefinition,
];

export function findJob(jobs: readonly JobDefinition[], id: string): JobDefinition {
  const def = jobs.find((j) => j.id === id);
  if (!def) throw new Error(`unknown job "${id}" (registered: ${jobs.map((j) => j.id).join(", ")})`);
  return def;
}

/**
 * Test-only hook: with NODE_ENV=test, MOCKROOM_TEST_JOB_DELAY_MS delays every job after its payload
 * is validated and before its handler runs, so a test can kill a worker while a job is in flight.
 * Read per job (not at import) so a test can set it per process; ignored outside tests.
 */
function testDelayMs(): number {
  if (process.env.NODE_ENV !== "test") return 0;
  const ms = Number(process.env.MOCKROOM_TEST_JOB_DELAY_MS ?? 0);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/**
 * Runs one job the same way in both queues: validates the payload (an invalid one is a permanent
 * failure, never retried) and calls the handler. Throws whatever the handler throws.
 */
export async function runJob({
  def,
  services,
  payload,
  jobKey,
  attempt,
  maxAttempts = attempt,
}: {
  def: JobDefinition;
  services: JobServices;
  payload: unknown;
  jobKey: string;
  attempt: number;
  maxAttempts?: number;
}): Promise<unknown> {
  const parsed = def.payload.safeParse(payload);
  if (!parsed.success) throw new InvalidJobPayloadError(`invalid payload for ${queueNameOf(def)}: ${z.prettifyError(parsed.error)}`);
  services.logger.debug({ job: queueNameOf(def), jobKey, attempt }, "job started");
  const delay = testDelayMs();
  if (delay > 0) {
    services.logger.info({ job: queueNameOf(def), jobKey, delayMs: delay }, "job started, delayed by MOCKROOM_TEST_JOB_DELAY_MS");
    await sleep(delay);
  }
  return def.handler({ ...services, jobKey, attempt, maxAttempts }, parsed.data);
}
