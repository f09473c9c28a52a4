/**
 * What a server under test measures about itself over the measurement window only (not its start-up,
 * the clients' joins or its shutdown): the parent sends SIGUSR2 when the window opens and again when
 * it closes. Always: garbage-collection pauses (PerformanceObserver "gc" entries) and event-loop
 * delay, printed as one {"window":{...}} JSON line on stdout when the window closes; both stop the
 * typing stream while they last, so they say how much of its latency tail the server's own loop explains.
 * With BENCH_PROFILE_DIR (`--profile`): a V8 CPU profile of the window, <dir>/<label>-<repeat>.cpuprofile
 * (Chrome DevTools, Performance), and with BENCH_HEAP_PROFILE=1 also sampled allocations,
 * <label>-<repeat>.heapprofile (DevTools, Memory; BENCH_HEAP_LIVE=1 keeps only what is still alive at
 * the end, i.e. what the window promoted). With BENCH_PERF_DIR (`--perf`): a Linux `perf record`
 * (cpu-clock, call graphs) of the process over the window, <dir>/<label>-<repeat>.perf.data, which sees
 * what the V8 profile lumps together as a native call: kernel work (socket writes waking the
 * clients), V8's own C++ (JSON, maps, GC) and JIT code (the server runs with --perf-basic-prof, so
 * `perf report` names JavaScript functions). Profiling slows the server: its latencies then mean little.
 */
import { spawn, type ChildProcess } from "node:child_process";
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
    /**
     * The longest single delay, in ms. A stall is one late sample however long it lasts, so the p99 of
     * ~1,000 samples a second hides a few 20-ms stalls that still hold up every frame arriving meanwhile.
     */
    loopDelayMaxMs: z.number(),
  }),
});
export type WindowReport = z.infer<typeof ZWindowReport>;

type Profiler = { start(): Promise<void>; stop(): Promise<void> };

function profiler(dir: string, stem: string): Profiler {
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
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(path.join(dir, `${stem}.cpuprofile`), JSON.stringify(profile));
      if (heap) {
        const { profile: allocations } = await session.post("HeapProfiler.stopSampling");
        writeFileSync(path.join(dir, `${stem}.heapprofile`), JSON.stringify(allocations));
      }
    },
  };
}

/** `perf record` of this process, from start() until stop() (SIGINT makes perf write its file). */
function perfRecorder(dir: string, stem: string): Profiler {
  let perf: ChildProcess | undefined;
  return {
    start() {
      const out = path.join(dir, `${stem}.perf.data`);
      perf = spawn("perf", ["record", "-q", "-e", "cpu-clock", "-g", "-p", String(process.pid), "-o", out], { stdio: "ignore" });
      perf.once("error", (err) => console.error(`perf record could not start (is linux-perf installed?): ${err.message}`));
      return Promise.resolve();
    },
    async stop() {
      const p = perf;
      perf = undefined;
      if (!p || p.exitCode !== null || p.pid === undefined) return;
      const exited = new Promise<void>((resolve) => p.once("exit", () => resolve()));
      p.kill("SIGINT");
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref())]);
    },
  };
}

export function probeWindowOnSignal(label: string): void {
  const dir = process.env.BENCH_PROFILE_DIR;
  const perfDir = process.env.BENCH_PERF_DIR;
  // One window per server process; BENCH_RUN (the repeat) keeps the files of repeats apart.
  const stem = `${label}-${process.env.BENCH_RUN ?? "1"}`;
  const prof = dir ? profiler(dir, stem) : perfDir ? perfRecorder(perfDir, stem) : undefined;
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
      await prof?.stop();
      const report: WindowReport = { window: { gcs: stats.gcs, gcMs: round2(stats.gcMs), maxGcMs: round2(stats.maxGcMs), loopDelayP99Ms: round2(loopDelay.percentile(99) / 1e6), loopDelayMaxMs: round2(loopDelay.max / 1e6) } };
      console.log(JSON.stringify(report));
    };
    toggle().catch((err: unknown) => console.error("window probe failed:", err));
  });
}
