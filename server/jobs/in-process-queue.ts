import { randomUUID } from "node:crypto";
import { settleWithin } from "../runtime/settle-within";
import { findJob, queueNameOf, registeredJobs, runJob, type JobDefinition, type JobServices } from "./registry";
import { backoffDelay, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, PermanentJobError, type DeadLetter, QueueListeners, type JobCompleted, type JobDeadLettered, type JobQueue } from "./queue";

type Pending = { def: JobDefinition; jobKey: string; payload: unknown; attempt: number };

/**
 * The embedded default (no Redis): jobs run in this process, at most `concurrency` at a time,
 * with the same retries, backoff and dead letter as the BullMQ queue. Nothing survives a restart,
 * so callers that must not lose work re-enqueue what is still unscored at start-up.
 */
export function createInProcessQueue({
  services,
  jobs = registeredJobs,
  concurrency = 4,
  attempts = DEFAULT_ATTEMPTS,
  backoffMs = DEFAULT_BACKOFF_MS,
  dedupeTtlMs = 60 * 60_000,
  closeTimeoutMs = 30_000,
}: {
  services: JobServices;
  jobs?: readonly JobDefinition[];
  concurrency?: number;
  attempts?: number;
  backoffMs?: number;
  /** How long a finished job's dedupe key still swallows duplicates (BullMQ keeps completed jobs as long). */
  dedupeTtlMs?: number;
  closeTimeoutMs?: number;
}): JobQueue {
  const { logger } = services;
  const pending: Pending[] = [];
  const inFlight = new Set<Promise<void>>();
  const retryTimers = new Set<NodeJS.Timeout>();
  const seen = new Map<string, number>();
  const dead: DeadLetter[] = [];
  const listeners = new QueueListeners<JobCompleted>((err, e) => logger.error({ err, jobKey: e.jobKey }, "job completion listener failed"));
  const deadListeners = new QueueListeners<JobDeadLettered>((err, e) => logger.error({ err, jobKey: e.jobKey }, "dead-letter listener failed"));
  let closing: Promise<void> | undefined;

  const pump = () => {
    while (!closing && inFlight.size < concurrency) {
      const next = pending.shift();
      if (!next) return;
      const p = execute(next).finally(() => {
        inFlight.delete(p);
        pump();
      });
      inFlight.add(p);
    }
  };

  const execute = async (item: Pending): Promise<void> => {
    const { def, jobKey, payload, attempt } = item;
    try {
      const result = await runJob({ def, services, payload, jobKey, attempt, maxAttempts: attempts });
      listeners.emit({ jobId: def.id, version: def.version, jobKey, result });
    } catch (err) {
      const permanent = err instanceof PermanentJobError;
      // While closing no retry is scheduled: the failure is kept in the dead letter list instead.
      if (!permanent && attempt < attempts && !closing) {
        const delay = backoffDelay({ attempt, baseMs: backoffMs });
        logger.warn({ err, job: queueNameOf(def), jobKey, attempt, retryInMs: delay }, "job failed; retrying");
        const timer = setTimeout(() => {
          retryTimers.delete(timer);
          pending.push({ ...item, attempt: attempt + 1 });
          pump();
        }, delay);
        retryTimers.add(timer);
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      dead.push({ jobId: def.id, version: def.version, jobKey, payload, error: message, attempts: attempt, failedAt: new Date() });
      logger.error({ err, job: queueNameOf(def), jobKey, attempts: attempt, permanent }, "job moved to dead letter");
      deadListeners.emit({ jobId: def.id, version: def.version, jobKey, payload, error: message });
    }
  };

  const forgetExpiredKeys = (now: number) => {
    for (const [key, at] of seen) {
      if (now - at < dedupeTtlMs) break; // insertion order is age order
      seen.delete(key);
    }
  };

  return {
    mode: "in-process",
    enqueue(jobId, payload, opts = {}) {
      if (closing) return Promise.reject(new Error("the job queue is closing"));
      const def = findJob(jobs, jobId);
      const now = Date.now();
      forgetExpiredKeys(now);
      const jobKey = opts.dedupeKey ?? randomUUID();
      if (seen.has(jobKey)) return Promise.resolve({ jobKey });
      seen.set(jobKey, now);
      pending.push({ def, jobKey, payload, attempt: 1 });
      pump();
      return Promise.resolve({ jobKey });
    },
    onCompleted: (listener) => listeners.add(listener),
    onDeadLetter: (listener) => deadListeners.add(listener),
    deadLetters: () => Promise.resolve([...dead]),
    retryDeadLetter({ jobId, jobKey }) {
      if (closing) return Promise.reject(new Error("the job queue is closing"));
      const i = dead.findIndex((d) => d.jobId === jobId && d.jobKey === jobKey);
      const letter = dead[i];
      const def = jobs.find((j) => j.id === jobId);
      if (!letter || !def) return Promise.resolve(false);
      dead.splice(i, 1);
      pending.push({ def, jobKey, payload: letter.payload, attempt: 1 });
      pump();
      return Promise.resolve(true);
    },
    close: () =>
      (closing ??= (async () => {
        for (const t of retryTimers) clearTimeout(t);
        const dropped = pending.length + retryTimers.size;
        retryTimers.clear();
        pending.length = 0;
        if (dropped > 0) logger.warn({ dropped }, "job queue closed with jobs not yet started; they were dropped");
        if (!(await settleWithin(inFlight, closeTimeoutMs))) logger.error({ inFlight: inFlight.size, closeTimeoutMs }, "job queue closed before in-flight jobs finished");
      })()),
  };
}
