import { Queue, QueueEvents, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "../logger";
import { findJob, queueNameOf, registeredJobs, runJob, type JobDefinition, type JobServices } from "./registry";
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, PermanentJobError, type DeadLetter, QueueListeners, type JobCompleted, type JobDeadLettered, type JobQueue } from "./queue";

/**
 * The Redis mode: one BullMQ queue per job id and version (so a worker only takes jobs it can
 * parse), separate worker processes (workers/index.ts) and the same handlers as the embedded queue.
 * Failed jobs stay in BullMQ's failed set: that set is the dead-letter view.
 */

export const DEFAULT_PREFIX = "mockroom";
const COMPLETED_KEEP_S = 60 * 60;
const FAILED_KEEP_S = 14 * 24 * 60 * 60;

/** BullMQ job ids may not contain ":" or look like integers; this encoding is one-to-one. */
function bullJobId(dedupeKey: string): string {
  return `k_${encodeURIComponent(dedupeKey)}`;
}

type Connections = { open(role: string): Redis; closeAll(): Promise<void> };

/** Each BullMQ object gets its own connection (blocking reads must not share one); we close them. */
function connections(redisUrl: string): Connections {
  const all: Redis[] = [];
  return {
    open(role) {
      // maxRetriesPerRequest: null is required by BullMQ's blocking commands in workers and events.
      const r = new Redis(redisUrl, { maxRetriesPerRequest: null, connectionName: `mockroom-${role}` });
      all.push(r);
      return r;
    },
    async closeAll() {
      await Promise.all(all.map((r) => r.quit().catch(() => r.disconnect())));
    },
  };
}

export async function createBullmqQueue({
  redisUrl,
  logger,
  prefix = DEFAULT_PREFIX,
  jobs = registeredJobs,
  attempts = DEFAULT_ATTEMPTS,
  backoffMs = DEFAULT_BACKOFF_MS,
}: {
  redisUrl: string;
  logger: Logger;
  prefix?: string;
  jobs?: readonly JobDefinition[];
  attempts?: number;
  backoffMs?: number;
}): Promise<JobQueue> {
  const conns = connections(redisUrl);
  const listeners = new QueueListeners<JobCompleted>((err, e) => logger.error({ err, jobKey: e.jobKey }, "job completion listener failed"));
  const deadListeners = new QueueListeners<JobDeadLettered>((err, e) => logger.error({ err, jobKey: e.jobKey }, "dead-letter listener failed"));
  const queues = new Map<string, { def: JobDefinition; queue: Queue; events: QueueEvents }>();
  for (const def of jobs) {
    const name = queueNameOf(def);
    const connection = conns.open("queue");
    const queue = new Queue(name, { connection, prefix });
    queue.on("error", (err) => logger.error({ err, queue: name }, "BullMQ queue error"));
    await queue.waitUntilReady();
    // Start reading events at the stream's current end: "$" would miss completions that happen
    // before the first blocking read, and "0" would replay old ones.
    const eventsKey = queue.keys.events ?? queue.toKey("events");
    const last = (await connection.xrevrange(eventsKey, "+", "-", "COUNT", 1))[0]?.[0] ?? "0-0";
    const events = new QueueEvents(name, { connection: conns.open("events"), prefix, lastEventId: last });
    events.on("error", (err) => logger.error({ err, queue: name }, "BullMQ queue events error"));
    events.on("completed", ({ jobId, returnvalue }) => {
      listeners.emit({ jobId: def.id, version: def.version, jobKey: jobId, result: returnvalue });
    });
    // BullMQ emits "failed" when a job lands in the failed set: after its last attempt or a permanent error.
    events.on("failed", ({ jobId, failedReason }) => {
      if (!deadListeners.size) return;
      void queue
        .getJob(jobId)
        .then((job) => deadListeners.emit({ jobId: def.id, version: def.version, jobKey: jobId, payload: job?.data, error: failedReason }))
        .catch((err: unknown) => logger.error({ err, jobKey: jobId }, "reading a dead-lettered job failed"));
    });
    await events.waitUntilReady();
    queues.set(def.id, { def, queue, events });
  }
  let closing: Promise<void> | undefined;

  return {
    mode: "redis",
    async enqueue(jobId, payload, opts = {}) {
      if (closing) throw new Error("the job queue is closing");
      const def = findJob(jobs, jobId);
      const entry = queues.get(def.id)!;
      const job = await entry.queue.add(def.id, payload, {
        ...(opts.dedupeKey ? { jobId: bullJobId(opts.dedupeKey) } : {}),
        attempts,
        backoff: { type: "exponential", delay: backoffMs },
        removeOnComplete: { age: COMPLETED_KEEP_S },
        removeOnFail: { age: FAILED_KEEP_S },
      });
      if (!job.id) throw new Error("BullMQ returned a job without an id");
      return { jobKey: job.id };
    },
    onCompleted: (listener) => listeners.add(listener),
    onDeadLetter: (listener) => deadListeners.add(listener),
    async deadLetters() {
      const out: DeadLetter[] = [];
      for (const { def, queue } of queues.values()) {
        for (const job of await queue.getFailed()) {
          out.push({ jobId: def.id, version: def.version, jobKey: job.id ?? "", payload: job.data, error: job.failedReason, attempts: job.attemptsMade, failedAt: new Date(job.finishedOn ?? job.timestamp) });
        }
      }
      return out;
    },
    async retryDeadLetter({ jobId, jobKey }) {
      const entry = queues.get(jobId);
      const job = entry ? await entry.queue.getJob(jobKey) : undefined;
      if (!job || !(await job.isFailed())) return false;
      // Resets attemptsMade, so the job gets its full retries again.
      await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    },
    close: () =>
      (closing ??= (async () => {
        for (const { queue, events } of queues.values()) await Promise.all([events.close(), queue.close()]);
        await conns.closeAll();
      })()),
  };
}

