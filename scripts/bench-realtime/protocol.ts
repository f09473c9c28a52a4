/**
 * What the benchmark's processes say to each other: the orchestrator (scripts/bench-realtime.ts)
 * tells the load generator which server to load and how, and the load generator reports back the
 * measurement window (so the orchestrator can read the server's CPU over exactly that window) and
 * the latencies it saw. Both sides parse with these schemas.
 */
import { z } from "zod";

/**
 * product: the product's full path with the typing stream on its draft lane, as browsers use it;
 * productSocketio: the same server with the typing stream on Socket.IO (a client without a lane);
 * bareSocketio and ws: the relays it is compared with.
 */
export const TARGETS = ["product", "productSocketio", "bareSocketio", "ws"] as const;
export type Target = (typeof TARGETS)[number];
/** What a run measures unless --targets says otherwise (ratioP99 needs product and ws). */
export const DEFAULT_TARGETS: readonly Target[] = ["product", "bareSocketio", "ws"];

export const ZRoomSpec = z.object({
  sessionId: z.string(),
  turnId: z.string(),
  interviewerToken: z.string(),
  candidateToken: z.string(),
});
export type RoomSpec = z.infer<typeof ZRoomSpec>;

export const ZLoadRun = z.object({
  type: z.literal("run"),
  target: z.enum(TARGETS),
  /** http://127.0.0.1:PORT of the server under test. */
  url: z.string(),
  rooms: z.array(ZRoomSpec).min(1),
  /** Draft events per second per candidate. */
  rate: z.number().positive(),
  warmupMs: z.number().int().min(0),
  measureMs: z.number().int().positive(),
  /** Revisions keep growing across runs, so the product's forward-only draft store accepts each one. */
  firstRev: z.number().int().min(1),
});
export type LoadRun = z.infer<typeof ZLoadRun>;

export const ZLatencySummary = z.object({
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
  /** Draft events sent inside the measurement window, and how many of them reached the interviewer. */
  sent: z.number(),
  delivered: z.number(),
  /** Events per second actually sent in the window (the schedule slips when the load generator is saturated). */
  sendRate: z.number(),
  /** Seconds spent connecting (and joining, for the product) every socket. */
  connectS: z.number(),
  /** Seconds from the first send until the window opened (--warmup, or longer until every interviewer had a draft). */
  warmupS: z.number(),
  /** The load generator's own CPU over the window, % of one core. */
  loaderCpu: z.number(),
  /** The load generator's event-loop delay over the window, p99 in ms (1 ms timer resolution). */
  loaderLoopDelayP99: z.number(),
});
export type LatencySummary = z.infer<typeof ZLatencySummary>;

export const ZLoadReport = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("window-start") }),
  z.object({ type: z.literal("window-end") }),
  z.object({ type: z.literal("result"), summary: ZLatencySummary }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type LoadReport = z.infer<typeof ZLoadReport>;

/** Servers print this JSON line on stdout once they listen. */
export const ZServerReady = z.object({ ready: z.number().int().positive(), describe: z.string() });

/**
 * The draft text at a revision: a growing answer (200 to 1,200 characters, mean ~700) that starts
 * over now and then, the way a candidate's full draft is resent on every throttled keystroke batch.
 */
const CORPUS = (
  "Scaled dot-product attention divides the logits by the square root of the key dimension because the variance of a dot product " +
  "of two random vectors grows with their dimension; without the scaling the softmax saturates, most of the probability mass lands " +
  "on one key and the gradients through the other keys vanish, which slows or stalls training. Multi-head attention runs several " +
  "smaller attention functions in parallel so each head can attend to a different subspace, and the outputs are concatenated and " +
  "projected back. `def attention(q, k, v): return softmax(q @ k.T / sqrt(d)) @ v` "
).repeat(4);
export function draftText(rev: number): string {
  return CORPUS.slice(0, 200 + ((rev * 4) % 1000));
}
