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
    const org = await seedOrg({ db });
    const { user } = await seedUser({ db, roles: ["CANDIDATE"], orgId: org.id });
    const content = questionFile();
    const q = await db.prisma.question.create({ data: { orgId: org.id, slug: content.id, lang: "en", draft: content, status: "PUBLISHED" } });
    const v = await db.prisma.questionVersion.create({ data: { questionId: q.id, version: 1, content, contentHash: "h", title: content.title, difficulty: "medium", tags: [] } });
    const session = await seedSession({ db, orgId: org.id, participants: [{ userId: user.id, role: "CANDIDATE" }] });
    const turn = await db.prisma.turn.create({ data: { sessionId: session.id, index: 0, questionVersionId: v.id } });
    const answer = await db.prisma.answer.create({ data: { turnId: turn.id, authorId: user.id, clientId: "cli-unscored-1", text: "Dividing by sqrt(d_k) keeps the variance near one so softmax does not saturate." } });

    const done = new Promise<void>((resolve) => {
      const off = s.runtime.jobs.onCompleted((e) => {
        if (e.jobId === "score-answer") {
          off();
          resolve();
        }
      });
    });
    expect(await enqueueUnscoredAnswers({ db, queue: s.runtime.jobs })).toBe(1);
    await done;
    const scores = await db.prisma.score.findMany({ where: { answerId: answer.id } });
    expect(scores).toHaveLength(1);
    expect(scores[0]).toMatchObject({ source: "ENGINE", engineVersion: ENGINE_VERSION });
    // Once scored by the current engine, nothing is left to re-enqueue.
    expect(await enqueueUnscoredAnswers({ db, queue: s.runtime.jobs })).toBe(0);
  });
});
