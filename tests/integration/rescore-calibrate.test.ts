import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ZQuestionFile, type QuestionFile } from "@/lib/questions/schema";
import { ENGINE_VERSION, fitCalibration, scoreAnswer } from "@/lib/scoring/engine";
import { contentHash } from "@/server/bank/import-question-bank";
import type { Database } from "@/server/db/database";
import type { Prisma } from "@/server/db/generated/client";
import type { CalibrateQuestionResult } from "@/server/jobs/calibrate-question";
import { scoringQuestionOf } from "@/server/jobs/engine-input";
import { listRescoreRuns } from "@/server/jobs/list-rescore-runs";
import type { JobServices } from "@/server/jobs/registry";
import { calibrateAfterHumanScore, requestCalibration } from "@/server/jobs/request-calibration";
import { rescoreAfterPublish } from "@/server/jobs/request-rescore";
import type { RescoreAnswersResult } from "@/server/jobs/rescore-answers";
import { scoreAnswerJob, type ScoreAnswerResult } from "@/server/jobs/score-answer";
import { createLogger } from "@/server/logger";
import { seedAnsweredTurn, seedUser } from "../helpers/factories";
import { completionOf, startJobHarness, TEST_REDIS_URL, type JobHarness } from "../helpers/job-harness";
import { deleteRedisKeys } from "../helpers/redis";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

const PREFIX = `mockroom-test-${randomBytes(5).toString("hex")}`;
const TEXTS = [
  "Dot products grow with d_k, so the variance grows; large logits make softmax saturate and gradients get small.",
  "The variance grows with the dimension. Softmax saturates.",
  "It is for numerical stability.",
  "Scaling keeps gradients healthy because softmax saturates otherwise and we get small gradients.",
  "We divide by sqrt(d_k) so the logits keep unit variance.",
  "Attention is all you need.",
  "Without the scaling, softmax turns almost one-hot for large d_k and the gradients vanish.",
];

let t: TestDatabase;
let services: JobServices;
beforeAll(async () => {
  t = await createTestDatabase();
  services = { db: t.db, logger: createLogger({ level: "silent" }) };
});
afterAll(async () => {
  await t?.drop();
  await deleteRedisKeys({ url: TEST_REDIS_URL, prefix: PREFIX });
});

/** A question (version 1) with one turn per text, answered one second apart so peers are well ordered. */
async function seedQuestionWithAnswers(db: Database, texts: string[]) {
  const first = await seedAnsweredTurn({ db, text: texts[0] });
  await db.prisma.answer.update({ where: { id: first.answer.id }, data: { submittedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0)) } });
  const answers = [{ ...first.answer, submittedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0)) }];
  for (const [i, text] of texts.slice(1).entries()) {
    const turn = await db.prisma.turn.create({ data: { sessionId: first.session.id, index: i + 1, questionVersionId: first.version.id } });
    answers.push(await db.prisma.answer.create({ data: { turnId: turn.id, authorId: first.user.id, clientId: randomBytes(8).toString("hex"), text, submittedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i + 1)) } }));
  }
  return { ...first, answers, questionId: first.version.questionId };
}

async function addVersion(db: Database, questionId: string, version: number, file: QuestionFile) {
  return db.prisma.questionVersion.create({
    data: { questionId, version, content: file as Prisma.InputJsonValue, contentHash: contentHash(file), title: file.title, difficulty: file.difficulty, tags: file.tags },
  });
}

/** Version 2 drops the softmax point for one about gradient clipping: answers about saturation lose credit. */
const changedKeyPoints = (file: QuestionFile): QuestionFile =>
  ZQuestionFile.parse({
    ...file,
    keyPoints: [
      file.keyPoints[0],
      { id: "clipping", statement: "Gradient clipping bounds the update size", weight: 3, aliases: ["clip the gradients"], misconceptions: [] },
      { id: "warmup", statement: "Learning rate warmup stabilises early training", weight: 2, aliases: ["warmup"], misconceptions: [] },
    ],
  });

