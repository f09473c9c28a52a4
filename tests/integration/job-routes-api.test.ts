import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ENGINE_VERSION, fitCalibration } from "@/lib/scoring/engine";
import { scoreAnswerJob } from "@/server/jobs/score-answer";
import { questionFile, seedOrg, seedSession, seedUser } from "../helpers/factories";
import { testDbKind } from "../helpers/test-db";
import { api, startTestServer, type TestServer } from "../helpers/test-server";

type ErrorBody = { error: { code: string; message: string } };
type Runs = { runs: { version: number; engineVersion: string; answerCount: number; results: { answerId: string; oldOverall5: number; newOverall5: number; criteria: { criterionId: string }[] }[] }[] };
type DeadLetters = { mode: string; deadLetters: { jobId: string; jobKey: string; error: string; payload: unknown; orgId: string | null }[] };

describe(`[${testDbKind()}] job routes: rescore, calibrate, dead letters`, () => {
  let s: TestServer;
  let orgId: string;
  let author: string;
  let admin: string;
  let candidate: string;
  let outsiderAdmin: string;
  beforeAll(async () => {
    s = await startTestServer();
    orgId = (await seedOrg({ db: s.tdb.db })).id;
    author = (await seedUser({ db: s.tdb.db, roles: ["AUTHOR"], orgId, withToken: true })).token!;
    admin = (await seedUser({ db: s.tdb.db, roles: ["ADMIN"], orgId, withToken: true })).token!;
    candidate = (await seedUser({ db: s.tdb.db, roles: ["CANDIDATE", "INTERVIEWER", "REVIEWER"], orgId, withToken: true })).token!;
    outsiderAdmin = (await seedUser({ db: s.tdb.db, roles: ["ADMIN"], withToken: true })).token!;
  });
  afterAll(async () => {
    await s?.stop();
  });

  /** A published question (through the API) with `texts` answered and scored on version 1. */
  async function publishedWithAnswers(slug: string, texts: string[]) {
    const db = s.tdb.db;
    const created = await api<{ id: string }>(s, `/api/v1/orgs/${orgId}/questions`, { token: author, json: { slug, lang: "en", title: "Why divide by sqrt(d_k)?" } });
    const id = created.body.id;
    const file = questionFile({ id: slug });
    expect((await api(s, `/api/v1/questions/${id}/draft`, { token: author, method: "PUT", json: { draft: file } })).status).toBe(200);
    expect((await api(s, `/api/v1/questions/${id}/publish`, { token: author, method: "POST" })).status).toBe(201);
    const v1 = await db.prisma.questionVersion.findFirstOrThrow({ where: { questionId: id, version: 1 } });
    const { user } = await seedUser({ db, orgId });
    const session = await seedSession({ db, orgId, participants: [{ userId: user.id, role: "CANDIDATE" }] });
    const answers = [];
    for (const [i, text] of texts.entries()) {
      const turn = await db.prisma.turn.create({ data: { sessionId: session.id, index: i, questionVersionId: v1.id } });
      const answer = await db.prisma.answer.create({ data: { turnId: turn.id, authorId: user.id, clientId: `${slug}-${i}`, text } });
      await scoreAnswerJob({ db, answerId: answer.id });
      answers.push(answer);
    }
    return { id, file, answers };
  }

  it("[AUTHOR] publishing a version with new key points re-scores the stored answers; the run is readable; originals stay", async () => {
    const q = await publishedWithAnswers("rescore-on-publish", ["The variance grows and softmax saturates.", "Numerical stability."]);
    const before = await s.tdb.db.prisma.score.findMany({ where: { answerId: { in: q.answers.map((a) => a.id) } }, orderBy: { id: "asc" } });
    const v2 = { ...q.file, keyPoints: [...q.file.keyPoints.slice(0, 2), { id: "clipping", statement: "Gradient clipping bounds the update", weight: 3, aliases: ["clip gradients"], misconceptions: [] }] };
    expect((await api(s, `/api/v1/questions/${q.id}/draft`, { token: author, method: "PUT", json: { draft: v2 } })).status).toBe(200);
    expect((await api(s, `/api/v1/questions/${q.id}/publish`, { token: author, method: "POST" })).status).toBe(201);

    const runs = await vi.waitFor(
      async () => {
        const r = await api<Runs>(s, `/api/v1/questions/${q.id}/rescores`, { token: author });
        if (r.body.runs.length === 0) throw new Error("no run yet");
        return r.body.runs;
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ version: 2, engineVersion: ENGINE_VERSION, answerCount: 2 });
    expect(runs[0]!.results.map((r) => r.answerId).sort()).toEqual(q.answers.map((a) => a.id).sort());
    for (const r of runs[0]!.results) {
      expect(r.oldOverall5).toBe(before.find((b) => b.answerId === r.answerId)!.overall5);
      expect(r.criteria.map((c) => c.criterionId).sort()).toEqual(["communication", "correctness"]);
    }
    expect(await s.tdb.db.prisma.score.findMany({ where: { answerId: { in: q.answers.map((a) => a.id) } }, orderBy: { id: "asc" } })).toEqual(before);

    // Asking again for the same version answers 202 and stores no second run.
    const again = await api<{ version: number; jobKey: string }>(s, `/api/v1/questions/${q.id}/rescore`, { token: author, method: "POST" });
    expect(again.status).toBe(202);
    expect(again.body.version).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await s.tdb.db.prisma.rescoreRun.count({ where: { questionId: q.id } })).toBe(1);
  });

  it("[CANDIDATE] and [OTHER ORG] cannot re-score, calibrate or read runs: 403; no token: 401; an unpublished question: 409", async () => {
    const q = await publishedWithAnswers("rescore-guarded", ["The variance grows."]);
    for (const [method, path] of [["POST", "rescore"], ["GET", "rescores"], ["POST", "calibrate"], ["GET", "calibrations"]] as const) {
      expect((await api(s, `/api/v1/questions/${q.id}/${path}`, { token: candidate, method })).status, path).toBe(403);
      expect((await api(s, `/api/v1/questions/${q.id}/${path}`, { token: outsiderAdmin, method })).status, path).toBe(403);
      expect((await api(s, `/api/v1/questions/${q.id}/${path}`, { method })).status, path).toBe(401);
    }
    const draft = await api<{ id: string }>(s, `/api/v1/orgs/${orgId}/questions`, { token: author, json: { slug: "never-published", lang: "en", title: "Draft only" } });
    const r = await api<ErrorBody>(s, `/api/v1/questions/${draft.body.id}/rescore`, { token: author, method: "POST" });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("CONFLICT");
  });

  it("[AUTHOR] calibrates from human grades: 409 before any, then 202 and the calibration is listed", async () => {
    const q = await publishedWithAnswers("calibrate-me", ["The variance grows and softmax saturates.", "Numerical stability.", "Softmax saturates."]);
    const none = await api<ErrorBody>(s, `/api/v1/questions/${q.id}/calibrate`, { token: author, method: "POST" });
    expect(none.status).toBe(409);
    const { user: reviewer } = await seedUser({ db: s.tdb.db, roles: ["REVIEWER"], orgId });
    for (const [i, a] of q.answers.entries()) {
      await s.tdb.db.prisma.score.create({ data: { answerId: a.id, source: "HUMAN", raterId: reviewer.id, idempotencyKey: `h:${a.id}`, overall5: 2 + i, overall100: (2 + i) * 20 } });
    }
    const r = await api<{ jobKey: string; n: number }>(s, `/api/v1/questions/${q.id}/calibrate`, { token: author, method: "POST" });
    expect(r.status).toBe(202);
    expect(r.body.n).toBe(3);
    const listed = await vi.waitFor(
      async () => {
        const l = await api<{ calibrations: { n: number; version: number; engineVersion: string; method: string }[] }>(s, `/api/v1/questions/${q.id}/calibrations`, { token: author });
        if (l.body.calibrations.length === 0) throw new Error("not fitted yet");
        return l.body.calibrations;
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(listed).toEqual([expect.objectContaining({ n: 3, version: 1, engineVersion: ENGINE_VERSION, method: fitCalibration({ questionKey: q.id, graded: [] }).method })]);
  });

  it("[ADMIN] lists dead letters of their organisation and retries one; others get 401/403 and never see another org's", async () => {
    const db = s.tdb.db;
    const mine = await publishedWithAnswers("dead-letter-mine", ["The variance grows."]);
    const otherOrg = await seedOrg({ db });
    const { user } = await seedUser({ db, orgId: otherOrg.id });
    const session = await seedSession({ db, orgId: otherOrg.id, participants: [{ userId: user.id, role: "CANDIDATE" }] });
    const v1 = await db.prisma.questionVersion.findFirstOrThrow({ where: { questionId: mine.id } });
    const theirTurn = await db.prisma.turn.create({ data: { sessionId: session.id, index: 0, questionVersionId: v1.id } });
    // Turns without answers: propose-follow-up fails permanently, one in each organisation, plus an invalid payload.
    const myTurn = await db.prisma.turn.create({ data: { sessionId: (await seedSession({ db, orgId, participants: [] })).id, index: 0, questionVersionId: v1.id } });
    const jobs = s.runtime.jobs;
    const mineJob = await jobs.enqueue("propose-follow-up", { turnId: myTurn.id });
    const theirsJob = await jobs.enqueue("propose-follow-up", { turnId: theirTurn.id });
    const invalid = await jobs.enqueue("score-answer", { answerId: 42 });
    const keys = [mineJob.jobKey, theirsJob.jobKey, invalid.jobKey];
    await vi.waitFor(async () => {
      const dead = (await jobs.deadLetters()).map((d) => d.jobKey);
      if (!keys.every((k) => dead.includes(k))) throw new Error("not all dead yet");
    });

    expect((await api(s, "/api/v1/admin/jobs/dead-letters")).status).toBe(401);
    expect((await api(s, "/api/v1/admin/jobs/dead-letters", { token: author })).status).toBe(403);
    expect((await api(s, "/api/v1/admin/jobs/dead-letters", { token: candidate })).status).toBe(403);
    const list = await api<DeadLetters>(s, "/api/v1/admin/jobs/dead-letters", { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.mode).toBe("in-process");
    const seen = list.body.deadLetters.map((d) => d.jobKey);
    expect(seen).toEqual(expect.arrayContaining([mineJob.jobKey, invalid.jobKey]));
    expect(seen).not.toContain(theirsJob.jobKey);
    expect(list.body.deadLetters.find((d) => d.jobKey === mineJob.jobKey)).toMatchObject({ jobId: "propose-follow-up", orgId, error: expect.stringContaining("has no answer") as unknown });
    const theirs = await api<DeadLetters>(s, "/api/v1/admin/jobs/dead-letters", { token: outsiderAdmin });
    expect(theirs.body.deadLetters.map((d) => d.jobKey)).not.toContain(mineJob.jobKey);

    // Retry: another org's letter is invisible (404), bad bodies 400, non-admins 403.
    expect((await api(s, "/api/v1/admin/jobs/dead-letters/retry", { token: admin, json: { jobId: "propose-follow-up", jobKey: theirsJob.jobKey } })).status).toBe(404);
    expect((await api(s, "/api/v1/admin/jobs/dead-letters/retry", { token: admin, json: { jobId: "propose-follow-up" } })).status).toBe(400);
    expect((await api(s, "/api/v1/admin/jobs/dead-letters/retry", { token: author, json: { jobId: "propose-follow-up", jobKey: mineJob.jobKey } })).status).toBe(403);
    // Once the turn has a scored answer, the retried job succeeds and leaves the dead-letter list.
    const answer = await db.prisma.answer.create({ data: { turnId: myTurn.id, authorId: user.id, clientId: "retry-me", text: "The variance grows." } });
    await scoreAnswerJob({ db, answerId: answer.id });
    const done = new Promise<void>((resolve) => {
      const off = jobs.onCompleted((e) => {
        if (e.jobKey === mineJob.jobKey) {
          off();
          resolve();
        }
      });
    });
    const retry = await api<{ retried: boolean }>(s, "/api/v1/admin/jobs/dead-letters/retry", { token: admin, json: { jobId: "propose-follow-up", jobKey: mineJob.jobKey } });
    expect(retry.status).toBe(200);
    await done;
    const after = await api<DeadLetters>(s, "/api/v1/admin/jobs/dead-letters", { token: admin });
    expect(after.body.deadLetters.map((d) => d.jobKey)).not.toContain(mineJob.jobKey);
    expect(await db.prisma.sessionEvent.count({ where: { sessionId: myTurn.sessionId, type: { in: ["follow-up.proposed", "follow-up.skipped"] } } })).toBe(1);
  });
});
