import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createBullmqQueue } from "@/server/jobs/bullmq-queue";
import type { JobCompleted } from "@/server/jobs/queue";
import type { ScoreAnswerResult } from "@/server/jobs/score-answer";
import { createLogger } from "@/server/logger";
import { seedAnsweredTurn } from "../helpers/factories";
import { deleteRedisKeys } from "../helpers/redis";
import { createTestDatabase, testDbKind, type TestDatabase } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `mockroom-test-${randomBytes(5).toString("hex")}`;
const scratch = mkdtempSync(path.join(tmpdir(), "mockroom-worker-"));

type Worker = { child: ChildProcess; stdout: string[]; stderr: string[]; exited: Promise<number | null> };
const children: Worker[] = [];

/** Starts workers/index.ts as its own process with only the variables given (plus PATH and test defaults). */
function startWorker(vars: Record<string, string>): Worker {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "test",
    AUTH_SECRET: "worker-process-test-secret-0123456789abcdef",
    DATA_DIR: path.join(scratch, "data"),
    MODELS_DIR: path.join(scratch, "no-models"), // lexical scoring: starts fast whatever models/ holds
    LOG_LEVEL: "info",
    ...vars,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const w: Worker = { child, stdout: [], stderr: [], exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))) };
  child.stdout!.setEncoding("utf8").on("data", (d: string) => w.stdout.push(d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => w.stderr.push(d));
  children.push(w);
  return w;
}

function waitForLog(w: Worker, text: string): Promise<void> {
  return vi.waitFor(
    () => {
      if (w.child.exitCode !== null) throw new Error(`worker exited early:\n${w.stderr.join("")}${w.stdout.join("")}`);
      if (!w.stdout.join("").includes(text)) throw new Error(`worker has not logged "${text}" yet`);
    },
    { timeout: 40_000, interval: 50 },
  );
}

afterEach(() => {
  for (const w of children.splice(0)) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("worker process refuses to start without its services", () => {
  it("exits non-zero naming REDIS_URL when it is missing", async () => {
    const w = startWorker({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/unused" });
    expect(await w.exited).not.toBe(0);
    expect(w.stderr.join("")).toMatch(/REDIS_URL is not set/);
  });

  it("exits non-zero naming DATABASE_URL when it is missing (PGlite is single-process)", async () => {
    const w = startWorker({ REDIS_URL });
    expect(await w.exited).not.toBe(0);
    expect(w.stderr.join("")).toMatch(/DATABASE_URL is not set.*PGlite/);
  });
});


// Separate worker processes need a database that several processes can open: PGlite cannot.
describe.skipIf(testDbKind() === "pglite")("worker process on PostgreSQL and Redis (skipped on PGlite: it is single-process)", () => {
  let t: TestDatabase | undefined;
  afterAll(async () => {
    await t?.drop();
    await deleteRedisKeys({ url: REDIS_URL, prefix: PREFIX });
  });

  it("stores exactly one score when a worker is SIGKILLed mid-job and another takes over", { timeout: 120_000 }, async () => {
    t = await createTestDatabase("postgres");
    const { answer } = await seedAnsweredTurn({ db: t.db });
    const queue = await createBullmqQueue({ redisUrl: REDIS_URL, logger: createLogger({ level: "silent" }), prefix: PREFIX });
    const completions: JobCompleted[] = [];
    queue.onCompleted((e) => completions.push(e));
    try {
      const vars = { DATABASE_URL: t.url!, REDIS_URL, JOBS_PREFIX: PREFIX, MOCKROOM_TEST_STALL_MS: "1000" };
      const first = startWorker({ ...vars, MOCKROOM_TEST_JOB_DELAY_MS: "600000" });
      await waitForLog(first, "worker ready");
      const { jobKey } = await queue.enqueue("score-answer", { answerId: answer.id }, { dedupeKey: `score:${answer.id}` });
      await waitForLog(first, "delayed by MOCKROOM_TEST_JOB_DELAY_MS");

      first.child.kill("SIGKILL");
      await first.exited;
      expect(await t.db.prisma.score.count({ where: { answerId: answer.id } })).toBe(0);

      const second = startWorker(vars);
      const done = await vi.waitFor(
        () => {
          const c = completions.find((e) => e.jobKey === jobKey);
          if (!c) throw new Error("the job has not completed yet");
          return c.result as ScoreAnswerResult;
        },
        { timeout: 60_000, interval: 100 },
      );
      expect(done.created).toBe(true);
      const scores = await t.db.prisma.score.findMany({ where: { answerId: answer.id } });
      expect(scores.map((s) => s.id)).toEqual([done.scoreId]);

      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);
      expect(second.stdout.join("")).toContain("worker stopped");
    } finally {
      await queue.close();
    }
  });
});