describe.each(["in-process", "bullmq"] as const)("rescore and calibration jobs (%s queue)", (mode) => {
  let h: JobHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("re-scores a question's stored answers against a new version, records old -> new per answer and criterion, and keeps the original scores", async () => {
    const seeded = await seedQuestionWithAnswers(t.db, TEXTS.slice(0, 3));
    const [a1, a2, unscored] = seeded.answers;
    const old1 = await scoreAnswerJob({ db: t.db, answerId: a1!.id });
    const old2 = await scoreAnswerJob({ db: t.db, answerId: a2!.id });
    const before = await t.db.prisma.score.findMany({ where: { answerId: { in: [a1!.id, a2!.id] } }, include: { criteria: true }, orderBy: { id: "asc" } });
    const v2file = changedKeyPoints(seeded.file);
    const v2 = await addVersion(t.db, seeded.questionId, 2, v2file);

    h = await startJobHarness({ mode, services, prefix: PREFIX });
    const { jobKey } = await h.queue.enqueue("rescore-answers", { questionVersionId: v2.id });
    const done = await completionOf<RescoreAnswersResult>(h, jobKey);
    expect(done).toMatchObject({ created: true, answerCount: 2 });

    // Expected values computed here with the engine's public API: v2's content, peers submitted no later.
    const q2 = scoringQuestionOf(v2file);
    const new1 = await scoreAnswer({ question: q2, answer: a1!.text, peerAnswers: [] });
    const new2 = await scoreAnswer({ question: q2, answer: a2!.text, peerAnswers: [a1!.text] });
    const [run] = await listRescoreRuns({ db: t.db, questionId: seeded.questionId });
    const stored1 = before.find((s) => s.id === old1.scoreId)!;
    const stored2 = before.find((s) => s.id === old2.scoreId)!;
    const expected = [
      { answer: a1!, old: stored1, next: new1 },
      { answer: a2!, old: stored2, next: new2 },
    ];
    expect(run).toMatchObject({ id: done.runId, version: 2, engineVersion: ENGINE_VERSION, answerCount: 2, skippedCount: 1 });
    for (const e of expected) {
      const r = run!.results.find((x) => x.answerId === e.answer.id);
      expect(r).toMatchObject({ fromVersionId: seeded.version.id, oldScoreId: e.old.id, oldOverall5: e.old.overall5, newOverall5: e.next.overall5 });
      expect(r!.delta).toBeCloseTo(e.next.overall5 - e.old.overall5, 6);
      for (const c of e.next.criteria) {
        const oldC = e.old.criteria.find((x) => x.criterionId === c.id)!;
        expect(r!.criteria.find((x) => x.criterionId === c.id)).toMatchObject({ old: oldC.score, new: c.score5 });
      }
    }
    const deltas = expected.map((e) => Math.abs(e.next.overall5 - e.old.overall5));
    expect(deltas.some((d) => d > 0)).toBe(true); // the key point change moved at least one score
    expect(run!.maxAbsChange).toBeCloseTo(Math.max(...deltas), 3);
    expect(run!.meanAbsChange).toBeCloseTo((deltas[0]! + deltas[1]!) / 2, 3);
    expect(run!.changedCount).toBe(deltas.filter((d) => d > 0).length);
    expect(unscored).toBeDefined();

    // The originals are untouched, and a second job (another key) finds the run and writes nothing.
    const after = await t.db.prisma.score.findMany({ where: { answerId: { in: [a1!.id, a2!.id] } }, include: { criteria: true }, orderBy: { id: "asc" } });
    expect(after).toEqual(before);
    const again = await h.queue.enqueue("rescore-answers", { questionVersionId: v2.id }, { dedupeKey: `again:${v2.id}` });
    await expect(completionOf<RescoreAnswersResult>(h, again.jobKey)).resolves.toEqual({ runId: done.runId, created: false, answerCount: 2 });
    expect(await t.db.prisma.rescoreRun.count({ where: { questionId: seeded.questionId } })).toBe(1);
    expect(await t.db.prisma.rescoreResult.count({ where: { runId: done.runId } })).toBe(2);
  });

  // 3 grades fit the shrunk line; from 5 the learned few-shot calibrator takes over.
  it.each([3, 5])("fits a calibration from %i human grades, stores it once, and score-answer then stores calibrated and raw values", async (nGraded) => {
    const seeded = await seedQuestionWithAnswers(t.db, TEXTS);
    const { user: reviewer } = await seedUser({ db: t.db, roles: ["REVIEWER"], orgId: seeded.orgId });
    const graded = seeded.answers.slice(0, nGraded);
    const engine: ScoreAnswerResult[] = [];
    for (const a of graded) engine.push(await scoreAnswerJob({ db: t.db, answerId: a.id }));
    const engineScores = await t.db.prisma.score.findMany({ where: { id: { in: engine.map((e) => e.scoreId) } } });
    // The team grades 1.5 points above the engine.
    const humans: { id: string; answerId: string; overall5: number }[] = [];
    for (const a of graded) {
      const e = engineScores.find((s) => s.answerId === a.id)!;
      const h5 = Math.min(5, e.overall5 + 1.5);
      humans.push(await t.db.prisma.score.create({ data: { answerId: a.id, source: "HUMAN", raterId: reviewer.id, idempotencyKey: `human:${a.id}`, overall5: h5, overall100: h5 * 20 } }));
    }
    expect((await calibrateAfterHumanScore({ db: t.db, jobs: { enqueue: () => Promise.reject(new Error("must not enqueue")) }, scoreId: engine[0]!.scoreId })).jobKey).toBeNull();

    h = await startJobHarness({ mode, services, prefix: PREFIX });
    const request = await calibrateAfterHumanScore({ db: t.db, jobs: h.queue, scoreId: humans[0]!.id });
    expect(request.n).toBe(nGraded);
    const done = await completionOf<CalibrateQuestionResult>(h, request.jobKey!);
    expect(done).toMatchObject({ created: true, n: nGraded });
    const row = await t.db.prisma.questionCalibration.findUniqueOrThrow({ where: { id: done.calibrationId! } });
    const expectedFit = fitCalibration({
      questionKey: seeded.questionId,
      graded: graded.map((a) => ({ engineScore5: engineScores.find((s) => s.answerId === a.id)!.overall5, humanScore5: humans.find((x) => x.answerId === a.id)!.overall5, answer: a.text })),
      prompt: seeded.file.prompt,
    });
    expect(expectedFit.method).toBe(nGraded >= 5 ? "learned/1" : "linear-shrunk/2");
    expect(row).toMatchObject({ questionId: seeded.questionId, questionVersionId: seeded.version.id, engineVersion: ENGINE_VERSION, method: expectedFit.method, n: nGraded, parameters: expectedFit.data });

    // The same grades fitted again store nothing new.
    const again = await h.queue.enqueue("calibrate-question", { questionId: seeded.questionId }, { dedupeKey: `again:${seeded.questionId}` });
    await expect(completionOf<CalibrateQuestionResult>(h, again.jobKey)).resolves.toEqual({ calibrationId: row.id, created: false, n: nGraded });
    expect(await t.db.prisma.questionCalibration.count({ where: { questionId: seeded.questionId } })).toBe(1);

    // The fourth answer is scored after the calibration: calibrated overall, raw values beside it.
    const fourth = seeded.answers[nGraded]!;
    const { jobKey } = await h.queue.enqueue("score-answer", { answerId: fourth.id });
    const scored = await completionOf<ScoreAnswerResult>(h, jobKey);
    const score = await t.db.prisma.score.findUniqueOrThrow({ where: { id: scored.scoreId } });
    const peers = seeded.answers.slice(0, nGraded).map((a) => a.text);
    const q = scoringQuestionOf(seeded.file);
    const raw = await scoreAnswer({ question: q, answer: fourth.text, peerAnswers: peers });
    const calibrated = await scoreAnswer({ question: q, answer: fourth.text, peerAnswers: peers, calibration: { questionKey: seeded.questionId, method: row.method, data: row.parameters } });
    expect(calibrated.overall5).toBeGreaterThan(raw.overall5);
    expect(score.overall5).toBe(calibrated.overall5);
    expect((score.details as { calibration: unknown }).calibration).toEqual({
      id: row.id,
      method: row.method,
      parameters: row.parameters,
      rawOverall5: raw.overall5,
      rawOverall100: raw.overall100,
      rawCriteria: raw.criteria.map((c) => ({ id: c.id, level: c.level, score5: c.score5 })),
      calibratedOverall5: calibrated.overall5,
    });
  });
});

