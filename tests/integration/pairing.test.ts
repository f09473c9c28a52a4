import { randomBytes } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Ack } from "@/lib/errors";
import { DEFAULT_RELAXATION } from "@/lib/pairing/criteria";
import type { QueueJoined, QueueMatched, QueueRemoved, QueueStatus } from "@/lib/realtime/pairing-contract";
import { ZQuestionFile } from "@/lib/questions/schema";
import { parsePlan } from "@/lib/sessions/plan";
import { hashPassword } from "@/server/accounts/password";
import { contentHash } from "@/server/bank/import-question-bank";
import type { Database } from "@/server/db/database";
import { createLogger } from "@/server/logger";
import { isPairingFeature, type PairingFeature } from "@/server/pairing/pairing-feature";
import { createRealtimeServer, type RealtimeServer } from "@/server/realtime/create-realtime-server";
import { PASSWORD, questionFile, seedOrg, seedUser } from "../helpers/factories";
import { deleteRedisKeys } from "../helpers/redis";
import { createTestDatabase, testDbKind, type TestDatabase } from "../helpers/test-db";
import { connectSocket, connected, signInCookie, type TestSocket, useTestServer } from "../helpers/test-server";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

type QueueEvents = { "queue:status": QueueStatus; "queue:matched": QueueMatched; "queue:removed": QueueRemoved };
type Loose = {
  emit(e: string, p: unknown, cb: (r: Ack<unknown>) => void): void;
  on(e: string, cb: (p: unknown) => void): void;
  off(e: string, cb: (p: unknown) => void): void;
};
const loose = (sock: TestSocket) => sock as unknown as Loose;
const emit = <T,>(sock: TestSocket, event: string, payload: unknown): Promise<Ack<T>> => new Promise((resolve) => loose(sock).emit(event, payload, resolve as (r: Ack<unknown>) => void));

/** Records every queue event a socket receives, and waits for the next one that fits. */
function recorder(sock: TestSocket) {
  const seen: { event: keyof QueueEvents; at: number; payload: unknown }[] = [];
  const waiters: { event: keyof QueueEvents; test: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];
  for (const event of ["queue:status", "queue:matched", "queue:removed"] as const) {
    loose(sock).on(event, (payload) => {
      seen.push({ event, at: Date.now(), payload });
      for (const w of waiters.filter((x) => x.event === event && x.test(payload))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    });
  }
  return {
    seen,
    of: <E extends keyof QueueEvents>(event: E) => seen.filter((s) => s.event === event).map((s) => s.payload as QueueEvents[E]),
    /** The first `event` fitting `test` among those received from index `after` on (already received or still to come). */
    next<E extends keyof QueueEvents>(event: E, test: (p: QueueEvents[E]) => boolean = () => true, { after = 0, timeoutMs = 8_000 } = {}): Promise<QueueEvents[E]> {
      const already = seen.slice(after).find((s) => s.event === event && test(s.payload as QueueEvents[E]));
      if (already) return Promise.resolve(already.payload as QueueEvents[E]);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ event, test: test as (p: unknown) => boolean, resolve: (p) => (clearTimeout(t), resolve(p as QueueEvents[E])) });
      });
    },
  };
}