export type JobWorkers = { close(): Promise<void> };

/**
 * Starts one BullMQ worker per job definition. close() lets in-flight jobs finish; a process
 * killed outright leaves its jobs locked until the lock expires, then another worker's stalled
 * check puts them back (the handlers are idempotent, so running one twice stores one result).
 */
export function startBullmqWorkers({
  redisUrl,
  services,
  prefix = DEFAULT_PREFIX,
  jobs = registeredJobs,
  concurrency = 4,
  lockDurationMs = 30_000,
  stalledIntervalMs = 30_000,
}: {
  redisUrl: string;
  services: JobServices;
  prefix?: string;
  jobs?: readonly JobDefinition[];
  concurrency?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}): JobWorkers {
  const { logger } = services;
  const conns = connections(redisUrl);
  const workers = jobs.map((def) => {
    const name = queueNameOf(def);
    const worker = new Worker(
      name,
      async (job) => {
        try {
          return await runJob({ def, services, payload: job.data, jobKey: job.id ?? "", attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
        } catch (err) {
          // UnrecoverableError makes BullMQ fail the job at once instead of retrying it.
          if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
          throw err;
        }
      },
      { connection: conns.open("worker"), prefix, concurrency, lockDuration: lockDurationMs, stalledInterval: stalledIntervalMs },
    );
    worker.on("error", (err) => logger.error({ err, queue: name }, "BullMQ worker error"));
    worker.on("failed", (job, err) => {
      const final = !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      logger[final ? "error" : "warn"]({ err, queue: name, jobKey: job?.id, attempts: job?.attemptsMade }, final ? "job moved to dead letter" : "job failed; retrying");
    });
    return worker;
  });
  let closing: Promise<void> | undefined;
  return {
    close: () =>
      (closing ??= (async () => {
        await Promise.all(workers.map((w) => w.close()));
        await conns.closeAll();
      })()),
  };
}
