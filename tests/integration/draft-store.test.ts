import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/server/db/database";
import { openDatabase } from "@/server/db/database";
import { createLogger } from "@/server/logger";
import { DraftStore } from "@/server/sessions/draft-store";
import { TimelineBatcher } from "@/server/sessions/timeline-batcher";
import { createTestDatabase, testDbKind, type TestDatabase } from "../helpers/test-db";
import { seedAnsweredTurn } from "../helpers/factories";

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

/** The real database, except that the next `failures` raw statements fail the way a dropped connection does. */
function failingNext(db: Database, failures: { left: number }): Database {
  return {
    ...db,
    query: (sql, params, name) => {
      if (failures.left > 0) {
        failures.left--;
        return Promise.reject(new Error("Connection terminated unexpectedly"));
      }
      return db.query(sql, params, name);
    },
  };
}

describe(`[${testDbKind()}] draft store`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  const rowOf = (turnId: string, authorId: string) => t.db.prisma.answerDraft.findUnique({ where: { turnId_authorId: { turnId, authorId } }, select: { text: true, revision: true } });

  it("keeps mixed-script text exact through growing and shrinking drafts, and only ever moves forward in revision", async () => {
    const { turn, session, user } = await seedAnsweredTurn({ db: t.db });
    const timeline = new TimelineBatcher(t.db, logger);
    const drafts = new DraftStore(t.db, logger, timeline);
    const key = { sessionId: session.id, turnId: turn.id, authorId: user.id };

    const short = "缩放 softmax 的 logits 😀";
    const long = `${"Transformer 用 √d_k 缩放点积，避免 softmax 饱和。".repeat(400)}\u{1F680} end`;
    expect(drafts.update({ ...key, text: short, rev: 1 })).toBe(true);
    expect(drafts.update({ ...key, text: long, rev: 2 })).toBe(true); // ~14 kB of mixed script replaces a few characters
    await drafts.flush();
    expect(await rowOf(turn.id, user.id)).toEqual({ text: long, revision: 2 });

    expect(drafts.update({ ...key, text: "late packet", rev: 2 })).toBe(false);
    expect(drafts.update({ ...key, text: "older packet", rev: 1 })).toBe(false);
    expect(drafts.update({ ...key, text: short, rev: 3 })).toBe(true); // shorter again: both the held copy and the stored row lose the long text entirely
    expect(await drafts.ofSession(session.id)).toEqual([{ turnId: turn.id, authorId: user.id, text: short, rev: 3 }]);
    await drafts.flush();
    expect(await rowOf(turn.id, user.id)).toEqual({ text: short, revision: 3 });

    // A second store (another server, or this one after a restart) holding an older revision cannot go back.
    const other = new DraftStore(t.db, logger, timeline);
    other.update({ ...key, text: "stale text from elsewhere", rev: 2 });
    await other.flush();
    expect(await rowOf(turn.id, user.id)).toEqual({ text: short, revision: 3 });
    await timeline.stop();
  });

  it("keeps a draft whose write failed and writes it with the next flush, with the typing that arrived meanwhile", async () => {
    const { turn, session, user } = await seedAnsweredTurn({ db: t.db });
    const failures = { left: 0 };
    const db = failingNext(t.db, failures);
    const timeline = new TimelineBatcher(t.db, logger);
    const drafts = new DraftStore(db, logger, timeline);
    const key = { sessionId: session.id, turnId: turn.id, authorId: user.id };

    drafts.update({ ...key, text: "first words", rev: 1 });
    failures.left = 1;
    await drafts.flush(); // fails and is logged; nothing is thrown at the caller
    expect(failures.left).toBe(0);
    expect(await rowOf(turn.id, user.id)).toBeNull();

    drafts.update({ ...key, text: "first words, and more", rev: 2 });
    await drafts.flush();
    expect(await rowOf(turn.id, user.id)).toEqual({ text: "first words, and more", revision: 2 });

    // A failure with nothing new typed afterwards still leaves the draft to be written.
    drafts.update({ ...key, text: "first words, and more, then a pause", rev: 3 });
    failures.left = 1;
    await drafts.flush();
    await drafts.stop();
    expect(await rowOf(turn.id, user.id)).toEqual({ text: "first words, and more, then a pause", revision: 3 });
    await timeline.stop();
  });

  it.runIf(testDbKind() === "postgres")("stamps updatedAt in UTC whatever time zone the database session is set to", async () => {
    const { turn, session, user } = await seedAnsweredTurn({ db: t.db });
    // The same database through connections whose session time zone is UTC+8 (as a server in China might be configured).
    const url = new URL(t.url ?? "");
    url.searchParams.set("options", "-c TimeZone=Asia/Shanghai");
    const shanghai = await openDatabase({ url: url.toString(), dataDir: "unused" });
    try {
      expect(await shanghai.query<{ tz: string }>("SELECT current_setting('TimeZone') AS tz", [])).toEqual([{ tz: "Asia/Shanghai" }]);
      const timeline = new TimelineBatcher(shanghai, logger);
      const drafts = new DraftStore(shanghai, logger, timeline);
      drafts.update({ sessionId: session.id, turnId: turn.id, authorId: user.id, text: "时间戳 in UTC", rev: 1 });
      const flushedAt = Date.now();
      await drafts.stop();
      await timeline.stop();
      const stored = await t.db.prisma.answerDraft.findUniqueOrThrow({ where: { turnId_authorId: { turnId: turn.id, authorId: user.id } }, select: { updatedAt: true } });
      expect(Math.abs(stored.updatedAt.getTime() - flushedAt)).toBeLessThan(5_000);
    } finally {
      await shanghai.close();
    }
  });
});