/** Publishes a question (question + version 1) in the organisation, as the bank import would. */
async function publish(db: Database, orgId: string, over: { lang?: "en" | "zh"; difficulty?: string; tags?: string[] } = {}) {
  const file = ZQuestionFile.parse(questionFile(over));
  const q = await db.prisma.question.create({ data: { orgId, slug: file.id, lang: file.lang, status: "PUBLISHED", draft: file } });
  await db.prisma.questionVersion.create({ data: { questionId: q.id, version: 1, content: file, contentHash: contentHash(file), title: file.title, difficulty: file.difficulty, tags: file.tags } });
  return q;
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 8_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const join = (over: Record<string, unknown> = {}) => ({ role: "CANDIDATE", tags: ["attention"], level: "medium", lang: "en", ...over });

describe(`[${testDbKind()}] pairing queue over real sockets`, () => {
  const suite = useTestServer();
  let pairing: PairingFeature;

  async function person(db: Database, orgId: string, roles: ("CANDIDATE" | "INTERVIEWER")[]) {
    const u = await seedUser({ db, orgId, roles, withToken: true });
    const sock = suite.socket({ token: u.token });
    const rec = recorder(sock);
    await connected(sock);
    return { ...u, sock, rec };
  }

  /** A fresh organisation with published questions in both languages and levels. */
  async function orgWithBank() {
    const db = suite.server.tdb.db;
    const org = await seedOrg({ db });
    await publish(db, org.id, { tags: ["attention", "transformer"], difficulty: "medium" });
    await publish(db, org.id, { tags: ["attention"], difficulty: "hard" });
    await publish(db, org.id, { tags: ["rag"], difficulty: "easy" });
    await publish(db, org.id, { lang: "zh", tags: ["rag", "retrieval"], difficulty: "medium" });
    await publish(db, org.id, { lang: "zh", tags: ["rope"], difficulty: "hard" });
    return org;
  }

  beforeAll(() => {
    const f = suite.server.realtime.features.find(isPairingFeature);
    if (!f) throw new Error("the pairing feature is not registered");
    pairing = f;
  });
  afterEach(() => {
    pairing.configure({ schedule: DEFAULT_RELAXATION, tickMs: 1000 });
  });

  it("[INTERVIEWER+CANDIDATE] an exact fit is matched at once into one session with fitting questions", async () => {
    const db = suite.server.tdb.db;
    const org = await orgWithBank();
    const iv = await person(db, org.id, ["INTERVIEWER"]);
    const cand = await person(db, org.id, ["CANDIDATE"]);

    const first = await emit<QueueJoined>(cand.sock, "queue:join", join({ tags: ["attention"] }));
    expect(first).toMatchObject({ ok: true, data: { orgId: org.id, status: { position: 1, waiting: 1, criteria: { tags: ["attention"], level: "medium", lang: "en", relaxed: [] } } } });
    const second = await emit<QueueJoined>(iv.sock, "queue:join", join({ role: "INTERVIEWER", tags: ["attention", "transformer"] }));
    expect(second.ok).toBe(true);

    const [mc, mi] = await Promise.all([cand.rec.next("queue:matched"), iv.rec.next("queue:matched")]);
    expect(mc.sessionId).toBe(mi.sessionId);
    expect(mc).toMatchObject({ role: "CANDIDATE", peer: false });
    expect(mi).toMatchObject({ role: "INTERVIEWER", peer: false });

    const session = await db.prisma.interviewSession.findUniqueOrThrow({ where: { id: mc.sessionId }, include: { participants: true } });
    expect(session).toMatchObject({ orgId: org.id, kind: "LIVE", status: "LOBBY", lang: "en", createdById: iv.user.id });
    expect(session.participants.map((p) => [p.userId, p.role]).sort()).toEqual(
      [
        [iv.user.id, "INTERVIEWER"],
        [cand.user.id, "CANDIDATE"],
      ].sort(),
    );
    const plan = parsePlan(session.plan);
    expect(plan).toHaveLength(2);
    const versions = await db.prisma.questionVersion.findMany({ where: { id: { in: plan.map((p) => p.questionVersionId) } }, include: { question: true } });
    // Both questions are in English and about attention, the medium one first.
    expect(versions.every((v) => v.question.lang === "en" && v.tags.includes("attention"))).toBe(true);
    expect(plan.every((p) => p.half === undefined)).toBe(true);
    const entries = await db.prisma.queueEntry.findMany({ where: { orgId: org.id } });
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.sessionId === mc.sessionId && e.matchedAt)).toBe(true);
  });

  it("[CANDIDATE] different levels and languages wait until the criteria relax, and everyone sees the criteria", async () => {
    pairing.configure({ schedule: { level: 500, tags: 1000, lang: 1500 }, tickMs: 100 });
    const db = suite.server.tdb.db;
    const org = await orgWithBank();
    const iv = await person(db, org.id, ["INTERVIEWER"]);
    const cand = await person(db, org.id, ["CANDIDATE"]);

    const joinedAt = Date.now();
    const a = await emit<QueueJoined>(cand.sock, "queue:join", join({ tags: ["rag"], level: "easy", lang: "zh" }));
    const b = await emit<QueueJoined>(iv.sock, "queue:join", join({ role: "INTERVIEWER", tags: ["attention"], level: "hard", lang: "en" }));
    expect(a.ok && b.ok).toBe(true);
    expect(b.ok && b.data.status).toMatchObject({ position: 1, waiting: 2, criteria: { relaxed: [] }, relaxesInSeconds: 1 });

    // The candidate is told as each criterion relaxes, before the match.
    const relaxedTags = await cand.rec.next("queue:status", (st) => st.criteria.relaxed.includes("tags"));
    expect(relaxedTags.criteria).toMatchObject({ tags: ["rag"], level: "easy", lang: "zh", relaxed: ["level", "tags"] });
    expect(cand.rec.of("queue:matched")).toEqual([]);

    const matched = await cand.rec.next("queue:matched");
    expect(Date.now() - joinedAt).toBeGreaterThanOrEqual(1400);
    const session = await db.prisma.interviewSession.findUniqueOrThrow({ where: { id: matched.sessionId } });
    // The session is in the candidate's language, with the question closest to their wishes first.
    expect(session.lang).toBe("zh");
    const first = parsePlan(session.plan)[0];
    const v = await db.prisma.questionVersion.findUniqueOrThrow({ where: { id: first?.questionVersionId ?? "" }, include: { question: true } });
    expect(v.question.lang).toBe("zh");
    expect(v.tags).toContain("rag");
    expect((await iv.rec.next("queue:matched")).sessionId).toBe(matched.sessionId);
  });

  it("[PEER] two peers are paired into a peer session with one question per half", async () => {
    const db = suite.server.tdb.db;
    const org = await orgWithBank();
    const p1 = await person(db, org.id, ["CANDIDATE"]);
    const p2 = await person(db, org.id, ["CANDIDATE"]);
    const cand = await person(db, org.id, ["CANDIDATE"]);
    expect((await emit(cand.sock, "queue:join", join({ tags: ["rag"], lang: "zh" }))).ok).toBe(true);
    expect((await emit(p1.sock, "queue:join", join({ role: "PEER", tags: ["attention"] }))).ok).toBe(true);
    expect((await emit(p2.sock, "queue:join", join({ role: "PEER", tags: ["attention", "rag"] }))).ok).toBe(true);

    const [m1, m2] = await Promise.all([p1.rec.next("queue:matched"), p2.rec.next("queue:matched")]);
    expect(m1).toMatchObject({ sessionId: m2.sessionId, role: "INTERVIEWER", peer: true });
    expect(m2).toMatchObject({ role: "CANDIDATE", peer: true });
    const session = await db.prisma.interviewSession.findUniqueOrThrow({ where: { id: m1.sessionId }, include: { participants: true } });
    expect(session.participants.find((p) => p.userId === p1.user.id)?.role).toBe("INTERVIEWER");
    expect(session.participants.find((p) => p.userId === p2.user.id)?.role).toBe("CANDIDATE");
    const plan = parsePlan(session.plan);
    expect(plan.map((p) => p.half)).toEqual([0, 1]);
    expect(plan[0]?.questionId).not.toBe(plan[1]?.questionId);
    // The lone candidate is not paired with a peer and keeps waiting.
    expect(cand.rec.of("queue:matched")).toEqual([]);
    expect(await db.prisma.queueEntry.count({ where: { userId: cand.user.id, matchedAt: null } })).toBe(1);
  });

  it("[CANDIDATE] leaving, closing the tab and joining again elsewhere remove the entry, and the others see the queue shrink", async () => {
    const db = suite.server.tdb.db;
    const org = await orgWithBank();
    const watcher = await person(db, org.id, ["CANDIDATE"]);
    const leaver = await person(db, org.id, ["CANDIDATE"]);
    const open = (userId: string) => db.prisma.queueEntry.count({ where: { userId, matchedAt: null } });

    expect((await emit(watcher.sock, "queue:join", join())).ok).toBe(true);
    expect((await emit(leaver.sock, "queue:join", join())).ok).toBe(true);
    await watcher.rec.next("queue:status", (st) => st.waiting === 2);
    const beforeLeave = watcher.rec.seen.length;
    expect(await emit(leaver.sock, "queue:leave", {})).toEqual({ ok: true, data: { left: true } });
    expect(await open(leaver.user.id)).toBe(0);
    await watcher.rec.next("queue:status", (st) => st.waiting === 1, { after: beforeLeave });
    expect(await emit(leaver.sock, "queue:leave", {})).toEqual({ ok: true, data: { left: false } });

    // Closing the tab (the socket goes away) removes the entry too.
    const beforeRejoin = watcher.rec.seen.length;
    expect((await emit(leaver.sock, "queue:join", join())).ok).toBe(true);
    await watcher.rec.next("queue:status", (st) => st.waiting === 2, { after: beforeRejoin });
    const mark = watcher.rec.seen.length;
    leaver.sock.disconnect();
    await until(() => open(leaver.user.id), (c) => c === 0);
    await watcher.rec.next("queue:status", (st) => st.waiting === 1, { after: mark });

    // One open entry per user: a second tab replaces the first, which is told.
    const tab2 = suite.socket({ token: watcher.token });
    await connected(tab2);
    const before = await db.prisma.queueEntry.findFirstOrThrow({ where: { userId: watcher.user.id, matchedAt: null } });
    const again = await emit<QueueJoined>(tab2, "queue:join", join({ level: "hard" }));
    expect(again.ok).toBe(true);
    expect(await watcher.rec.next("queue:removed")).toEqual({ entryId: before.id, reason: "replaced" });
    const rows = await db.prisma.queueEntry.findMany({ where: { userId: watcher.user.id, matchedAt: null } });
    expect(rows.map((r) => [r.id, r.level])).toEqual([[again.ok ? again.data.entryId : "", "hard"]]);
    // The first tab closing now does not remove the second tab's entry.
    watcher.sock.disconnect();
    await new Promise((r) => setTimeout(r, 300));
    expect(await open(watcher.user.id)).toBe(1);
  });

  it("[ANYONE] invalid payloads get VALIDATION_FAILED and store nothing", async () => {
    const db = suite.server.tdb.db;
    const org = await orgWithBank();
    const u = await person(db, org.id, ["CANDIDATE"]);
    const bad: unknown[] = [
      "not an object",
      {},
      join({ role: "OBSERVER" }),
      join({ level: "expert" }),
      join({ lang: "fr" }),
      join({ tags: ["Not A Tag"] }),
      join({ tags: Array.from({ length: 9 }, (_, i) => `tag-${i}`) }),
      join({ orgId: "bad id!" }),
      join({ extra: true }),
    ];
    for (const payload of bad) expect(await emit(u.sock, "queue:join", payload), JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });
    expect(await emit(u.sock, "queue:leave", { everything: true })).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });
    expect(await emit(u.sock, "queue:join", join({ tags: ["x".repeat(40_000)] }))).toMatchObject({ ok: false, error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(await db.prisma.queueEntry.count({ where: { orgId: org.id } })).toBe(0);
    expect(u.sock.connected).toBe(true);
  });

  it("[ANYONE] unauthenticated sockets, users without an organisation or role, and empty banks are refused", async () => {
    const db = suite.server.tdb.db;
    const anon = suite.socket({});
    const refused = await connected(anon).then(
      () => undefined,
      (e: Error & { data?: { code: string } }) => e.data?.code,
    );
    expect(refused).toBe("UNAUTHENTICATED");

    const loner = await db.prisma.user.create({ data: { email: `loner-${randomBytes(4).toString("hex")}@test.mockroom.dev`, name: "Loner", passwordHash: await hashPassword(PASSWORD) } });
    const cookie = await signInCookie(suite.server, loner.email, PASSWORD);
    expect(cookie).not.toBe("");
    const ls = suite.socket({ cookie });
    await connected(ls);
    expect(await emit(ls, "queue:join", join())).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });

    const org = await orgWithBank();
    const cand = await person(db, org.id, ["CANDIDATE"]);
    expect(await emit(cand.sock, "queue:join", join({ role: "INTERVIEWER" }))).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const other = await seedOrg({ db });
    expect(await emit(cand.sock, "queue:join", join({ orgId: other.id }))).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const empty = await seedOrg({ db });
    const inEmpty = await person(db, empty.id, ["CANDIDATE"]);
    expect(await emit(inEmpty.sock, "queue:join", join())).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await db.prisma.queueEntry.count({ where: { userId: { in: [loner.id, cand.user.id, inEmpty.user.id] } } })).toBe(0);
  });

  it("[CANDIDATE] concurrent joins never match anyone twice", async () => {
    const db = suite.server.tdb.db;
    const org = await orgWithBank();
    const iv = await person(db, org.id, ["INTERVIEWER"]);
    const cands = await Promise.all([0, 1, 2, 3].map(() => person(db, org.id, ["CANDIDATE"])));
    const acks = await Promise.all([emit(iv.sock, "queue:join", join({ role: "INTERVIEWER" })), ...cands.map((c) => emit(c.sock, "queue:join", join()))]);
    expect(acks.every((a) => a.ok)).toBe(true);
    // Extra rounds racing the joins and the timer.
    await Promise.all([pairing.matchNow(org.id), pairing.matchNow(org.id), pairing.matchNow(org.id)]);

    const mi = await iv.rec.next("queue:matched");
    await until(() => db.prisma.queueEntry.count({ where: { orgId: org.id, matchedAt: null } }), (n) => n === 3);
    await new Promise((r) => setTimeout(r, 1200));
    expect(await db.prisma.interviewSession.count({ where: { orgId: org.id } })).toBe(1);
    const winners = cands.filter((c) => c.rec.of("queue:matched").length > 0);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.rec.of("queue:matched")[0]?.sessionId).toBe(mi.sessionId);
    expect(iv.rec.of("queue:matched")).toHaveLength(1);
    // The three left over are told their place: 1, 2 and 3. Their latest status, not their first with three
    // waiting: while the joins raced, one of them may have been second behind the winner among three waiting.
    const losers = cands.filter((c) => c !== winners[0]);
    const latest = () => Promise.resolve(losers.map((c) => c.rec.of("queue:status").at(-1)));
    const places = await until(latest, (sts) => sts.every((st) => st?.waiting === 3) && sts.map((st) => st!.position).sort().join() === "1,2,3");
    expect(places.map((p) => p!.position).sort()).toEqual([1, 2, 3]);
  });
});

