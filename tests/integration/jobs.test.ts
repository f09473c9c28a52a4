import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ENGINE_VERSION, scoreAnswer } from "@/lib/scoring/engine";
import type { Database } from "@/server/db/database";
import { defineJob, scoreAnswerJobDefinition, type JobDefinition, type JobServices } from "@/server/jobs/registry";
import { engineScoreKey, ZScoreAnswerPayload, type ScoreAnswerResult } from "@/server/jobs/score-answer";
import { createLogger } from "@/server/logger";
import { seedAnsweredTurn } from "../helpers/factories";
import { completionOf as completionOfJob, startJobHarness, type JobHarness, type QueueMode } from "../helpers/job-harness";
import { deleteRedisKeys } from "../helpers/redis";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
// Unique per run and per vitest project, so parallel files and projects never share a queue.
const PREFIX = `mockroom-test-${randomBytes(5).toString("hex")}`;
const ANSWER = "Dot products grow with d_k, so the variance grows; large logits make softmax saturate and gradients get small.";

let t: TestDatabase;
let services: JobServices;
beforeAll(async () => {
  t = await createTestDatabase();
  services = { db: t.db, logger: createLogger({ level: "silent" }) };
});
afterAll(async () => {
  await t?.drop();
  await deleteRedisKeys({ url: REDIS_URL, prefix: PREFIX });
});

const seedAnswer = (db: Database, text = ANSWER) => seedAnsweredTurn({ db, text });

/** Test jobs wrapping the real handler: one that crashes after writing and then fails once more, one that waits for a gate. */
function testJobs() {
  const calls = new Map<string, number[]>();
  const flaky = defineJob({
    id: "flaky-score-answer",
    version: 1,
    payload: ZScoreAnswerPayload,
    async handler(ctx, payload) {
      const seen = [...(calls.get(payload.answerId) ?? []), ctx.attempt];
      calls.set(payload.answerId, seen);
      if (seen.length === 1) {
        await scoreAnswerJobDefinition.handler(ctx, payload);
        throw new Error("crashed after the score was committed");
      }
      if (seen.length === 2) throw new Error("transient failure");
      return scoreAnswerJobDefinition.handler(ctx, payload);
    },
  });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let started!: () => void;
  const startedP = new Promise<void>((r) => (started = r));
  const order: string[] = [];
  const slow = defineJob({
    id: "slow-score-answer",
    version: 1,
    payload: ZScoreAnswerPayload,
    async handler(ctx, payload) {
      started();
      await gate;
      const r = await scoreAnswerJobDefinition.handler(ctx, payload);
      order.push("job finished");
      return r;
    },
  });
  const jobs: JobDefinition[] = [scoreAnswerJobDefinition, flaky, slow];
  return { jobs, calls, slow: { started: startedP, release: () => release(), order } };
}

type Harness = JobHarness;
const startHarness = (mode: QueueMode, jobs: readonly JobDefinition[]) => startJobHarness({ mode, services, prefix: PREFIX, jobs });
const completionOf = (h: Harness, jobKey: string) => completionOfJob<ScoreAnswerResult>(h, jobKey);

