import { createServer, type Server as HttpServer } from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage, Participant, RoomState, TurnView } from "@/lib/realtime/contract";
import { createRealtimeServer, type RealtimeServer } from "@/server/realtime/create-realtime-server";
import { createLogger } from "@/server/logger";
import { createLiveSession } from "@/server/sessions/create-session";
import type { LaneTicket } from "@/lib/realtime/lane";
import { ackData as ok, connectSocket, connected, emitAck as emit, nextEvent, openLane, type TestSocket } from "../helpers/test-server";
import { createTestDatabase, testDbKind, type TestDatabase } from "../helpers/test-db";
import { seedOrg, seedPublishedQuestion, seedUser } from "../helpers/factories";
import { deleteRedisKeys } from "../helpers/redis";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `mockroom-test-${randomBytes(5).toString("hex")}`;
const SECRET = randomBytes(32).toString("hex");


const once = <T,>(sock: TestSocket, event: string, match?: (p: T) => boolean): Promise<T> => nextEvent<T>(sock, event, match, 10_000);

type Node = { http: HttpServer; rt: RealtimeServer; url: string };

/** One of two servers behind "one address": the same database and Redis, its own port. */
async function startNode(tdb: TestDatabase): Promise<Node> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const rt = createRealtimeServer(http, { db: tdb.db, logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" }), secret: SECRET, redis: { url: REDIS_URL, prefix: PREFIX } });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  return { http, rt, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

describe(`[${testDbKind()}] two servers share live rooms through the Socket.IO Redis adapter`, () => {
  let tdb: TestDatabase;
  let a: Node;
  let b: Node;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    a = await startNode(tdb);
    b = await startNode(tdb);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await a?.rt.close();
    await b?.rt.close();
    await tdb?.drop();
    await deleteRedisKeys({ url: REDIS_URL, prefix: PREFIX });
  });

  /** A one-question session; the interviewer connected to server A, the candidate to server B, neither joined yet. */
  async function splitSession(title: string) {
    const db = tdb.db;
    const org = await seedOrg({ db });
    const interviewer = await seedUser({ db, roles: ["INTERVIEWER"], orgId: org.id, withToken: true });
    const candidate = await seedUser({ db, roles: ["CANDIDATE"], orgId: org.id, withToken: true });
    const q = await seedPublishedQuestion({ db, orgId: org.id });
    const { id: sessionId } = await createLiveSession({
      db,
      creatorId: interviewer.user.id,
      input: { orgId: org.id, title, lang: "en", questions: [{ questionId: q.question.id }] },
      participants: [{ userId: candidate.user.id, role: "CANDIDATE" }],
    });
    const iv = connectSocket(a, { token: interviewer.token });
    const ca = connectSocket(b, { token: candidate.token });
    sockets.push(iv, ca);
    await Promise.all([connected(iv), connected(ca)]);
    return { sessionId, interviewer, candidate, iv, ca };
  }

  it("[ALL] interviewer on server A and candidate on server B see each other's events exactly once", async () => {
    const { sessionId, interviewer, candidate, iv, ca } = await splitSession("Two servers");
    await ok(emit<RoomState>(iv, "room:join", { sessionId }));

    // Presence on A counts the candidate's socket on B (the interviewer's own join may announce itself first).
    const presence = once<{ participants: Participant[] }>(iv, "room:presence", (p) => p.participants.some((x) => x.userId === candidate.user.id && x.status === "online"));
    await ok(emit<RoomState>(ca, "room:join", { sessionId }));
    expect((await presence).participants.find((p) => p.userId === interviewer.user.id)?.status).toBe("online");

    const status = once(ca, "session:status");
    await ok(emit(iv, "session:start", { sessionId }));
    await status;
    const asked = once<{ turn: TurnView }>(ca, "turn:asked");
    const turn = await ok(emit<TurnView>(iv, "question:push", { sessionId, planIndex: 0 }));
    expect((await asked).turn.id).toBe(turn.id);

    // The typing stream crosses servers to the staff room, and only there.
    const drafts: string[] = [];
    iv.on("staff:draft", (p: { draft: { text: string } }) => drafts.push(p.draft.text));
    let candidateGotStaff = 0;
    ca.onAny((e: string) => e.startsWith("staff:") && candidateGotStaff++);
    for (let rev = 1; rev <= 5; rev++) ca.emit("draft:update", { sessionId, turnId: turn.id, text: `draft ${rev}`, rev });
    const chat = once<ChatMessage>(iv, "chat:message");
    await ok(emit(ca, "chat:send", { sessionId, clientId: "chat-redis-0001", body: "hello from server B" }));
    expect((await chat).body).toBe("hello from server B");
    await new Promise((r) => setTimeout(r, 300));
    expect(drafts).toEqual(["draft 1", "draft 2", "draft 3", "draft 4", "draft 5"]);
    expect(candidateGotStaff).toBe(0);

    // Drafts written by server B's store are what server A rebuilds the room from.
    await b.rt.live.drafts.flush();
    const rebuilt = await ok(emit<RoomState>(iv, "room:join", { sessionId }));
    expect(rebuilt.drafts.find((d) => d.turnId === turn.id)?.text).toBe("draft 5");

    // The candidate opens the room on a device that reaches server A: the tab on server B hears it was taken over.
    const elsewhere = connectSocket(a, { token: candidate.token });
    sockets.push(elsewhere);
    await connected(elsewhere);
    const superseded = once<{ sessionId: string }>(ca, "session:superseded");
    const taken = await ok(emit<RoomState>(elsewhere, "room:join", { sessionId }));
    expect(await superseded).toEqual({ sessionId });
    expect(taken.drafts.find((d) => d.turnId === turn.id)).toMatchObject({ text: "draft 5", rev: 5 });
  });

  it("[ALL] the draft lane crosses servers too: candidate's lane on server B, interviewer's lane on server A, exactly once", async () => {
    const { sessionId, iv, ca } = await splitSession("Two servers, lanes");
    for (const sock of [iv, ca]) await ok(emit<RoomState>(sock, "room:join", { sessionId }));
    await ok(emit(iv, "session:start", { sessionId }));
    const turn = await ok(emit<TurnView>(iv, "question:push", { sessionId, planIndex: 0 }));
    const ivLane = await openLane(a, iv);
    const caLane = await openLane(b, ca);
    // A lane is bound to a socket of its own server: server B has no socket with the interviewer's id.
    const t = await ok(emit<LaneTicket>(iv, "lane:open", {}));
    expect(await openLane(b, ca, t).then(() => 0, (err: { status?: number }) => err.status)).toBe(401);

    const socketDrafts: unknown[] = [];
    iv.on("staff:draft", (p) => socketDrafts.push(p));
    const last = ivLane.next<{ draft: { rev: number } }>("staff:draft", (p) => p.draft.rev === 5);
    for (let rev = 1; rev <= 5; rev++) caLane.send("draft:update", { sessionId, turnId: turn.id, text: `lane draft ${rev}`, rev });
    await last;
    await new Promise((r) => setTimeout(r, 300));
    const got = ivLane.frames.filter((f) => f.event === "staff:draft").map((f) => (f.payload as { draft: { text: string } }).draft.text);
    expect(got).toEqual([1, 2, 3, 4, 5].map((r) => `lane draft ${r}`));
    expect(socketDrafts).toEqual([]);
    expect(caLane.frames).toEqual([]);
    for (const l of [ivLane, caLane]) l.ws.terminate();
  });
});