describe(`[${testDbKind()}] pairing queue on two servers sharing one database and Redis`, () => {
  const PREFIX = `mockroom-test-pair-${randomBytes(5).toString("hex")}`;
  const SECRET = randomBytes(32).toString("hex");
  let tdb: TestDatabase;
  const servers: { http: HttpServer; rt: RealtimeServer; url: string }[] = [];
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    for (let i = 0; i < 2; i++) {
      const http = createServer((_req, res) => res.writeHead(404).end());
      const rt = createRealtimeServer(http, { db: tdb.db, logger: createLogger({ level: "silent" }), secret: SECRET, redis: { url: REDIS_URL, prefix: PREFIX } });
      await new Promise<void>((r) => http.listen(0, "127.0.0.1", () => r()));
      servers.push({ http, rt, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
    }
  });
  afterAll(async () => {
    for (const sock of sockets.splice(0)) sock.disconnect();
    for (const sv of servers) await sv.rt.close();
    await tdb?.drop();
    await deleteRedisKeys({ url: REDIS_URL, prefix: PREFIX });
  });

  it("[INTERVIEWER+CANDIDATE] people on either server are matched exactly once while both servers run rounds", async () => {
    const db = tdb.db;
    const org = await seedOrg({ db });
    await publish(db, org.id, { tags: ["attention"] });
    await publish(db, org.id, { tags: ["attention"], difficulty: "hard" });
    const people = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const u = await seedUser({ db, orgId: org.id, roles: [i % 2 ? "INTERVIEWER" : "CANDIDATE"], withToken: true });
        const server = servers[i % 3 === 0 ? 0 : 1];
        if (!server) throw new Error("no server");
        const sock = connectSocket(server, { token: u.token });
        sockets.push(sock);
        const rec = recorder(sock);
        await connected(sock);
        return { ...u, sock, rec, role: i % 2 ? "INTERVIEWER" : "CANDIDATE" };
      }),
    );
    const features = servers.map((sv) => sv.rt.features.find(isPairingFeature)).filter((f): f is PairingFeature => f !== undefined);
    expect(features).toHaveLength(2);
    const acks = await Promise.all(
      people.map(async (p, i) => {
        const ack = await emit(p.sock, "queue:join", join({ role: p.role }));
        // Both servers race a round for the org after every join.
        await Promise.all(features.map((f) => f.matchNow(org.id)));
        return [ack, i] as const;
      }),
    );
    expect(acks.every(([a]) => a.ok)).toBe(true);
    const matched = await Promise.all(people.map((p) => p.rec.next("queue:matched")));
    await new Promise((r) => setTimeout(r, 1500));
    // Five sessions, each with exactly one interviewer and one candidate, nobody in two.
    expect(await db.prisma.interviewSession.count({ where: { orgId: org.id } })).toBe(5);
    expect(people.every((p) => p.rec.of("queue:matched").length === 1)).toBe(true);
    const bySession = new Map<string, string[]>();
    matched.forEach((m, i) => bySession.set(m.sessionId, [...(bySession.get(m.sessionId) ?? []), people[i]?.role ?? ""]));
    expect([...bySession.values()].map((roles) => roles.sort().join("+"))).toEqual(Array(5).fill("CANDIDATE+INTERVIEWER"));
    expect(await db.prisma.sessionParticipant.count({ where: { session: { orgId: org.id } } })).toBe(10);
  });
});
