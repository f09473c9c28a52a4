import { vi } from "vitest";
import { createBullmqQueue, startBullmqWorkers } from "@/server/jobs/bullmq-queue";
import { createInProcessQueue } from "@/server/jobs/in-process-queue";
import type { JobCompleted, JobQueue } from "@/server/jobs/queue";
import { registeredJobs, type JobDefinition, type JobServices } from "@/server/jobs/registry";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export type QueueMode = "in-process" | "bullmq";
export type JobHarness = { queue: JobQueue; completions: JobCompleted[]; close(): Promise<void> };

/** The same jobs on either queue: in this process, or BullMQ on the real Redis with workers in this process. */
export async function startJobHarness({
  mode,
  services,
  prefix,
  jobs = registeredJobs,
  attempts,
  backoffMs = 20,
}: {
  mode: QueueMode;
  services: JobServices;
  prefix: string;
  jobs?: readonly JobDefinition[];
  attempts?: number;
  backoffMs?: number;
}): Promise<JobHarness> {
  const completions: JobCompleted[] = [];
  const opts = { jobs, backoffMs, ...(attempts ? { attempts } : {}) };
  if (mode === "in-process") {
    const queue = createInProcessQueue({ services, ...opts });
    queue.onCompleted((e) => completions.push(e));
    return { queue, completions, close: () => queue.close() };
  }
  const queue = await createBullmqQueue({ redisUrl: TEST_REDIS_URL, logger: services.logger, prefix, ...opts });
  queue.onCompleted((e) => completions.push(e));
  const workers = startBullmqWorkers({ redisUrl: TEST_REDIS_URL, services, prefix, jobs, concurrency: 4 });
  return {
    queue,
    completions,
    async close() {
      await workers.close();
      await queue.close();
    },
  };
}

/** Resolves with the job's result once its completion event has arrived. */
export function completionOf<T>(h: JobHarness, jobKey: string, timeout = 20_000): Promise<T> {
  return vi.waitFor(
    () => {
      const c = h.completions.find((e) => e.jobKey === jobKey);
      if (!c) throw new Error(`job ${jobKey} has not completed`);
      return c.result as T;
    },
    { timeout, interval: 20 },
  );
}
