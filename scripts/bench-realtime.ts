// `npm run -s bench:realtime [-- --rooms 1000 --seconds 20 --repeat 3 --rate 5 --warmup 5 --targets LIST --profile --perf]`:
// delivery latency of the candidate's typing stream to the interviewer, through the product's realtime
// server (API-token handshake, zod validation, role filtering, batched draft persistence to PostgreSQL)
// and, alternating with it in the same run, through a bare Socket.IO relay and a raw `ws` relay carrying
// the same traffic. Each server runs in its own process (its CPU and RSS come from /proc); the simulated
// clients run in another. Reports the median over the repeats; the last line is JSON for the issue note.
// Needs PostgreSQL on loopback; the database, processes and temp files it creates are removed at the end.
// --profile writes a V8 CPU profile of each server's measurement window into a folder it prints;
// --perf a Linux `perf record` of it instead (kernel, V8 C++ and JIT code; needs linux-perf).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { createTestDatabase, type TestDatabase } from "../tests/helpers/test-db";
import { cpuSeconds, damonMonitors, forkLoadGenerator, rssMb, startServer, stopAllChildren, stopChild } from "./bench-realtime/processes";
import { DEFAULT_TARGETS, TARGETS, ZLoadReport, type LatencySummary, type LoadRun, type RoomSpec, type Target } from "./bench-realtime/protocol";
import { seedRooms } from "./bench-realtime/seed";
import { median, round2 } from "./bench-realtime/stats";

const ZArgs = z.strictObject({
  rooms: z.coerce.number().int().min(1).max(5_000).default(1000),
  seconds: z.coerce.number().positive().max(600).default(20),
  repeat: z.coerce.number().int().min(1).max(20).default(3),
  rate: z.coerce.number().positive().max(50).default(5),
  warmup: z.coerce.number().min(0).max(120).default(5),
  profile: z.boolean().default(false),
  perf: z.boolean().default(false),
  /** Comma-separated subset of the servers, for quick iterations (ratioP99 needs product and ws). */
  targets: z
    .string()
    .default(DEFAULT_TARGETS.join(","))
    .transform((v, ctx) => {
      const picked = v.split(",").map((t) => t.trim());
      const bad = picked.filter((t) => !(TARGETS as readonly string[]).includes(t));
      if (bad.length) ctx.addIssue({ code: "custom", message: `unknown target(s) ${bad.join(", ")}; choose from ${TARGETS.join(", ")}` });
      return TARGETS.filter((t) => picked.includes(t));
    }),
});
type Args = z.infer<typeof ZArgs>;

function parseArgs(argv: string[]): Args {
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = /^--([a-z]+)(?:=(.*))?$/.exec(argv[i] ?? "");
    if (!flag?.[1]) throw new Error(`unexpected argument ${argv[i]}; flags: --rooms N --seconds S --repeat R --rate E --warmup S --targets ${TARGETS.join(",")} --profile --perf`);
    if (flag[1] === "profile" || flag[1] === "perf") raw[flag[1]] = true;
    else raw[flag[1]] = flag[2] ?? argv[++i] ?? "";
  }
  const r = ZArgs.safeParse(raw);
  if (!r.success) throw new Error(`bad arguments: ${r.error.issues.map((i) => `--${i.path.join(".")} ${i.message}`).join("; ")}`);
  return r.data;
}

type RunResult = LatencySummary & {
  target: Target;
  cpu: number;
  sysCpu: number;
  rssMb: number;
  gcs: number;
  gcMs: number;
  maxGcMs: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** CPU of the kernel's DAMON monitor threads over the window, in % of one core (null when none runs). */
  damonCpu: number | null;
  problems: Map<string, number>;
};

/** How long to wait for the server's window report (window-probe.ts) after the window closed (a perf recording writes its file first). */
const WINDOW_REPORT_WAIT_MS = 20_000;

/**
 * --perf-basic-prof names JIT code for perf (/tmp/perf-PID.map); it also turns on V8's log, which
 * goes beside the recordings instead of into the working directory.
 */
const perfNodeFlags = (dir: string) => ["--perf-basic-prof", "--no-logfile-per-isolate", `--logfile=${path.join(dir, "v8-%p.log")}`];

