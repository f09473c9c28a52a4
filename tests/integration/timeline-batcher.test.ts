import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@/server/logger";
import { appendSessionEvent } from "@/server/sessions/append-session-event";
import { TimelineBatcher } from "@/server/sessions/timeline-batcher";
import { createTestDatabase, testDbKind, type TestDatabase } from "../helpers/test-db";
import { seedOrg, seedSession, seedUser } from "../helpers/factories";

describe(`[${testDbKind()}] batched timeline events`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it("numbers events of many sessions gap-free in one statement, interleaved with events appended one by one", async () => {
    const db = t.db;
    const org = await seedOrg({ db });
    const { user } = await seedUser({ db, orgId: org.id });
    const sessions = await Promise.all([0, 1, 2].map(() => seedSession({ db, orgId: org.id, participants: [{ userId: user.id, role: "CANDIDATE" }] })));
    const batcher = new TimelineBatcher(db, createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" }));
    await db.prisma.$transaction((tx) => appendSessionEvent({ tx, sessionId: sessions[0]!.id, type: "session.created", payload: {} }));
    for (let i = 0; i < 5; i++) for (const s of sessions) batcher.add({ sessionId: s.id, type: "participant.joined", actorId: user.id, visibility: "ALL", payload: { i } });
    // An event appended directly while the batch is queued takes its own number; nothing collides.
    const direct = db.prisma.$transaction((tx) => appendSessionEvent({ tx, sessionId: sessions[1]!.id, type: "chat.sent", actorId: user.id, payload: {} }));
    await Promise.all([batcher.flush(), direct]);
    batcher.add({ sessionId: "no-such-session", type: "participant.left", actorId: null, visibility: "ALL", payload: {} });
    await batcher.stop();

    for (const s of sessions) {
      const events = await db.prisma.sessionEvent.findMany({ where: { sessionId: s.id }, orderBy: { seq: "asc" }, select: { seq: true, type: true, payload: true } });
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const joined = events.filter((e) => e.type === "participant.joined").map((e) => (e.payload as { i: number }).i);
      expect(joined).toEqual([0, 1, 2, 3, 4]); // in the order they were added
      const row = await db.prisma.interviewSession.findUniqueOrThrow({ where: { id: s.id }, select: { eventSeq: true } });
      expect(row.eventSeq).toBe(events.length);
    }
    expect(await db.prisma.sessionEvent.count({ where: { sessionId: "no-such-session" } })).toBe(0);
  });
});
