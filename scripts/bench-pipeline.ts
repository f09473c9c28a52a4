// `npm run -s bench:pipeline [-- --answers N]`: time from an answer being submitted (its score-answer
// job enqueued) to that job's completion event, embedded (in-process queue) and through Redis with one
// separate worker process, then answers/s for a burst with 1 and 2 worker processes. Needs PostgreSQL
// and Redis on loopback; everything it creates (database, BullMQ keys, processes) is removed at the end.
// Last line is JSON for the issue note.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { quantile } from "simple-statistics";
import YAML from "yaml";
import { z } from "zod";
import { ZQuestionFile, type QuestionFile } from "../lib/questions/schema";
import { contentHash } from "../server/bank/import-question-bank";
import type { Database } from "../server/db/database";
import { loadEnv } from "../server/env";
import { createBullmqQueue } from "../server/jobs/bullmq-queue";
import { createInProcessQueue } from "../server/jobs/in-process-queue";
import { createJobServices } from "../server/jobs/job-services";
import type { JobCompleted, JobQueue } from "../server/jobs/queue";
import { createLogger } from "../server/logger";
import { openScoringModels } from "../server/scoring/scoring-models";
import { seedOrg, seedSession, seedUser } from "../tests/helpers/factories";
import { createTestDatabase, type TestDatabase } from "../tests/helpers/test-db";
import { deleteRedisKeys } from "../tests/helpers/redis";

const ROOT = path.resolve(import.meta.dirname, "..");
const REDIS_URL = "redis://127.0.0.1:6379";
const PREFIX = `mockroom-bench-${randomBytes(5).toString("hex")}`;
const QUESTION = path.join(ROOT, "questions/llm/attention-mechanism.en.yaml");
const WARMUP = 10;
const SESSIONS = 8;
const PACE_PER_S = 20;
const JOB_TIMEOUT_MS = 30_000;
const ZArgs = z.object({ answers: z.coerce.number().int().min(10).max(5_000).default(200) });

function parseArgs(argv: string[]): z.infer<typeof ZArgs> {
  const i = argv.indexOf("--answers");
  return ZArgs.parse({ answers: i >= 0 ? argv[i + 1] : undefined });
}

/** Answers like real ones: complete, truncated, shuffled, and some plainly wrong, never two identical. */
function answerTexts(file: QuestionFile, count: number): string[] {
  const sentences = file.referenceAnswer.split(/(?<=[.!?\n])\s*/).map((s) => s.trim()).filter(Boolean);
  const wrong = ["Attention is just a lookup table; I am not sure scaling matters.", "It makes no difference, softmax handles any size of input on its own."];
  return Array.from({ length: count }, (_, i) => {
    const n = sentences.length;
    const kind = i % 5;
    const text =
      kind === 0 ? sentences.join(" ")
      : kind === 1 ? sentences.slice(0, 1 + (i % n)).join(" ")
      : kind === 2 ? sentences.map((_, j) => sentences[(j * 7 + i) % n] ?? "").join(" ")
      : kind === 3 ? `${sentences.slice(0, 2).join(" ")} ${wrong[i % 2] ?? ""}`
      : (wrong[(i >> 1) % 2] ?? "");
    return `${text} (#${i})`;
  });
}

type Seeded = { db: Database; turnIds: string[]; authorId: string; texts: string[] };

/**
 * One question version answered in SESSIONS sessions: every score appends a session event, which
 * locks its session's row, so a single session would measure that lock rather than the pipeline.
 */
async function seed(db: Database, answers: number): Promise<Seeded> {
  const org = await seedOrg({ db });
  const { user } = await seedUser({ db, orgId: org.id });
  const file = ZQuestionFile.parse(YAML.parse(readFileSync(QUESTION, "utf8")));
  const question = await db.prisma.question.create({ data: { orgId: org.id, slug: file.id, lang: file.lang, status: "PUBLISHED", draft: file } });
  const version = await db.prisma.questionVersion.create({
    data: { questionId: question.id, version: 1, content: file, contentHash: contentHash(file), title: file.title, difficulty: file.difficulty, tags: file.tags },
  });
  const turnIds: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const session = await seedSession({ db, orgId: org.id, participants: [{ userId: user.id, role: "CANDIDATE" }] });
    const turn = await db.prisma.turn.create({ data: { sessionId: session.id, index: 0, questionVersionId: version.id } });
    turnIds.push(turn.id);
  }
  return { db, turnIds, authorId: user.id, texts: answerTexts(file, answers + WARMUP) };
}

