/**
 * The queue interface shared by the embedded in-process queue and the BullMQ queue on Redis.
 * Producers (the web process) only see this; which implementation runs is decided at boot by
 * REDIS_URL. Delivery is at-least-once in both, so every handler must be idempotent.
 */

export type EnqueueOptions = {
  /** Jobs with the same key collapse into one while the first is queued, running or recently done. */
  dedupeKey?: string;
};

export type JobCompleted = {
  /** The registry id of the job ("score-answer") and the version that ran it. */
  jobId: string;
  version: number;
  jobKey: string;
  result: unknown;
};

export type JobDeadLettered = { jobId: string; version: number; jobKey: string; payload: unknown; error: string };

/** A job that will not be retried: an invalid payload or a permanent failure, kept for inspection. */
export type DeadLetter = {
  jobId: string;
  version: number;
  jobKey: string;
  payload: unknown;
  error: string;
  attempts: number;
  failedAt: Date;
};

export interface JobQueue {
  readonly mode: "in-process" | "redis";
  enqueue(jobId: string, payload: unknown, opts?: EnqueueOptions): Promise<{ jobKey: string }>;
  /** Returns a function that removes the listener. */
  onCompleted(listener: (event: JobCompleted) => void): () => void;
  /** A job gave up (every retry failed, or a permanent failure); heard by every process like completions. */
  onDeadLetter(listener: (event: JobDeadLettered) => void): () => void;
  deadLetters(): Promise<DeadLetter[]>;
  /** Runs a dead-lettered job again from its first attempt; false when no such dead letter exists. */
  retryDeadLetter(ref: { jobId: string; jobKey: string }): Promise<boolean>;
  /** Stops taking jobs and lets in-flight ones finish; calling it again is harmless. */
  close(): Promise<void>;
}

/** Thrown by a handler (or the registry) when retrying cannot help: the job goes straight to dead letter. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

export class InvalidJobPayloadError extends PermanentJobError {
  override name = "InvalidJobPayloadError";
}

/** Exponential backoff shared by both queues, so both modes retry on the same schedule. */
export function backoffDelay({ attempt, baseMs }: { attempt: number; baseMs: number }): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1_000;

/**
 * The listeners of one kind of queue event, shared by both queues: each listener runs on its own,
 * so one that throws is reported and the others still hear the event.
 */
export class QueueListeners<E> {
  private readonly listeners = new Set<(e: E) => void>();

  constructor(private readonly onListenerError: (err: unknown, event: E) => void) {}

  get size(): number {
    return this.listeners.size;
  }

  /** Returns a function that removes the listener. */
  add(listener: (e: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: E): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }
}
