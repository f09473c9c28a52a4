import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINE_VERSION } from "@/lib/scoring/engine";
import { enqueueUnscoredAnswers } from "@/server/jobs/enqueue-unscored-answers";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { testDbKind } from "../helpers/test-db";
import { questionFile, seedOrg, seedSession, seedUser } from "../helpers/factories";

describe(`[${testDbKind()}] the web process's job queue`, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s.stop();
  });

  it("[SERVER] runs jobs in-process without REDIS_URL and scores answers left unscored (e.g. by a restart)", async () => {
    const db = s.tdb.db;
    expect(s.runtime.jobs.mode).toBe("in-process");
    const answer = await seedUnscoredAnswer(s);
    const done = scored(s);
    expect(await enqueueUnscoredAnswers({ db, queue: s.runtime.jobs })).toBe(1);
    await done;
    const scores = await db.prisma.score.findMany({ where: { answerId: answer.id } });
    expect(scores).toHaveLength(1);
    expect(scores[0]).toMatchObject({ source: "ENGINE", engineVersion: ENGINE_VERSION });
    // Once scored by the current engine, nothing is left to re-enqueue.
    expect(await enqueueUnscoredAnswers({ db, queue: s.runtime.jobs })).toBe(0);
  });

  it("[SERVER] re-scores an answer scored only by an older engine version, and keeps the old score", async () => {
    const db = s.tdb.db;
    const answer = await seedUnscoredAnswer(s);
    const older = "mockroom-engine/1.3.0+weights-00000000";
    await db.prisma.score.create({ data: { answerId: answer.id, source: "ENGINE", engineVersion: older, idempotencyKey: `engine:${answer.id}:older`, overall100: 20, overall5: 1 } });
    const done = scored(s);
    expect(await enqueueUnscoredAnswers({ db, queue: s.runtime.jobs })).toBe(1);
    await done;
    const versions = (await db.prisma.score.findMany({ where: { answerId: answer.id }, orderBy: { createdAt: "asc" } })).map((x) => x.engineVersion);
    expect(versions).toEqual([older, ENGINE_VERSION]);
    expect(await enqueueUnscoredAnswers({ db, queue: s.runtime.jobs })).toBe(0);
  });
});

describe(`[${testDbKind()}] stopping the web process while a job result is on its way`, () => {
  it("[SERVER] waits for the result's delivery to its room before the database and the queue close", async () => {
    // Everything the server logs at warn or above, as pino JSON lines.
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => void lines.push(line) });
    const s = await startTestServer({ logger });
    let stopped = false;
    try {
      await seedUnscoredAnswer(s);
      const done = scored(s);
      expect(await enqueueUnscoredAnswers({ db: s.tdb.db, queue: s.runtime.jobs })).toBe(1);
      await done;
      // The score is stored; its delivery (read the score, emit to the room, request a follow-up) has
      // only just started. Stopping now must let it finish rather than pull the database from under it.
      await s.stop();
      stopped = true;
      // A delivery cut off by the stop fails a moment later, when its next query meets the closed pool;
      // give it that moment so the check below sees it.
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      if (!stopped) await s.stop();
    }
    const errors = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
    expect(errors.map((e) => e.msg)).toEqual([]);
  });
});

/** A scored-nothing-yet answer to a live session's question, as a restart leaves one behind. */
async function seedUnscoredAnswer(s: TestServer) {
  const db = s.tdb.db;
  const org = await seedOrg({ db });
  const { user } = await seedUser({ db, roles: ["CANDIDATE"], orgId: org.id });
  const content = questionFile();
  const q = await db.prisma.question.create({ data: { orgId: org.id, slug: content.id, lang: "en", draft: content, status: "PUBLISHED" } });
  const v = await db.prisma.questionVersion.create({ data: { questionId: q.id, version: 1, content, contentHash: "h", title: content.title, difficulty: "medium", tags: [] } });
  const session = await seedSession({ db, orgId: org.id, participants: [{ userId: user.id, role: "CANDIDATE" }] });
  const turn = await db.prisma.turn.create({ data: { sessionId: session.id, index: 0, questionVersionId: v.id } });
  return db.prisma.answer.create({ data: { turnId: turn.id, authorId: user.id, clientId: "cli-unscored-1", text: "Dividing by sqrt(d_k) keeps the variance near one so softmax does not saturate." } });
}

/** Resolves when the next scoring job completes (the score is stored; its delivery to the room starts now). */
function scored(s: TestServer): Promise<void> {
  return new Promise<void>((resolve) => {
    const off = s.runtime.jobs.onCompleted((e) => {
      if (e.jobId === "score-answer") {
        off();
        resolve();
      }
    });
  });
}
