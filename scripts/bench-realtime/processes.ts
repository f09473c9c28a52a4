/**
 * Child processes of the benchmark: the server under test (spawned, announces its port on stdout),
 * the load generator (forked, talks over IPC), and what /proc says about a server's CPU and memory.
 */
import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { ZServerReady, type Target } from "./protocol";
import { ZWindowReport, type WindowReport } from "./window-probe";

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, "../..");
const SERVER_ENTRY: Record<Target, string> = { product: "product-server.ts", productSocketio: "product-server.ts", bareSocketio: "socketio-relay.ts", ws: "ws-relay.ts" };
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

export type Child = {
  proc: ChildProcess;
  exited: Promise<void>;
  output(): string;
  /** Warnings and errors the child logged (pino level >= 40), counted by message. */
  problems: Map<string, number>;
  /** What a server under test reported about its measurement windows (window-probe.ts), in order. */
  windows: WindowReport["window"][];
};

/** Every child still running, so a failure or Ctrl-C anywhere can stop them all. */
const live = new Set<Child>();

function track(proc: ChildProcess): Child {
  let tail = "";
  let partial = "";
  const problems = new Map<string, number>();
  const windows: WindowReport["window"][] = [];
  const keep = (d: string) => {
    tail = (tail + d).slice(-8_000); // keep draining, so the child never blocks on a full pipe
    const lines = (partial + d).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const w = jsonLine(ZWindowReport, line);
      if (w) {
        windows.push(w.window);
        continue;
      }
      const m = /"level":(\d+).*"msg":"([^"]*)"/.exec(line);
      if (m && Number(m[1]) >= 40) problems.set(m[2] ?? "", (problems.get(m[2] ?? "") ?? 0) + 1);
    }
  };
  proc.stdout?.setEncoding("utf8").on("data", keep);
  proc.stderr?.setEncoding("utf8").on("data", keep);
  const child: Child = { proc, exited: new Promise((r) => proc.once("exit", () => r())), output: () => tail, problems, windows };
  live.add(child);
  void child.exited.then(() => live.delete(child));
  return child;
}

export async function stopChild(child: Child): Promise<void> {
  if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill("SIGTERM");
  const timer = setTimeout(() => child.proc.kill("SIGKILL"), STOP_GRACE_MS);
  await child.exited;
  clearTimeout(timer);
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live].map(stopChild));
}

export type ServerChild = Child & { pid: number; url: string; describe: string };

/** A stdout line that is a JSON message of the given shape, or undefined for anything else (log lines). */
function jsonLine<S extends z.ZodType>(schema: S, line: string): z.infer<S> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const r = schema.safeParse(JSON.parse(line));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every server under test runs with the young-generation size `npm start` gives the product
 * (scripts/start.mjs): the typing stream allocates short-lived strings at a high rate, and a small
 * nursery promotes them into old-space collections that stall the event loop.
 */
export const SERVER_NODE_FLAGS = process.env.BENCH_SERVER_NODE_FLAGS?.split(" ").filter(Boolean) ?? ["--max-semi-space-size=128"];

let started = 0;

/**
 * Starts a server under test and resolves once it prints its ready line. With BENCH_SERVER_LOG_DIR
 * set, each server's whole output is also written to <dir>/<n>-<target>.log (for runs with
 * BENCH_SERVER_NODE_FLAGS="--trace-gc ...", say).
 */
export function startServer(target: Target, env: NodeJS.ProcessEnv, extraNodeFlags: readonly string[] = []): Promise<ServerChild> {
  const proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...extraNodeFlags, "--import", "tsx", path.join(HERE, SERVER_ENTRY[target])], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const logDir = process.env.BENCH_SERVER_LOG_DIR;
  if (logDir) {
    const log = createWriteStream(path.join(logDir, `${++started}-${target}.log`));
    proc.stdout?.pipe(log, { end: false });
    proc.stderr?.pipe(log, { end: false });
    proc.once("exit", () => log.end());
  }
  const child = track(proc);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${target} server not ready after ${READY_TIMEOUT_MS} ms:\n${child.output()}`)), READY_TIMEOUT_MS);
    let buf = "";
    const onData = (d: string) => {
      const lines = (buf + d).split("\n");
      buf = lines.pop() ?? "";
      for (const line of lines) {
        const ready = jsonLine(ZServerReady, line);
        if (ready && proc.pid !== undefined) {
          clearTimeout(timer);
          proc.stdout?.off("data", onData);
          resolve({ ...child, pid: proc.pid, url: `http://127.0.0.1:${ready.ready}`, describe: ready.describe });
          return;
        }
      }
    };
    proc.stdout?.on("data", onData);
    void child.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${target} server exited before it was ready:\n${child.output()}`));
    });
  });
}

export function forkLoadGenerator(): Child {
  return track(fork(path.join(HERE, "load-generator.ts"), [], { cwd: ROOT, execArgv: ["--import", "tsx"], stdio: ["ignore", "pipe", "pipe", "ipc"] }));
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds the process (all threads) has used so far, in user space and in the kernel, from
 * /proc/<pid>/stat. The split tells JavaScript work (user) from socket I/O (system calls).
 */
export function cpuSeconds(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may contain spaces: utime is field 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: Number(rest[11]) / CLK_TCK, sys: Number(rest[12]) / CLK_TCK };
}

/** Resident set size in MB, from /proc/<pid>/status. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
}

const DAMON_ADMIN = "/sys/kernel/mm/damon/admin/kdamonds";

/**
 * The kernel's DAMON memory monitors that are running (kdamond threads), if any: on some virtual
 * machines the host keeps one on to find cold guest memory. Each pass checks and clears the accessed
 * bits of sampled pages across physical memory; under load a pass costs tens of ms of CPU, and a
 * process with a large, busy heap pays again when it touches those pages. The benchmark reports
 * them because they move a server's latency tail without any change in the server.
 */
export function damonMonitors(admin = DAMON_ADMIN): { pid: number; describe: string }[] {
  // A file a kernel version lacks reads as "?"; a monitor without a thread has pid -1: both are dropped below.
  const read = (p: string) => {
    try {
      return readFileSync(`${admin}/${p}`, "utf8").trim();
    } catch {
      return "?";
    }
  };
  let ids: string[];
  try {
    ids = readdirSync(admin).filter((d) => /^\d+$/.test(d));
  } catch {
    return []; // no DAMON in this kernel
  }
  return ids
    .filter((d) => read(`${d}/state`) === "on")
    .map((d) => {
      const ctx = `${d}/contexts/0`;
      const sampleMs = Number(read(`${ctx}/monitoring_attrs/intervals/sample_us`)) / 1000;
      return { pid: Number(read(`${d}/pid`)), describe: `${read(`${ctx}/operations`)} monitoring, sampling every ${sampleMs} ms, scheme action ${read(`${ctx}/schemes/0/action`)}` };
    })
    .filter((m) => Number.isInteger(m.pid) && m.pid > 0);
}
