import { mkdtemp, mkdir, readFile, writeFile, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/server/db/migrate";
import { appendSessionEvent } from "@/server/sessions/append-session-event";
import { createTestDatabase, testDbKind, type TestDatabase } from "../helpers/test-db";
import { questionFile, seedOrg, seedSession, seedUser } from "../helpers/factories";

describe(`[${testDbKind()}] database schema and migrations`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it("re-running migrations applies nothing and keeps data", async () => {
    const { user } = await seedUser({ db: t.db });
    const again = await migrateDatabase({ db: t.db });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBeGreaterThan(0);
    expect(await t.db.prisma.user.findUnique({ where: { id: user.id } })).not.toBeNull();
  });

  it("refuses to start when an applied migration file was edited", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mr-mig-"));
    await cp(path.resolve("prisma/migrations"), dir, { recursive: true });
    const file = path.join(dir, "0001_init", "migration.sql");
    await writeFile(file, (await readFile(file, "utf8")) + "\n-- edited\n");
    await expect(migrateDatabase({ db: t.db, dir })).rejects.toThrow(/0001_init was changed after it was applied/);
  });

  it("rolls back a failing migration and records nothing", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mr-mig-"));
    await cp(path.resolve("prisma/migrations"), dir, { recursive: true });
    await mkdir(path.join(dir, "9999_broken"));
    await writeFile(path.join(dir, "9999_broken", "migration.sql"), 'CREATE TABLE "half_done" (id int);\nSELECT no_such_function();\n');
    await expect(migrateDatabase({ db: t.db, dir })).rejects.toThrow(/9999_broken failed/);
    const tables = await t.db.withSql((s) => s.query<{ n: string }>(`SELECT count(*)::text AS n FROM information_schema.tables WHERE table_name = 'half_done'`));
    expect(tables[0]?.n).toBe("0");
  });

  it("upgrading to 0004 clears the 'en' every account was created with and keeps a chosen 'zh'", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mr-mig-"));
    for (const name of ["0001_init", "0002_question_collection", "0003_rescore_and_calibration"]) {
      await cp(path.resolve("prisma/migrations", name), path.join(dir, name), { recursive: true });
    }
    const old = await createTestDatabase(testDbKind(), { migrationsDir: dir });
    try {
      await old.db.withSql(async (s) => {
        await s.query(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES ('u-default', 'a@x.test', 'A', 'h', now())`);
        await s.query(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "locale", "updatedAt") VALUES ('u-zh', 'b@x.test', 'B', 'h', 'zh', now())`);
      });
      const up = await migrateDatabase({ db: old.db });
      expect(up.applied[0]).toBe("0004_user_locale_choice");
      const rows = await old.db.prisma.user.findMany({ select: { id: true, locale: true }, orderBy: { id: "asc" } });
      expect(rows).toEqual([
        { id: "u-default", locale: null },
        { id: "u-zh", locale: "zh" },
      ]);
      // New accounts start without a choice.
      const { user } = await seedUser({ db: old.db });
      expect((await old.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBeNull();
    } finally {
      await old.drop();
    }
  });

  it("writes and reads back every model of the schema (catches schema/migration drift)", async () => {
    const db = t.db;
    const org = await seedOrg({ db });
    const { user: interviewer } = await seedUser({ db, roles: ["INTERVIEWER", "REVIEWER"], orgId: org.id, withToken: true });
    const { user: candidate } = await seedUser({ db, roles: ["CANDIDATE"], orgId: org.id });
    const content = questionFile();
    const question = await db.prisma.question.create({ data: { orgId: org.id, slug: content.id, lang: "en", draft: content, createdById: interviewer.id } });
    const version = await db.prisma.questionVersion.create({
      data: { questionId: question.id, version: 1, content, contentHash: "h", title: content.title, difficulty: "medium", tags: ["attention", "transformer"] },
    });
    const template = await db.prisma.interviewTemplate.create({ data: { orgId: org.id, name: "LLM basics", items: [{ questionId: question.id, minutes: 10 }] } });
    const session = await seedSession({ db, orgId: org.id, participants: [{ userId: interviewer.id, role: "INTERVIEWER" }, { userId: candidate.id, role: "CANDIDATE" }] });
    await db.prisma.interviewSession.update({ where: { id: session.id }, data: { templateId: template.id, status: "ACTIVE", startedAt: new Date() } });
    const turn = await db.prisma.turn.create({ data: { sessionId: session.id, index: 0, questionVersionId: version.id } });
    await db.prisma.turn.create({ data: { sessionId: session.id, index: 1, questionVersionId: version.id, parentTurnId: turn.id, followUpId: "fu-1", followUpSource: "authored", prompt: "Why?" } });
    await db.prisma.answerDraft.create({ data: { turnId: turn.id, authorId: candidate.id, text: "草稿 softmax", revision: 3 } });
    const answer = await db.prisma.answer.create({ data: { turnId: turn.id, authorId: candidate.id, clientId: "client-abc-123", text: "最终答案 with LoRA" } });
    const review = await db.prisma.review.create({ data: { sessionId: session.id, reviewerId: interviewer.id, decision: "YES", status: "SUBMITTED", submittedAt: new Date() } });
    await db.prisma.score.create({
      data: {
        answerId: answer.id,
        source: "ENGINE",
        engineVersion: "engine@1",
        modelName: "lexical",
        idempotencyKey: `${answer.id}:v1:engine@1`,
        overall100: 72.5,
        overall5: 3.6,
        confidence: 0.8,
        details: { keyPoints: [{ id: "variance", status: "covered", spans: [[0, 4]] }] },
        criteria: { create: [{ criterionId: "correctness", level: 4, score: 3.8 }] },
      },
    });
    await db.prisma.score.create({ data: { answerId: answer.id, source: "HUMAN", raterId: interviewer.id, reviewId: review.id, idempotencyKey: `human:${review.id}:${answer.id}`, overall100: 80, overall5: 4 } });
    await db.prisma.note.create({ data: { sessionId: session.id, authorId: interviewer.id, turnId: turn.id, body: "private" } });
    await db.prisma.chatMessage.create({ data: { sessionId: session.id, authorId: candidate.id, clientId: "chat-client-1", body: "hi" } });
    await db.prisma.$transaction((tx) => appendSessionEvent({ tx, sessionId: session.id, type: "question.pushed", actorId: interviewer.id, visibility: "STAFF", payload: { turnId: turn.id } }));
    await db.prisma.queueEntry.create({ data: { orgId: org.id, userId: candidate.id, role: "PEER", tags: ["llm"], level: "mid", lang: "zh" } });

    const back = await db.prisma.interviewSession.findUniqueOrThrow({
      where: { id: session.id },
      include: {
        participants: true,
        template: true,
        turns: { include: { answers: { include: { scores: { include: { criteria: true } } } }, drafts: true, followUps: true }, orderBy: { index: "asc" } },
        reviews: true,
        notes: true,
        chat: true,
        events: true,
      },
    });
    expect(back.participants).toHaveLength(2);
    expect(back.template?.name).toBe("LLM basics");
    expect(back.turns[0]?.drafts[0]?.text).toBe("草稿 softmax");
    expect(back.turns[0]?.followUps[0]?.prompt).toBe("Why?");
    const scores = back.turns[0]?.answers[0]?.scores ?? [];
    expect(scores.map((s) => s.source).sort()).toEqual(["ENGINE", "HUMAN"]);
    expect(scores.find((s) => s.source === "ENGINE")?.criteria[0]?.level).toBe(4);
    expect(back.reviews[0]?.decision).toBe("YES");
    expect(back.events[0]).toMatchObject({ seq: 1, type: "question.pushed", visibility: "STAFF" });
    expect(back.eventSeq).toBe(1);
    expect((await db.prisma.questionVersion.findUniqueOrThrow({ where: { id: version.id } })).tags).toEqual(["attention", "transformer"]);
    expect(await db.prisma.apiToken.count({ where: { userId: interviewer.id } })).toBe(1);
    expect(await db.prisma.queueEntry.count({ where: { userId: candidate.id } })).toBe(1);
  });

  it("keeps the timeline append-only and published versions immutable", async () => {
    const db = t.db;
    const org = await seedOrg({ db });
    const { user } = await seedUser({ db, roles: ["INTERVIEWER"], orgId: org.id });
    const session = await seedSession({ db, orgId: org.id, participants: [{ userId: user.id, role: "INTERVIEWER" }] });
    const ev = await db.prisma.$transaction((tx) => appendSessionEvent({ tx, sessionId: session.id, type: "session.created", payload: {} }));
    await expect(db.prisma.sessionEvent.update({ where: { id: ev.id }, data: { type: "rewritten" } })).rejects.toThrow();
    expect((await db.prisma.sessionEvent.findUniqueOrThrow({ where: { id: ev.id } })).type).toBe("session.created");

    const content = questionFile();
    const q = await db.prisma.question.create({ data: { orgId: org.id, slug: content.id, lang: "en", draft: content } });
    const v = await db.prisma.questionVersion.create({ data: { questionId: q.id, version: 1, content, contentHash: "h", title: "t", difficulty: "easy", tags: [] } });
    await expect(db.prisma.questionVersion.update({ where: { id: v.id }, data: { title: "changed" } })).rejects.toThrow();
    expect((await db.prisma.questionVersion.findUniqueOrThrow({ where: { id: v.id } })).title).toBe("t");
  });

  it("numbers concurrent timeline events without gaps or collisions", async () => {
    const db = t.db;
    const org = await seedOrg({ db });
    const session = await seedSession({ db, orgId: org.id, participants: [] });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => db.prisma.$transaction((tx) => appendSessionEvent({ tx, sessionId: session.id, type: "draft.checkpoint", payload: { i } }))),
    );
    const seqs = (await db.prisma.sessionEvent.findMany({ where: { sessionId: session.id }, select: { seq: true } })).map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});
