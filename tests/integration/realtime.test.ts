import { describe, expect, it } from "vitest";
import { MAX_EVENT_BYTES, type ChatMessage, type RoomState, type Whoami } from "@/lib/realtime/contract";
import { emitAck as emit, connected, signInCookie, useTestServer } from "../helpers/test-server";
import { testDbKind } from "../helpers/test-db";
import { PASSWORD, seedOrg, seedSession, seedUser } from "../helpers/factories";

type ConnectError = Error & { data?: { code: string; message: string } };

describe(`[${testDbKind()}] realtime: authenticated Socket.IO on the app's port`, () => {
  const suite = useTestServer();
  const open = suite.socket;

  async function refusal(opts: Parameters<typeof suite.socket>[0]): Promise<ConnectError["data"]> {
    const err = (await connected(open(opts)).then(
      () => {
        throw new Error("expected the connection to be refused");
      },
      (e: ConnectError) => e,
    )) as ConnectError;
    return err.data;
  }

  it("[ANYONE] is refused without credentials, with a garbage token, a malformed handshake or a too-old protocol", async () => {
    expect((await refusal({}))?.code).toBe("UNAUTHENTICATED");
    expect((await refusal({ token: "mr_garbage" }))?.code).toBe("UNAUTHENTICATED");
    expect((await refusal({ auth: { protocol: "one" } }))?.code).toBe("VALIDATION_FAILED");
    expect((await refusal({ auth: { protocol: 1, token: "x".repeat(500) } }))?.code).toBe("VALIDATION_FAILED");
    const old = await refusal({ protocol: 0 });
    expect(old?.code).toBe("INCOMPATIBLE_CLIENT");
    expect(old?.message).toMatch(/protocol 0/);
  });

  it("[SCRIPT] connects with an API token and is refused once the token is revoked", async () => {
    const { token, user } = await seedUser({ db: suite.server.tdb.db, roles: ["INTERVIEWER"], withToken: true });
    const sock = open({ token });
    await connected(sock);
    const who = await emit<Whoami>(sock, "system:whoami", {});
    expect(who).toMatchObject({ ok: true, data: { userId: user.id, via: "token", protocol: 1 } });
    await suite.server.tdb.db.prisma.apiToken.updateMany({ where: { userId: user.id }, data: { revokedAt: new Date() } });
    expect((await refusal({ token }))?.code).toBe("TOKEN_REVOKED");
  });

  it("[USER] connects with the browser's Auth.js session cookie", async () => {
    const { user } = await seedUser({ db: suite.server.tdb.db });
    const cookie = await signInCookie(suite.server, user.email, PASSWORD);
    const sock = open({ cookie });
    await connected(sock);
    expect(await emit<Whoami>(sock, "system:whoami", {})).toMatchObject({ ok: true, data: { userId: user.id, via: "session" } });
    expect((await refusal({ cookie: "authjs.session-token=forged" }))?.code).toBe("UNAUTHENTICATED");
  });

  it("[CANDIDATE] chats in a session room; the interviewer receives it; a resend is stored once", async () => {
    const db = suite.server.tdb.db;
    const org = await seedOrg({ db });
    const interviewer = await seedUser({ db, roles: ["INTERVIEWER"], orgId: org.id, withToken: true });
    const candidate = await seedUser({ db, roles: ["CANDIDATE"], orgId: org.id, withToken: true });
    const session = await seedSession({ db, orgId: org.id, participants: [{ userId: interviewer.user.id, role: "INTERVIEWER" }, { userId: candidate.user.id, role: "CANDIDATE" }] });
    const iv = open({ token: interviewer.token });
    const cand = open({ token: candidate.token });
    await Promise.all([connected(iv), connected(cand)]);

    const joined = await emit<RoomState>(iv, "room:join", { sessionId: session.id });
    expect(joined.ok && joined.data.you.role).toBe("INTERVIEWER");
    const presence = new Promise<{ participants: { userId: string; online: boolean }[] }>((resolve) => iv.once("room:presence", resolve));
    expect((await emit<RoomState>(cand, "room:join", { sessionId: session.id })).ok).toBe(true);
    expect((await presence).participants.find((p) => p.userId === candidate.user.id)?.online).toBe(true);

    const received = new Promise<ChatMessage>((resolve) => iv.once("chat:message", resolve));
    const payload = { sessionId: session.id, clientId: "cli-0001-abcd", body: "你好, ready for the softmax question" };
    const ack = await emit<ChatMessage>(cand, "chat:send", payload);
    expect(ack).toMatchObject({ ok: true, data: { body: payload.body, authorId: candidate.user.id } });
    expect(await received).toMatchObject({ body: payload.body, clientId: payload.clientId });

    const again = await emit<ChatMessage>(cand, "chat:send", payload);
    expect(again.ok && ack.ok && again.data.id === ack.data.id).toBe(true);
    expect(await db.prisma.chatMessage.count({ where: { sessionId: session.id } })).toBe(1);
    expect(await db.prisma.sessionEvent.count({ where: { sessionId: session.id, type: "chat.sent" } })).toBe(1);

    // A rejoining participant gets the chat history back.
    const rejoin = await emit<RoomState>(iv, "room:join", { sessionId: session.id });
    expect(rejoin.ok && rejoin.data.chat.map((m) => m.body)).toEqual([payload.body]);
  });

  it("[CANDIDATE] malformed, oversized and unauthorised events get error acks and store nothing", async () => {
    const db = suite.server.tdb.db;
    const org = await seedOrg({ db });
    const member = await seedUser({ db, roles: ["CANDIDATE"], orgId: org.id, withToken: true });
    const outsider = await seedUser({ db, roles: ["CANDIDATE"], orgId: org.id, withToken: true });
    const session = await seedSession({ db, orgId: org.id, participants: [{ userId: member.user.id, role: "CANDIDATE" }] });
    const m = open({ token: member.token });
    const o = open({ token: outsider.token });
    await Promise.all([connected(m), connected(o)]);

    const wrongShape = await emit(m, "room:join", { session: session.id });
    expect(wrongShape).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });
    expect(await emit(m, "room:join", "not an object")).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });
    expect(await emit(o, "room:join", { sessionId: session.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emit(o, "room:join", { sessionId: "no-such-session" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    // Chatting without having joined the room is refused too.
    expect(await emit(o, "chat:send", { sessionId: session.id, clientId: "cli-0002-abcd", body: "hi" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });

    expect((await emit(m, "room:join", { sessionId: session.id })).ok).toBe(true);
    const tooLong = await emit(m, "chat:send", { sessionId: session.id, clientId: "cli-0003-abcd", body: "x".repeat(2001) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });
    const oversized = await emit(m, "chat:send", { sessionId: session.id, clientId: "cli-0004-abcd", body: "y".repeat(MAX_EVENT_BYTES + 10) });
    expect(oversized).toMatchObject({ ok: false, error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(await db.prisma.chatMessage.count({ where: { sessionId: session.id } })).toBe(0);
    expect(m.connected).toBe(true);
  });
});
