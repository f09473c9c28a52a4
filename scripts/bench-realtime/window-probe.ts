/**
 * What a server under test measures about itself over the measurement window only (not its start-up,
 * the clients' joins or its shutdown): the parent sends SIGUSR2 when the window opens and again when
 * it closes. Always: garbage-collection pauses (PerformanceObserver "gc" entries) and event-loop
 * delay, printed as one {"window":{...}} JSON line on stdout when the window closes; both stop the
 * typing stream while they last, so they say how much of its latency tail the server's own loop explains.
 * With BENCH_PROFILE_DIR (`--profile`): a V8 CPU profile of the window, <dir>/<label>-<n>.cpuprofile
 * (Chrome DevTools, Performance), and with BENCH_HEAP_PROFILE=1 also sampled allocations,
 * <label>-<n>.heapprofile (DevTools, Memory; BENCH_HEAP_LIVE=1 keeps only what is still alive at
 * the end, i.e. what the window promoted). Profiling slows the server: its latencies then mean little.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { z } from "zod";
import { round2 } from "./stats";

export const ZWindowReport = z.object({
  window: z.object({
    /** Garbage collections of any kind: count, summed and longest pause in ms. */
    gcs: z.number(),
    gcMs: z.number(),
    maxGcMs: z.number(),
    /** Event-loop delay (1 ms timer resolution), p99 in ms: how long ready work waited for the loop. */
    loopDelayP99Ms: z.number(),
  }),
});
export type WindowReport = z.infer<typeof ZWindowReport>;

type Profiler = { start(): Promise<void>; stop(n: number): Promise<void> };

function profiler(dir: string, label: string): Profiler {
  const session = new Session();
  session.connect();
  const heap = process.env.BENCH_HEAP_PROFILE === "1";
  const collected = process.env.BENCH_HEAP_LIVE !== "1";
  return {
    async start() {
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 200 });
      await session.post("Profiler.start");
      if (heap) {
        await session.post("HeapProfiler.enable");
        await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: collected, includeObjectsCollectedByMinorGC: collected });
      }
    },
    async stop(n) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(path.join(dir, `${label}-${n}.cpuprofile`), JSON.stringify(profile));
      if (heap) {
        const { profile: allocations } = await session.post("HeapProfiler.stopSampling");
        writeFileSync(path.join(dir, `${label}-${n}.heapprofile`), JSON.stringify(allocations));
      }
    },
  };
}

export function probeWindowOnSignal(label: string): void {
  const dir = process.env.BENCH_PROFILE_DIR;
  const prof = dir ? profiler(dir, label) : undefined;
  const stats = { gcs: 0, gcMs: 0, maxGcMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      stats.gcs++;
      stats.gcMs += e.duration;
      stats.maxGcMs = Math.max(stats.maxGcMs, e.duration);
    }
  });
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  let open = false;
  let n = 0;
  process.on("SIGUSR2", () => {
    open = !open;
    const toggle = async () => {
      if (open) {
        observer.observe({ entryTypes: ["gc"] });
        loopDelay.enable();
        await prof?.start();
        return;
      }
      observer.disconnect();
      loopDelay.disable();
      await prof?.stop(++n);
      const report: WindowReport = { window: { gcs: stats.gcs, gcMs: round2(stats.gcMs), maxGcMs: round2(stats.maxGcMs), loopDelayP99Ms: round2(loopDelay.percentile(99) / 1e6) } };
      console.log(JSON.stringify(report));
    };
    toggle().catch((err: unknown) => console.error("window probe failed:", err));
  });
}