/** One measured run: a fresh server process for `target`, a fresh load generator, then both stopped. */
async function runOnce({
  target,
  rooms,
  args,
  env,
  firstRev,
  repeat,
  profileDir,
  damon,
}: {
  target: Target;
  rooms: RoomSpec[];
  args: Args;
  env: NodeJS.ProcessEnv;
  firstRev: number;
  repeat: number;
  profileDir: string | undefined;
  /** The kernel's DAMON monitors (damonMonitors), read once per benchmark. */
  damon: readonly { pid: number }[];
}): Promise<RunResult & { describe: string }> {
  const profiling = profileDir === undefined ? {} : args.perf ? { BENCH_PERF_DIR: profileDir } : { BENCH_PROFILE_DIR: profileDir };
  const server = await startServer(target, { ...env, ...profiling, BENCH_RUN: String(repeat) }, args.perf ? perfNodeFlags(profileDir ?? "") : []);
  // SIGUSR2 opens and closes the server's window probe (window-probe.ts): GC pauses, and profiles with --profile.
  const toggleWindow = () => server.proc.kill("SIGUSR2");
  const loader = forkLoadGenerator();
  const run: LoadRun = { type: "run", target, url: server.url, rooms, rate: args.rate, warmupMs: Math.round(args.warmup * 1000), measureMs: Math.round(args.seconds * 1000), firstRev };
  try {
    let cpu0 = { user: 0, sys: 0 };
    let wall0 = 0;
    let cpu = 0;
    let sysCpu = 0;
    let peakRss = 0;
    let sampler: NodeJS.Timeout | undefined;
    const damonSeconds = () => damon.reduce((sum, m) => {
      const c = cpuSeconds(m.pid);
      return sum + c.user + c.sys;
    }, 0);
    let damon0 = 0;
    let damonCpu: number | null = null;
    const sampleRss = () => (peakRss = Math.max(peakRss, rssMb(server.pid)));
    const summary = await new Promise<LatencySummary>((resolve, reject) => {
      loader.proc.on("message", (raw: unknown) => {
        const msg = ZLoadReport.parse(raw);
        if (msg.type === "ready") loader.proc.send(run);
        else if (msg.type === "window-start") {
          cpu0 = cpuSeconds(server.pid);
          damon0 = damonSeconds();
          wall0 = performance.now();
          sampleRss();
          sampler = setInterval(sampleRss, 500);
          toggleWindow();
        } else if (msg.type === "window-end") {
          const used = cpuSeconds(server.pid);
          const wallS = (performance.now() - wall0) / 1000;
          cpu = ((used.user + used.sys - cpu0.user - cpu0.sys) / wallS) * 100;
          sysCpu = ((used.sys - cpu0.sys) / wallS) * 100;
          if (damon.length) damonCpu = round2(((damonSeconds() - damon0) / wallS) * 100);
          clearInterval(sampler);
          sampleRss();
          toggleWindow();
        } else if (msg.type === "result") resolve(msg.summary);
        else reject(new Error(`load generator against ${target}: ${msg.message}\nserver output:\n${server.output().slice(-2_000)}`));
      });
      void server.exited.then(() => reject(new Error(`${target} server exited during the run:\n${server.output()}`)));
      void loader.exited.then(() => reject(new Error(`load generator exited without a result:\n${loader.output()}`)));
    }).finally(() => clearInterval(sampler));
    await stopChild(loader);
    const waitUntil = performance.now() + WINDOW_REPORT_WAIT_MS;
    while (!server.windows.length && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 50));
    const w = server.windows[0];
    if (!w) throw new Error(`${target} server sent no window report:\n${server.output().slice(-2_000)}`);
    await stopChild(server); // after the clients left: its leave events and shutdown are part of what it logs
    return { target, describe: server.describe, ...summary, cpu: round2(cpu), sysCpu: round2(sysCpu), rssMb: round2(peakRss), damonCpu, ...w, problems: server.problems };
  } finally {
    await stopChild(loader);
    await stopChild(server);
  }
}