/** Fresh answers per phase: the job is idempotent, so re-scoring an answer would skip the engine. */
async function createAnswers(s: Seeded, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = await s.db.prisma.answer.create({ data: { turnId: s.turnIds[i % s.turnIds.length] ?? "", authorId: s.authorId, clientId: randomUUID(), text: s.texts[i % s.texts.length] ?? "" } });
    ids.push(a.id);
  }
  return ids;
}

/** Completion times by job key, recorded as events arrive (a completion can beat enqueue()'s promise). */
function trackCompletions(queue: JobQueue) {
  const doneAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  queue.onCompleted((e: JobCompleted) => {
    doneAt.set(e.jobKey, performance.now());
    waiters.get(e.jobKey)?.();
  });
  const wait = (jobKey: string) =>
    new Promise<number>((resolve, reject) => {
      const done = () => resolve(doneAt.get(jobKey)!);
      if (doneAt.has(jobKey)) return done();
      const timer = setTimeout(() => reject(new Error(`job ${jobKey} did not complete within ${JOB_TIMEOUT_MS} ms`)), JOB_TIMEOUT_MS);
      waiters.set(jobKey, () => (clearTimeout(timer), done()));
    });
  return { wait };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const enqueueScore = (queue: JobQueue, answerId: string) => queue.enqueue("score-answer", { answerId }, { dedupeKey: `score:${answerId}` });

/** Enqueues one answer every 1/PACE s and returns each answer's enqueue-to-completion time in ms. */
async function measureLatency(queue: JobQueue, s: Seeded, answers: number): Promise<number[]> {
  const tracker = trackCompletions(queue);
  for (const id of await createAnswers(s, WARMUP)) await tracker.wait((await enqueueScore(queue, id)).jobKey);
  const ids = await createAnswers(s, answers);
  const start = performance.now();
  const pending = ids.map(async (id, i) => {
    await sleep(start + (i * 1000) / PACE_PER_S - performance.now());
    const t0 = performance.now();
    const { jobKey } = await enqueueScore(queue, id);
    return (await tracker.wait(jobKey)) - t0;
  });
  return Promise.all(pending);
}

/** Enqueues all answers at once and returns answers completed per second. */
async function measureThroughput(queue: JobQueue, s: Seeded, answers: number): Promise<number> {
  const tracker = trackCompletions(queue);
  // A small burst first, so a freshly started worker is warm (JIT, connections) before timing starts.
  const warm = await Promise.all((await createAnswers(s, 2 * WARMUP)).map((id) => enqueueScore(queue, id)));
  await Promise.all(warm.map(({ jobKey }) => tracker.wait(jobKey)));
  const ids = await createAnswers(s, answers);
  const t0 = performance.now();
  const keys = await Promise.all(ids.map((id) => enqueueScore(queue, id)));
  await Promise.all(keys.map(({ jobKey }) => tracker.wait(jobKey)));
  return (answers * 1000) / (performance.now() - t0);
}

type WorkerProcess = { child: ChildProcess; exited: Promise<void> };

/** Starts workers/index.ts as a production process and resolves once it logs "worker ready". */
function startWorker({ databaseUrl, dataDir }: { databaseUrl: string; dataDir: string }): Promise<WorkerProcess> {
  // LOG_LEVEL=info, not warn: "worker ready" is an info line, and jobs log nothing per job at info.
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL, JOBS_PREFIX: PREFIX, NODE_ENV: "production" as const, LOG_LEVEL: "info", DATA_DIR: dataDir, AUTH_SECRET: randomBytes(32).toString("hex") };
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready after 60 s:\n${out}`)), 60_000);
    const onData = (d: string) => {
      out += d;
      if (out.includes("worker ready")) {
        clearTimeout(timer);
        out = ""; // keep draining the pipes so the worker never blocks on a full buffer
        resolve({ child, exited });
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    void exited.then(() => reject(new Error(`worker exited before it was ready:\n${out}`)));
  });
}

async function stopWorkers(workers: WorkerProcess[]) {
  for (const w of workers.splice(0)) {
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGTERM");
    await Promise.race([w.exited, sleep(5_000).then(() => w.child.kill("SIGKILL"))]);
  }
}

const deleteBenchKeys = () => deleteRedisKeys({ url: REDIS_URL, prefix: PREFIX });

const round1 = (x: number) => Math.round(x * 10) / 10;
const percentiles = (xs: number[]) => ({ p50: round1(quantile(xs, 0.5)), p95: round1(quantile(xs, 0.95)) });

async function main() {
  const { answers } = parseArgs(process.argv.slice(2));
  const logger = createLogger({ level: "warn", name: "bench-pipeline" });
  const scratch = mkdtempSync(path.join(tmpdir(), "mockroom-bench-"));
  const workers: WorkerProcess[] = [];
  let t: TestDatabase | undefined;
  let redisQueue: JobQueue | undefined;
  // Whole-run bound: a hung job or worker must not keep the benchmark (and its database) around.
  const watchdog = setTimeout(() => {
    console.error("bench:pipeline: exceeded 170 s; giving up");
    process.exitCode = 1;
    void cleanup().finally(() => process.exit(1));
  }, 170_000);
  const cleanup = async () => {
    await stopWorkers(workers);
    await redisQueue?.close().catch(() => undefined);
    await deleteBenchKeys().catch((err: unknown) => console.error("could not delete bench keys:", err));
    await t?.drop().catch((err: unknown) => console.error("could not drop bench database:", err));
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    t = await createTestDatabase("postgres");
    const s = await seed(t.db, answers);
    const env = loadEnv({ NODE_ENV: "production", DATA_DIR: scratch, AUTH_SECRET: randomBytes(32).toString("hex"), LOG_LEVEL: "warn" });
    const models = await openScoringModels({ modelsDir: env.MODELS_DIR, device: env.EMBEDDER_DEVICE, logger });
    await models.embedder();

    const embedded = createInProcessQueue({ services: await createJobServices({ env, db: t.db, logger, models }) });
    const embeddedMs = await measureLatency(embedded, s, answers).finally(() => embedded.close());

    redisQueue = await createBullmqQueue({ redisUrl: REDIS_URL, logger, prefix: PREFIX });
    workers.push(await startWorker({ databaseUrl: t.url!, dataDir: scratch }));
    const redisMs = await measureLatency(redisQueue, s, answers);
    const perSecond1 = await measureThroughput(redisQueue, s, answers);
    workers.push(await startWorker({ databaseUrl: t.url!, dataDir: scratch }));
    const perSecond2 = await measureThroughput(redisQueue, s, answers);

    const result = { embedded: percentiles(embeddedMs), redis: percentiles(redisMs), answersPerSecond: { "1": round1(perSecond1), "2": round1(perSecond2) } };
    console.log(`pipeline benchmark: ${answers} answers per run, scoring ${models.status.mode} (${models.status.detail})`);
    console.log(`answers spread over ${SESSIONS} sessions; latency: enqueued at ${PACE_PER_S}/s after ${WARMUP} warm-up answers; throughput: burst of ${answers}`);
    console.table({
      "embedded (in-process)": { "p50 ms": result.embedded.p50, "p95 ms": result.embedded.p95 },
      "redis + 1 worker process": { "p50 ms": result.redis.p50, "p95 ms": result.redis.p95 },
    });
    console.table({ "1 worker process": { "answers/s": result.answersPerSecond["1"] }, "2 worker processes": { "answers/s": result.answersPerSecond["2"] } });
    console.log(JSON.stringify(result));
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
}

main().catch((err: unknown) => {
  console.error("bench:pipeline failed:", err);
  process.exit(1);
});