describe("what triggers the jobs", () => {
  it("re-scoring follows a publish only when the new version changes what the engine reads", async () => {
    const seeded = await seedQuestionWithAnswers(t.db, TEXTS.slice(0, 1));
    const enqueued: { jobId: string; payload: unknown; dedupeKey?: string | undefined }[] = [];
    const jobs = { enqueue: (jobId: string, payload: unknown, opts?: { dedupeKey?: string }) => (enqueued.push({ jobId, payload, dedupeKey: opts?.dedupeKey }), Promise.resolve({ jobKey: `k${enqueued.length}` })) };
    const retitled = await addVersion(t.db, seeded.questionId, 2, ZQuestionFile.parse({ ...seeded.file, title: "A new title only" }));
    expect(await rescoreAfterPublish({ db: t.db, jobs, versionId: retitled.id })).toBeUndefined();
    const rubricChanged = await addVersion(t.db, seeded.questionId, 3, changedKeyPoints(seeded.file));
    await expect(rescoreAfterPublish({ db: t.db, jobs, versionId: rubricChanged.id })).resolves.toEqual({ jobKey: "k1", questionVersionId: rubricChanged.id, version: 3 });
    expect(enqueued).toEqual([{ jobId: "rescore-answers", payload: { questionVersionId: rubricChanged.id }, dedupeKey: `rescore:${rubricChanged.id}:${ENGINE_VERSION}` }]);
    // A first version has nothing to compare with.
    expect(await rescoreAfterPublish({ db: t.db, jobs, versionId: seeded.version.id })).toBeUndefined();
  });

  it("asks for no calibration while no answer has a human grade", async () => {
    const seeded = await seedQuestionWithAnswers(t.db, TEXTS.slice(0, 1));
    await scoreAnswerJob({ db: t.db, answerId: seeded.answer.id });
    await expect(requestCalibration({ db: t.db, jobs: { enqueue: () => Promise.reject(new Error("must not enqueue")) }, questionId: seeded.questionId })).resolves.toEqual({ jobKey: null, n: 0 });
  });
});