function medians(runs: RunResult[]) {
  const of = (k: "p50" | "p95" | "p99" | "cpu" | "rssMb" | "gcMs" | "maxGcMs") => median(runs.map((r) => r[k]));
  return { p50: of("p50"), p95: of("p95"), p99: of("p99"), cpu: of("cpu"), rssMb: of("rssMb"), gcMs: of("gcMs"), maxGcMs: of("maxGcMs") };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(path.join(tmpdir(), "mockroom-bench-rt-"));
  if (args.profile && args.perf) throw new Error("--profile and --perf both profile the servers: pick one");
  const profileDir = args.profile || args.perf ? mkdtempSync(path.join(tmpdir(), "mockroom-rt-profile-")) : undefined;
  let t: TestDatabase | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await stopAllChildren();
      await t?.drop().catch((err: unknown) => console.error("could not drop the benchmark database:", err));
      rmSync(scratch, { recursive: true, force: true });
    })());
  const abort = (why: string, code: number) => {
    console.error(`bench:realtime: ${why}`);
    void cleanup().finally(() => process.exit(code));
  };
  // Whole-run bound: a hung server or client must not leave processes and the database behind.
  const boundS = 300 + args.rooms * 0.05 + args.repeat * args.targets.length * (args.warmup + args.seconds + 150);
  const watchdog = setTimeout(() => abort(`exceeded ${Math.round(boundS)} s; giving up`, 1), boundS * 1000);
  process.once("SIGINT", () => abort("interrupted", 130));
  process.once("SIGTERM", () => abort("terminated", 143));
  try {
    const seedT0 = performance.now();
    t = await createTestDatabase("postgres");
    const rooms = await seedRooms({ db: t.db, rooms: args.rooms });
    const seedS = (performance.now() - seedT0) / 1000;
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", DATABASE_URL: t.url, AUTH_SECRET: randomBytes(32).toString("hex"), LOG_LEVEL: "warn", DATA_DIR: scratch };
    console.log(`realtime benchmark: ${args.rooms} rooms x 2 sockets (websocket only), candidate drafts at ${args.rate}/s each (${args.rooms * args.rate} events/s), ${args.warmup} s warm-up + ${args.seconds} s measured, ${args.repeat} repeat(s); ${cpus().length} CPUs`);
    const damon = damonMonitors();
    for (const m of damon) {
      console.log(`note: the kernel's DAMON memory monitor is on (kdamond pid ${m.pid}: ${m.describe}); its passes stall processes with large heaps, so its CPU is shown per run (see ARCHITECTURE.md, "Live sessions")`);
    }
    console.log(`seeded ${args.rooms} live sessions (users, API tokens, started, question pushed) in ${seedS.toFixed(1)} s`);

    const runs: RunResult[] = [];
    const describe = new Map<Target, string>();
    for (let r = 0; r < args.repeat; r++) {
      for (const target of args.targets) {
        // Revisions keep growing across runs: the product's draft store only ever moves forward.
        const res = await runOnce({ target, rooms, args, env, firstRev: 1 + runs.length * 1_000_000, repeat: r + 1, profileDir, damon });
        describe.set(target, res.describe);
        runs.push(res);
        const deliveredPct = res.sent ? (100 * res.delivered) / res.sent : 0;
        console.log(
          `  #${r + 1} ${target.padEnd(12)} p50 ${res.p50} p95 ${res.p95} p99 ${res.p99} max ${res.max} ms | server cpu ${res.cpu}% (kernel ${res.sysCpu}%) rss ${res.rssMb} MB, gc ${res.gcs} pauses ${res.gcMs} ms (longest ${res.maxGcMs}), event-loop delay p99 ${res.loopDelayP99Ms} max ${res.loopDelayMaxMs} ms | ` +
            `delivered ${res.delivered}/${res.sent} (${deliveredPct.toFixed(2)}%) at ${res.sendRate}/s | connect ${res.connectS} s, warm-up ${res.warmupS} s | load generator cpu ${res.loaderCpu}%, event-loop delay p99 ${res.loaderLoopDelayP99} ms${res.damonCpu === null ? "" : ` | kdamond cpu ${res.damonCpu}%`}`,
        );
        if (res.problems.size) console.log(`     server warnings/errors (whole run, incl. joins and shutdown): ${[...res.problems].map(([m, c]) => `"${m}" x${c}`).join(", ")}`);
        if (deliveredPct < 99.9) console.warn(`  warning: ${target} delivered only ${deliveredPct.toFixed(2)}% of the drafts within the drain time; its percentiles omit the rest`);
      }
    }
    for (const [target, d] of describe) console.log(`${target}: ${d}`);
    // Only the servers this run measured: a target left out by --targets gets no row and no key.
    const of = (target: Target) => (args.targets.includes(target) ? medians(runs.filter((x) => x.target === target)) : undefined);
    const product = of("product");
    const ws = of("ws");
    const result = {
      rooms: args.rooms,
      product,
      bareSocketio: of("bareSocketio"),
      ws,
      productSocketio: of("productSocketio"),
      // null when --targets left out product or ws.
      ratioP99: product && ws && ws.p99 > 0 ? round2(product.p99 / ws.p99) : null,
    };
    console.log(`median over ${args.repeat} repeat(s); latency in ms, cpu in % of one core, rss in MB, gcMs: summed GC pauses over the window and maxGcMs the longest, in ms; ratioP99 = product p99 / ws p99`);
    const rows = { product, "product, typing on socket.io": result.productSocketio, "bare socket.io": result.bareSocketio, "raw ws": ws };
    console.table(Object.fromEntries(Object.entries(rows).filter(([, v]) => v !== undefined)));
    if (args.profile) console.log(`CPU profiles of each server over its measured window (Chrome DevTools, Performance): ${profileDir}; the profiler's overhead is in these figures`);
    if (args.perf) console.log(`perf recordings of each server over its measured window: ${profileDir}; read one with \`perf report -i FILE --no-children --sort dso,sym\`; the recording's overhead is in these figures`);
    console.log(JSON.stringify(result));
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error("bench:realtime failed:", err);
  process.exit(1);
});