describe.each(["in-process", "bullmq"] as const)("job pipeline (%s queue)", (mode) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("stores exactly one engine Score with criteria and the engine version for a submitted answer", async () => {
    const { answer, session, version, file } = await seedAnswer(t.db);
    h = await startHarness(mode, testJobs().jobs);
    const { jobKey } = await h.queue.enqueue("score-answer", { answerId: answer.id });
    const result = await completionOf(h, jobKey);

    expect(result.created).toBe(true);
    const scores = await t.db.prisma.score.findMany({ where: { answerId: answer.id }, include: { criteria: true } });
    expect(scores).toHaveLength(1);
    const [score] = scores;
    const expected = await scoreAnswer({ question: file, answer: ANSWER });
    expect(score).toMatchObject({
      id: result.scoreId,
      source: "ENGINE",
      engineVersion: ENGINE_VERSION,
      idempotencyKey: engineScoreKey({ answerId: answer.id, questionVersionId: version.id }),
      modelName: expected.models.join("+"),
      overall100: expected.overall100,
      overall5: expected.overall5,
    });
    expect(score!.criteria.map((c) => c.criterionId).sort()).toEqual(["communication", "correctness"]);
    expect((score!.details as { keyPoints: unknown[] }).keyPoints).toHaveLength(3);
    const events = await t.db.prisma.sessionEvent.findMany({ where: { sessionId: session.id, type: "answer.scored" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ visibility: "STAFF", payload: expect.objectContaining({ scoreId: result.scoreId, answerId: answer.id }) });
  });

  it("stores one Score when the same answer is enqueued twice with the same dedupe key and once more with another", async () => {
    const { answer, session } = await seedAnswer(t.db);
    h = await startHarness(mode, testJobs().jobs);
    const a = await h.queue.enqueue("score-answer", { answerId: answer.id }, { dedupeKey: `score:${answer.id}` });
    const b = await h.queue.enqueue("score-answer", { answerId: answer.id }, { dedupeKey: `score:${answer.id}` });
    const c = await h.queue.enqueue("score-answer", { answerId: answer.id }, { dedupeKey: `rescore:${answer.id}` });
    expect(b.jobKey).toBe(a.jobKey);
    expect(c.jobKey).not.toBe(a.jobKey);

    const results = await Promise.all([completionOf(h, a.jobKey), completionOf(h, c.jobKey)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.scoreId)).size).toBe(1);
    expect(await t.db.prisma.score.count({ where: { answerId: answer.id } })).toBe(1);
    expect(h.completions.filter((e) => e.jobKey === a.jobKey)).toHaveLength(1);
    expect(await t.db.prisma.sessionEvent.count({ where: { sessionId: session.id, type: "answer.scored" } })).toBe(1);
  });

  it("retries a handler that fails twice (once after committing) and stores the score once", async () => {
    const { answer } = await seedAnswer(t.db);
    const tj = testJobs();
    h = await startHarness(mode, tj.jobs);
    const { jobKey } = await h.queue.enqueue("flaky-score-answer", { answerId: answer.id });
    const result = await completionOf(h, jobKey);

    expect(tj.calls.get(answer.id)).toEqual([1, 2, 3]);
    expect(result.created).toBe(false); // the first attempt's write is the one that counts
    const scores = await t.db.prisma.score.findMany({ where: { answerId: answer.id } });
    expect(scores.map((s) => s.id)).toEqual([result.scoreId]);
    expect((await h.queue.deadLetters()).filter((d) => d.jobKey === jobKey)).toEqual([]);
  });

  it("moves an invalid payload to the dead letter list with the validation error, without retrying", async () => {
    h = await startHarness(mode, testJobs().jobs);
    const scoresBefore = await t.db.prisma.score.count();
    const { jobKey } = await h.queue.enqueue("score-answer", { answerId: 42 });
    const dead = await vi.waitFor(
      async () => {
        const d = (await h!.queue.deadLetters()).find((x) => x.jobKey === jobKey);
        if (!d) throw new Error("not dead-lettered yet");
        return d;
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(dead).toMatchObject({ jobId: "score-answer", version: 1, attempts: 1, payload: { answerId: 42 } });
    expect(dead.error).toMatch(/invalid payload for score-answer\.v1/);
    expect(dead.error).toMatch(/answerId/);
    expect(h.completions.find((e) => e.jobKey === jobKey)).toBeUndefined();
    expect(await t.db.prisma.score.count()).toBe(scoresBefore);
  });

  it("close() waits for an in-flight job to finish", async () => {
    const { answer } = await seedAnswer(t.db);
    const tj = testJobs();
    const harness = await startHarness(mode, tj.jobs);
    h = harness;
    await harness.queue.enqueue("slow-score-answer", { answerId: answer.id });
    await tj.slow.started;

    const closed = harness.close().then(() => tj.slow.order.push("close resolved"));
    // Let close() run as far as it can on its own: it must still be waiting for the job.
    await new Promise((r) => setImmediate(r));
    expect(tj.slow.order).toEqual([]);
    tj.slow.release();
    await closed;

    expect(tj.slow.order).toEqual(["job finished", "close resolved"]);
    expect(await t.db.prisma.score.count({ where: { answerId: answer.id } })).toBe(1);
  });
});
