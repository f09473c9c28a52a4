import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { MAX_TEXT_EVENT_BYTES, type RoomState, type TurnView } from "@/lib/realtime/contract";
import { LANE_CLOSE } from "@/lib/realtime/lane";
import { createLiveSession } from "@/server/sessions/create-session";
import { seedOrg, seedPublishedQuestion, seedUser } from "../helpers/factories";
import { testDbKind } from "../helpers/test-db";
import { ackData as ok, connected, emitAck as emit, nextEvent, openLane, useTestServer } from "../helpers/test-server";

type StaffDraft = { sessionId: string; draft: { turnId: string; authorId: string; text: string; rev: number } };
type SystemError = { event: string; code: string; message: string };

describe(`[${testDbKind()}] the draft lane: the typing stream on a plain WebSocket beside Socket.IO`, () => {
  const suite = useTestServer();
  const open = (token: string | undefined) => suite.socket({ token });
  const lane = suite.lane;

  /** A started session with its first question pushed; interviewer, observer and candidate joined on Socket.IO. */
  async function liveRoom() {
    const db = suite.server.tdb.db;
    const org = await seedOrg({ db });
    const interviewer = await seedUser({ db, roles: ["INTERVIEWER"], orgId: org.id, withToken: true });
    const observer = await seedUser({ db, roles: ["REVIEWER"], orgId: org.id, withToken: true });
    const candidate = await seedUser({ db, roles: ["CANDIDATE"], withToken: true });
    const q = await seedPublishedQuestion({ db, orgId: org.id });
    const { id: sessionId } = await createLiveSession({
      db,
      creatorId: interviewer.user.id,
      input: { orgId: org.id, title: "Lane", lang: "en", questions: [{ questionId: q.question.id }] },
      participants: [
        { userId: candidate.user.id, role: "CANDIDATE" },
        { userId: observer.user.id, role: "OBSERVER" },
      ],
    });
    const iv = open(interviewer.token);
    const ob = open(observer.token);
    const ca = open(candidate.token);
    await Promise.all([connected(iv), connected(ob), connected(ca)]);
    for (const sock of [iv, ob, ca]) await ok(emit<RoomState>(sock, "room:join", { sessionId }));
    await ok(emit(iv, "session:start", { sessionId }));
    const turn = await ok(emit<TurnView>(iv, "question:push", { sessionId, planIndex: 0 }));
    return { db, sessionId, turnId: turn.id, iv, ob, ca, candidate };
  }

  it("[ALL] typing on the candidate's lane reaches the staff's lanes in order, is stored, and the candidate receives nothing back", async () => {
    const { db, sessionId, turnId, iv, ob, ca, candidate } = await liveRoom();
    const [ivLane, obLane, caLane] = [await lane(iv), await lane(ob), await lane(ca)];
    // Staff with a lane get the stream there only: nothing on their Socket.IO connection.
    const ivSocketDrafts: unknown[] = [];
    iv.on("staff:draft", (p) => ivSocketDrafts.push(p));

    const last = obLane.next<StaffDraft>("staff:draft", (p) => p.draft.rev === 3);
    const ivLast = ivLane.next<StaffDraft>("staff:draft", (p) => p.draft.rev === 3);
    const words = ["Scaling", "Scaling keeps", "Scaling keeps the softmax out of saturation"];
    for (const [i, text] of words.entries()) caLane.send("draft:update", { sessionId, turnId, text, rev: i + 1 });
    expect((await last).draft).toEqual({ turnId, authorId: candidate.user.id, text: words[2], rev: 3 });
    await ivLast;
    expect(ivLane.frames.filter((f) => f.event === "staff:draft").map((f) => (f.payload as StaffDraft).draft.text)).toEqual(words);
    expect(ivSocketDrafts).toEqual([]);

    // A replayed revision is not relayed; the candidate's lane is told which revision the server holds.
    const stale = caLane.next<{ turnId: string; rev: number }>("draft:stale");
    caLane.send("draft:update", { sessionId, turnId, text: "older copy", rev: 2 });
    expect(await stale).toEqual({ sessionId, turnId, rev: 3 });
    // Everything the candidate's lane ever received: only that answer to its own typing.
    expect(caLane.frames.map((f) => f.event)).toEqual(["draft:stale"]);

    await suite.server.realtime.live.drafts.flush();
    expect(await db.prisma.answerDraft.findFirst({ where: { turnId }, select: { text: true, revision: true } })).toEqual({ text: words[2], revision: 3 });
    // A rejoin (a reload, say) finds the draft typed on the lane.
    const rejoined = await ok(emit<RoomState>(ca, "room:join", { sessionId, reconnect: true }));
    expect(rejoined.drafts.find((d) => d.turnId === turnId)).toMatchObject({ text: words[2], rev: 3 });
  });

  it("[ALL] either side may be without a lane: the stream crosses between Socket.IO and lanes", async () => {
    const { sessionId, turnId, iv, ob, ca } = await liveRoom();
    const ivLane = await lane(iv); // the observer has no lane

    // Candidate on Socket.IO: the interviewer's lane and the observer's socket both get it.
    const onIvLane = ivLane.next<StaffDraft>("staff:draft", (p) => p.draft.rev === 1);
    const onObSocket = nextEvent<StaffDraft>(ob, "staff:draft", (p) => p.draft.rev === 1);
    ca.emit("draft:update", { sessionId, turnId, text: "typed on socket.io", rev: 1 });
    expect((await onIvLane).draft.text).toBe("typed on socket.io");
    expect((await onObSocket).draft.text).toBe("typed on socket.io");

    // Candidate on its lane: the same two deliveries.
    const caLane = await lane(ca);
    const onIvLane2 = ivLane.next<StaffDraft>("staff:draft", (p) => p.draft.rev === 2);
    const onObSocket2 = nextEvent<StaffDraft>(ob, "staff:draft", (p) => p.draft.rev === 2);
    caLane.send("draft:update", { sessionId, turnId, text: "typed on the lane", rev: 2 });
    expect((await onIvLane2).draft.text).toBe("typed on the lane");
    expect((await onObSocket2).draft.text).toBe("typed on the lane");
  });

  it("[ALL] bad frames get a clear system:error on the lane, which keeps working; nothing is relayed or stored", async () => {
    const { db, sessionId, turnId, iv, ca } = await liveRoom();
    const [ivLane, caLane] = [await lane(iv), await lane(ca)];
    const expectError = async (send: () => void, code: string, event: string, message?: RegExp) => {
      const err = caLane.next<SystemError>("system:error");
      send();
      const e = await err;
      expect(e).toMatchObject({ code, event });
      if (message) expect(e.message).toMatch(message);
    };
    await expectError(() => caLane.ws.send("{not json"), "VALIDATION_FAILED", "lane", /JSON/);
    await expectError(() => caLane.ws.send(JSON.stringify({ event: "draft:update" })), "VALIDATION_FAILED", "lane", /\[event, payload\]/);
    await expectError(() => caLane.ws.send(Buffer.from([1, 2, 3]), { binary: true }), "VALIDATION_FAILED", "lane", /binary/);
    await expectError(() => caLane.send("chat:send", { sessionId, clientId: "chat-0001-abcd", body: "hi" }), "VALIDATION_FAILED", "chat:send", /draft:update only/);
    await expectError(() => caLane.send("draft:update", { sessionId, turnId, text: "x", rev: -1 }), "VALIDATION_FAILED", "draft:update", /rev/);
    await expectError(() => caLane.send("draft:update", { sessionId, turnId, text: "x", rev: 1, extra: true }), "VALIDATION_FAILED", "draft:update");
    await expectError(() => caLane.send("draft:update", { sessionId, turnId, text: "长".repeat(20_000), rev: 1 }), "PAYLOAD_TOO_LARGE", "draft:update", new RegExp(String(MAX_TEXT_EVENT_BYTES)));
    await expectError(() => caLane.send("draft:update", { sessionId, turnId: "no-such-turn", text: "x", rev: 1 }), "NOT_FOUND", "draft:update");
    await expectError(() => caLane.send("draft:update", { sessionId: "not-my-session", turnId, text: "x", rev: 1 }), "FORBIDDEN", "draft:update", /Join/);
    // Unauthorised: staff do not write answers, on either transport.
    const ivErr = ivLane.next<SystemError>("system:error");
    ivLane.send("draft:update", { sessionId, turnId, text: "interviewer typing", rev: 1 });
    expect(await ivErr).toMatchObject({ code: "FORBIDDEN", event: "draft:update" });

    expect(ivLane.frames.filter((f) => f.event === "staff:draft")).toEqual([]);
    await suite.server.realtime.live.drafts.flush();
    expect(await db.prisma.answerDraft.count({ where: { turnId } })).toBe(0);

    // After all that the lane still carries good typing.
    const good = ivLane.next<StaffDraft>("staff:draft");
    caLane.send("draft:update", { sessionId, turnId, text: "still here", rev: 1 });
    expect((await good).draft.text).toBe("still here");

    // A frame past the transport's own limit closes the lane (1009); the socket, and the stream over it, carry on.
    caLane.ws.send("x".repeat(300 * 1024));
    expect(await caLane.closed).toBe(1009);
    const onSocket = ivLane.next<StaffDraft>("staff:draft", (p) => p.draft.rev === 2);
    ca.emit("draft:update", { sessionId, turnId, text: "still here, on socket.io", rev: 2 });
    expect((await onSocket).draft.text).toBe("still here, on socket.io");
  });

  it("[ALL] a lane needs its socket's ticket, is replaced by a newer one, and closes with its socket", async () => {
    const { iv, ca } = await liveRoom();
    const refused = (ticket: { sid?: string; ticket?: string }) => openLane(suite.server, ca, ticket).then(() => 0, (err: { status?: number }) => err.status);
    expect(await refused({ ticket: "AAAAAAAAAAAAAAAAAAAAAAAA" })).toBe(401);
    expect(await refused({ ticket: "" })).toBe(401);
    expect(await refused({ sid: "no-such-socket" })).toBe(401);
    // Another socket's id with this socket's ticket: refused.
    expect(await refused({ sid: iv.id })).toBe(401);
    // No ticket at all, by hand.
    const bare = new WebSocket(`${suite.server.url.replace(/^http/, "ws")}/realtime/lane`);
    expect(await new Promise((resolve) => bare.once("unexpected-response", (_req, res) => resolve(res.statusCode)))).toBe(401);

    const first = await lane(ca);
    const second = await lane(ca);
    expect(await first.closed).toBe(LANE_CLOSE.replaced);
    ca.disconnect();
    expect(await second.closed).toBe(LANE_CLOSE.socketGone);
  });
});
