// Child process of `bench:realtime` (forked with IPC): simulates every room's two participants against
// one server. The candidate of each room sends its draft `rate` times a second (sends of all rooms
// spread evenly over the period), the interviewer receives it; both sockets live in this process, so the
// send time kept per revision and the receive time come from one clock. Warm-up first, then a window in
// which every send is timed; the parent reads the server's CPU between "window-start" and "window-end".
import { monitorEventLoopDelay } from "node:perf_hooks";
import { connectPair, type RoomPair } from "./clients";
import { ZLoadRun, type LatencySummary, type LoadReport, type LoadRun } from "./protocol";
import { mapLimit, percentiles, round2 } from "./stats";

/** Revisions remembered per room: far more than can be in flight at 5 events/s. */
const RING = 256;
/** After the window closes, how long late deliveries are still awaited. */
const DRAIN_MS = 3_000;
const CONNECT_CONCURRENCY = 64;
/** A server whose stream has not reached every interviewer by then fails the run. */
const WARMUP_LIMIT_MS = 120_000;

const report = (r: LoadReport) => new Promise<void>((resolve) => (process.send ? process.send(r, () => resolve()) : resolve()));

async function run(cfg: LoadRun): Promise<LatencySummary> {
  const n = cfg.rooms.length;
  const sentAt = new Float64Array(n * RING).fill(Number.NaN);
  const latencies: number[] = [];
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  let sentInWindow = 0;
  const seen = new Uint8Array(n);
  let flowing = 0;
  let failures = 0;
  let firstFailure = "";

  const connectT0 = performance.now();
  const pairs: RoomPair[] = await mapLimit(cfg.rooms, CONNECT_CONCURRENCY, (room, i) =>
    connectPair(cfg.target, cfg.url, room, {
      delivered(rev) {
        const t = performance.now();
        if (!seen[i]) {
          seen[i] = 1;
          flowing++;
        }
        const slot = i * RING + (rev % RING);
        const t0 = sentAt[slot] ?? Number.NaN;
        if (t0 >= windowStart && t0 < windowEnd) latencies.push(t - t0);
        sentAt[slot] = Number.NaN; // a duplicate delivery is not counted twice
      },
      failed(what) {
        failures++;
        firstFailure ||= what;
      },
    }),
  );
  const connectS = (performance.now() - connectT0) / 1000;

  // The k-th send overall is room k mod n's revision floor(k / n), due at t0 + k * step.
  const step = 1000 / (cfg.rate * n);
  const t0 = performance.now();
  let k = 0;
  let cpu0 = process.cpuUsage();
  // The clients' own event loop is part of every measured latency: its stalls are reported beside the server's.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (windowStart === Number.POSITIVE_INFINITY) {
        // Warm-up lasts --warmup, and until every interviewer has received a draft (caches filled, JIT warm).
        if (now >= t0 + cfg.warmupMs && flowing === n) {
          windowStart = now;
          cpu0 = process.cpuUsage();
          loopDelay.enable();
          void report({ type: "window-start" });
        } else if (now >= t0 + WARMUP_LIMIT_MS) {
          clearInterval(timer);
          reject(new Error(`after ${WARMUP_LIMIT_MS / 1000} s of warm-up only ${flowing} of ${n} interviewers had received a draft`));
          return;
        }
      } else if (now >= windowStart + cfg.measureMs) {
        windowEnd = now;
        loopDelay.disable();
        void report({ type: "window-end" });
        clearInterval(timer);
        resolve();
        return;
      }
      while (t0 + k * step <= now) {
        const room = k % n;
        const rev = cfg.firstRev + Math.floor(k / n);
        sentAt[room * RING + (rev % RING)] = performance.now();
        if (windowStart !== Number.POSITIVE_INFINITY) sentInWindow++;
        pairs[room]?.send(rev);
        k++;
      }
    }, 1);
  });
  const cpu = process.cpuUsage(cpu0);
  const windowMs = windowEnd - windowStart;
  // Wait for stragglers, but not longer than needed once everything sent in the window has arrived.
  const drainUntil = performance.now() + DRAIN_MS;
  while (latencies.length < sentInWindow && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  for (const p of pairs) p.close();
  if (failures) throw new Error(`${failures} client failure(s) during the run, first: ${firstFailure}`);
  return {
    ...percentiles(latencies),
    sent: sentInWindow,
    delivered: latencies.length,
    sendRate: round2((sentInWindow * 1000) / windowMs),
    connectS: round2(connectS),
    warmupS: round2((windowStart - t0) / 1000),
    loaderCpu: round2(((cpu.user + cpu.system) / 1000 / windowMs) * 100),
    loaderLoopDelayP99: round2(loopDelay.percentile(99) / 1e6),
  };
}

process.once("message", (msg: unknown) => {
  const cfg = ZLoadRun.parse(msg);
  // Exits once the report is out: sockets of a failed run must not keep this process alive.
  run(cfg)
    .then((summary) => report({ type: "result", summary }))
    .catch((err: unknown) => report({ type: "error", message: err instanceof Error ? err.message : String(err) }))
    .finally(() => process.exit(0));
});
void report({ type: "ready" });
