import { describe, expect, it } from "vitest";
import { MAX_ANSWER_CHARS, ZProposal, type AnswerView, type RoomState, type TurnView } from "@/lib/realtime/contract";
import { emitAck as emit, ackData as ok, nextEvent as next, api, connected, openLane, type TestSocket, useTestServer } from "../helpers/test-server";
import { testDbKind } from "../helpers/test-db";
import { seedOrg, seedPublishedQuestion, seedUser } from "../helpers/factories";
import { createLiveSession } from "@/server/sessions/create-session";


const REFERENCE = "Dividing by sqrt(d_k) keeps the logits' variance near one so that softmax does not saturate; hidden-reference-7f3a.";
const HINT = "Think about how the variance of a sum of d_k products grows.";

describe(`[${testDbKind()}] live sessions: three participants, role filtering, resend safety, reconnection`, () => {
  const suite = useTestServer();
  const open = (token: string | undefined) => suite.socket({ token });

  async function setup() {
    const db = suite.server.tdb.db;
    const org = await seedOrg({ db });
    const interviewer = await seedUser({ db, roles: ["INTERVIEWER"], orgId: org.id, withToken: true });
    const observer = await seedUser({ db, roles: ["REVIEWER"], orgId: org.id, withToken: true });
    // The candidate is an outsider to the organisation: the invite alone lets them in.
    const candidate = await seedUser({ db, roles: ["CANDIDATE"], withToken: true });
    const q1 = await seedPublishedQuestion({ db, orgId: org.id, overrides: { referenceAnswer: REFERENCE, hints: [HINT, "Softmax of large numbers is nearly one-hot."] } });
    const q2 = await seedPublishedQuestion({ db, orgId: org.id, overrides: { title: "Second question", prompt: "What does LoRA train?" } });
    const created = await api<{ id: string; inviteToken: string; roomCode: string; inviteUrl: string }>(suite.server, "/api/v1/sessions", {
      token: interviewer.token,
      json: { orgId: org.id, title: "Live mock", lang: "en", questions: [{ questionId: q1.question.id, minutes: 10 }, { questionId: q2.question.id }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.roomCode).toMatch(/^[A-Z2-9]{6}$/);
    expect(created.body.inviteUrl).toContain(`/join/${created.body.inviteToken}`);
    const sessionId = created.body.id;
    expect((await api(suite.server, "/api/v1/sessions/join", { token: candidate.token, json: { inviteToken: created.body.inviteToken } })).body).toMatchObject({ sessionId, role: "CANDIDATE" });
    expect((await api(suite.server, "/api/v1/sessions/join", { token: observer.token, json: { roomCode: created.body.roomCode.toLowerCase(), as: "observer" } })).body).toMatchObject({ sessionId, role: "OBSERVER" });
    const iv = open(interviewer.token);
    const ob = open(observer.token);
    const ca = open(candidate.token);
    await Promise.all([connected(iv), connected(ob), connected(ca)]);
    return { db, org, interviewer, observer, candidate, q1, q2, sessionId, created: created.body, iv, ob, ca };
  }

  it("[ALL] a whole interview: push, hints, live typing, answer, AI score and proposals for staff only, notes, rubric, end", async () => {
    const { db, sessionId, iv, ob, ca, candidate, q1 } = await setup();
    // Record everything the candidate's socket ever receives.
    const candidateSaw: { event: string; payload: unknown }[] = [];
    ca.onAny((event: string, payload: unknown) => candidateSaw.push({ event, payload }));

    const ivState = await ok(emit<RoomState>(iv, "room:join", { sessionId }));
    expect(ivState.you.role).toBe("INTERVIEWER");
    expect(ivState.staff?.plan.map((p) => p.minutes)).toEqual([10, 5]);
    await ok(emit<RoomState>(ob, "room:join", { sessionId }));
    const caState = await ok(emit<RoomState>(ca, "room:join", { sessionId }));
    candidateSaw.push({ event: "ack:room:join", payload: caState });
    expect(caState.you.role).toBe("CANDIDATE");
    expect(caState.staff).toBeUndefined();
    expect(caState.questionCount).toBe(2);

    // Lobby -> active: everyone hears it.
    const started = Promise.all([next(ca, "session:status"), next(ob, "session:status")]);
    expect((await ok(emit<{ status: string }>(iv, "session:start", { sessionId }))).status).toBe("ACTIVE");
    await started;

    const staffTurn = next<{ turn: { keyPoints: unknown[]; referenceAnswer: string } }>(ob, "staff:turn");
    const asked = next<{ turn: TurnView }>(ca, "turn:asked");
    const turn = await ok(emit<TurnView>(iv, "question:push", { sessionId, planIndex: 0 }));
    expect((await asked).turn).toMatchObject({ id: turn.id, prompt: q1.file.prompt, hints: [], hintCount: 2, minutes: 10 });
    expect((await staffTurn).turn.referenceAnswer).toBe(REFERENCE);
    expect(await emit(iv, "question:push", { sessionId, planIndex: 0 })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });

    const hint = next<{ text: string }>(ca, "turn:hint");
    expect(await ok(emit(iv, "hint:reveal", { sessionId, turnId: turn.id }))).toEqual({ index: 0, text: HINT });
    expect((await hint).text).toBe(HINT);

    // The candidate types: interviewer and observer see every revision, in order.
    const seenByIv: string[] = [];
    iv.on("staff:draft", (p: { draft: { text: string } }) => seenByIv.push(p.draft.text));
    const lastOb = next<{ draft: { text: string; rev: number } }>(ob, "staff:draft", (p) => p.draft.rev === 3);
    const words = ["Scaling", "Scaling keeps", "Scaling keeps variance ~1 so softmax does not saturate"];
    for (const [i, text] of words.entries()) ca.emit("draft:update", { sessionId, turnId: turn.id, text, rev: i + 1 });
    expect((await lastOb).draft.text).toBe(words[2]);
    // A stale revision is ignored (not relayed, not stored).
    expect(await ok(emit(ca, "draft:update", { sessionId, turnId: turn.id, text: "old", rev: 2 }))).toEqual({ rev: 2 });
    const flushedAt = Date.now();
    await suite.server.realtime.live.drafts.flush();
    expect(seenByIv).toEqual(words);
    const stored = await db.prisma.answerDraft.findFirst({ where: { turnId: turn.id }, select: { text: true, revision: true, updatedAt: true } });
    expect(stored).toMatchObject({ text: words[2], revision: 3 });
    // Written with plain SQL: the timestamp must still be the UTC instant Prisma reads back.
    expect(Math.abs((stored?.updatedAt.getTime() ?? 0) - flushedAt)).toBeLessThan(5_000);

    // Submit: everyone sees it arrive and that scoring runs; only staff get the score and the proposal.
    const scored = next<{ score: { overall5: number; keyPoints: { status: string; evidence: string[] }[] } }>(iv, "staff:score");
    const obScored = next(ob, "staff:score");
    const proposal = next<{ proposal: { action: string; reason: string } }>(iv, "staff:proposal");
    const caDone = next<{ state: string }>(ca, "answer:scoring", (p) => p.state === "done");
    const answerText = "We divide by sqrt(d_k) because the variance grows with d_k: dot products grow, softmax saturates on large logits, and saturation gives small gradients.";
    const answer = await ok(emit<AnswerView>(ca, "answer:submit", { sessionId, turnId: turn.id, clientId: "answer-0001-abcd", text: answerText }));
    expect(answer).toMatchObject({ turnId: turn.id, authorId: candidate.user.id, scoring: "queued" });
    const score = (await scored).score;
    expect(score.overall5).toBeGreaterThan(2.5);
    expect(score.keyPoints.length).toBe(3);
    // Each point the answer covers comes with the words of the answer that showed it, for the checklist to quote.
    const covered = score.keyPoints.filter((k) => k.status === "covered");
    expect(covered.length).toBeGreaterThan(0);
    for (const k of covered) {
      expect(k.evidence.length).toBeGreaterThan(0);
      for (const quote of k.evidence) expect(answerText).toContain(quote);
    }
    await obScored;
    await caDone;
    expect((await proposal).proposal.reason.length).toBeGreaterThan(0);
    // What staff receive is exactly the contract's proposal, with the code the interface words its "why" from.
    const got = ZProposal.parse((await proposal).proposal);
    expect(got.action === "advance" ? got.advanceWhy : got.gap).not.toBeNull();

    // Resend of the same answer is harmless; a different second answer is refused.
    const again = await ok(emit<AnswerView>(ca, "answer:submit", { sessionId, turnId: turn.id, clientId: "answer-0001-abcd", text: answerText }));
    expect(again.id).toBe(answer.id);
    expect(await emit(ca, "answer:submit", { sessionId, turnId: turn.id, clientId: "answer-0002-abcd", text: "another" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await db.prisma.answer.count({ where: { turnId: turn.id } })).toBe(1);
    expect(await db.prisma.score.count({ where: { answerId: answer.id, source: "ENGINE" } })).toBe(1);

    // Private notes and the rubric form reach the observer, never the candidate.
    const obNote = next<{ note: { body: string } }>(ob, "staff:note");
    await ok(emit(iv, "note:add", { sessionId, turnId: turn.id, clientId: "note-0001-abcd", body: "private-note-91c2: strong on variance" }));
    expect((await obNote).note.body).toContain("private-note-91c2");
    const obHuman = next<{ score: { overall5: number } }>(ob, "staff:human-score");
    const human = await ok(emit<{ overall5: number }>(iv, "rubric:score", { sessionId, answerId: answer.id, criteria: [{ criterionId: "correctness", level: 4 }, { criterionId: "communication", level: 5 }] }));
    expect(human.overall5).toBeCloseTo(4.4, 5);
    expect((await obHuman).score.overall5).toBeCloseTo(4.4, 5);
    expect(await emit(iv, "rubric:score", { sessionId, answerId: answer.id, criteria: [{ criterionId: "correctness", level: 3 }] })).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });

    // A follow-up typed by the interviewer; the same prompt twice is refused.
    const fu = await ok(emit<TurnView>(iv, "question:push", { sessionId, followUp: { parentTurnId: turn.id, prompt: "What happens to the gradients when softmax saturates?" } }));
    expect(fu.parentTurnId).toBe(turn.id);
    expect(await emit(iv, "question:push", { sessionId, followUp: { parentTurnId: turn.id, prompt: "what happens to the gradients when softmax saturates" } })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });

    const ended = next<{ status: string }>(ca, "session:status", (p) => p.status === "ENDED");
    await ok(emit(iv, "session:end", { sessionId }));
    await ended;

    await suite.server.realtime.live.timeline.flush();
    // Summary for the interviewer; refused to the candidate.
    const summary = await api<{ questions: { engine: unknown; human: unknown[]; answer: unknown; criteria: { id: string; name: string }[] }[]; notes: unknown[]; timeline: { type: string }[] }>(suite.server, `/api/v1/sessions/${sessionId}/summary`, { token: (await tokenOf(iv)) });
    expect(summary.status).toBe(200);
    expect(summary.body.questions[0]?.engine).toBeTruthy();
    expect(summary.body.questions[0]?.human).toHaveLength(1);
    expect(summary.body.questions[0]?.criteria.map((c) => c.id)).toEqual(q1.file.rubric.map((c) => c.id));
    expect(summary.body.notes).toHaveLength(1);
    const types = summary.body.timeline.map((e) => e.type);
    for (const t of ["session.created", "participant.joined", "session.started", "question.pushed", "hint.revealed", "draft.checkpoint", "answer.submitted", "answer.scored", "note.added", "score.human", "session.ended"]) expect(types).toContain(t);
    expect((await api(suite.server, `/api/v1/sessions/${sessionId}/summary`, { token: candidate.token })).status).toBe(403);

    // Role filtering: nothing the candidate received carries hidden data.
    const names = new Set(candidateSaw.map((e) => e.event));
    for (const n of names) expect(n.startsWith("staff:")).toBe(false);
    const all = JSON.stringify(candidateSaw);
    for (const secret of ["hidden-reference-7f3a", "private-note-91c2", q1.file.keyPoints[0]!.statement, "referenceAnswer", "keyPoints", "rubric", "overall5", "inviteToken", "roomCode", "Softmax of large numbers"]) {
      expect(all, `candidate received "${secret}"`).not.toContain(secret);
    }
    expect(names.has("turn:asked") && names.has("answer:scoring") && names.has("turn:hint")).toBe(true);
  });

  // The interviewer's token: tests keep it on the socket's handshake.
  async function tokenOf(sock: TestSocket): Promise<string> {
    return (sock as unknown as { auth: { token: string } }).auth.token;
  }

  it("[ANYONE] refuses wrong roles, foreign sessions, bad seats and malformed or oversized payloads", async () => {
    const { db, sessionId, iv, ob, ca, created, org } = await setup();
    await ok(emit(iv, "room:join", { sessionId }));
    await ok(emit(ob, "room:join", { sessionId }));
    await ok(emit(ca, "room:join", { sessionId }));
    expect(await emit(ca, "session:start", { sessionId })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emit(iv, "question:push", { sessionId, planIndex: 0 })).toMatchObject({ ok: false, error: { code: "CONFLICT" } }); // not started
    await ok(emit(iv, "session:start", { sessionId }));
    expect(await emit(ca, "question:push", { sessionId, planIndex: 0 })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emit(iv, "question:push", { sessionId, planIndex: 7 })).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });
    // Two tabs pushing the same question at once: one turn.
    const pushes = await Promise.all([0, 1, 2].map(() => emit<TurnView>(iv, "question:push", { sessionId, planIndex: 0 })));
    expect(pushes.filter((p) => p.ok)).toHaveLength(1);
    expect(pushes.filter((p) => !p.ok && p.error.code === "CONFLICT")).toHaveLength(2);
    const turn = pushes.find((p): p is { ok: true; data: TurnView } => p.ok)!.data;
    expect(await db.prisma.turn.count({ where: { sessionId } })).toBe(1);
    expect(await emit(ca, "note:add", { sessionId, clientId: "note-0002-abcd", body: "x" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emit(ob, "draft:update", { sessionId, turnId: turn.id, text: "x", rev: 1 })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emit(ob, "answer:submit", { sessionId, turnId: turn.id, clientId: "answer-0009-abcd", text: "x" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    // Observers are silent: they read the chat but cannot post to it, and nothing is stored.
    expect(await emit(ob, "chat:send", { sessionId, clientId: "chat-0009-abcd", body: "hello from the observer" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN", message: expect.stringContaining("private note") } });
    expect(await db.prisma.chatMessage.count({ where: { sessionId } })).toBe(0);
    expect(await emit(ca, "draft:update", { sessionId, turnId: "no-such-turn", text: "x", rev: 1 })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await emit(ca, "draft:update", { sessionId, turnId: turn.id, text: "x".repeat(MAX_ANSWER_CHARS + 1), rev: 1 })).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });
    expect(await emit(ca, "draft:update", { sessionId, turnId: turn.id, text: "字".repeat(MAX_ANSWER_CHARS), rev: 1, extra: true })).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });
    expect(await emit(ca, "answer:submit", { sessionId, turnId: turn.id, clientId: "x", text: "short id" })).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });
    expect(await emit(ca, "chat:send", { sessionId, clientId: "chat-0001-abcd", body: "z".repeat(60_000) })).toMatchObject({ ok: false, error: { code: "PAYLOAD_TOO_LARGE" } });
    // An ack-less bad draft is reported on the socket instead.
    const err = next<{ event: string; code: string }>(ca, "system:error");
    (ca as unknown as { emit(e: string, p: unknown): void }).emit("draft:update", { sessionId, turnId: turn.id, text: 42, rev: 1 });
    expect(await err).toMatchObject({ event: "draft:update", code: "VALIDATION_FAILED" });

    // Two people racing for one free candidate seat: exactly one gets it.
    const fresh = await api<{ id: string; inviteToken: string }>(suite.server, "/api/v1/sessions", { token: await tokenOf(iv), json: { orgId: org.id, title: "Race", questions: [{ questionId: (await seedPublishedQuestion({ db, orgId: org.id })).question.id }] } });
    const racers = await Promise.all([0, 1, 2].map(() => seedUser({ db, roles: ["CANDIDATE"], withToken: true })));
    const results = await Promise.all(racers.map((r) => api(suite.server, "/api/v1/sessions/join", { token: r.token, json: { inviteToken: fresh.body.inviteToken } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await db.prisma.sessionParticipant.count({ where: { sessionId: fresh.body.id, role: "CANDIDATE" } })).toBe(1);

    // Seats: a second candidate is refused; a candidate cannot observe; bad codes are clear errors.
    const other = await seedUser({ db, roles: ["CANDIDATE"], orgId: org.id, withToken: true });
    expect((await api(suite.server, "/api/v1/sessions/join", { token: other.token, json: { inviteToken: created.inviteToken } })).status).toBe(409);
    expect((await api(suite.server, "/api/v1/sessions/join", { token: other.token, json: { roomCode: created.roomCode, as: "observer" } })).status).toBe(403);
    expect((await api(suite.server, "/api/v1/sessions/join", { token: other.token, json: { roomCode: "O0I1" } })).status).toBe(400);
    expect((await api(suite.server, "/api/v1/sessions/join", { json: { roomCode: created.roomCode } })).status).toBe(401);
    const foreign = open(other.token);
    await connected(foreign);
    expect(await emit(foreign, "room:join", { sessionId })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emit(foreign, "draft:update", { sessionId, turnId: turn.id, text: "x", rev: 1 })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    // Creating: only interviewers of the org, only published questions, validated bodies.
    const q = await seedPublishedQuestion({ db, orgId: org.id });
    expect((await api(suite.server, "/api/v1/sessions", { token: other.token, json: { orgId: org.id, title: "x", questions: [{ questionId: q.question.id }] } })).status).toBe(403);
    expect((await api(suite.server, "/api/v1/sessions", { token: (await tokenOf(iv)), json: { orgId: org.id, title: "x", questions: [] } })).status).toBe(400);
    expect((await api(suite.server, "/api/v1/sessions", { token: (await tokenOf(iv)), json: { orgId: org.id, title: "x", questions: [{ questionId: "nope" }] } })).status).toBe(400);
    expect((await api(suite.server, "/api/v1/sessions", { token: (await tokenOf(iv)), rawBody: "{bad json" })).status).toBe(400);
    expect(await db.prisma.answer.count({ where: { turn: { sessionId } } })).toBe(0);
  });

  it("[ALL] a scoring job that gives up is reported as failed to everyone, not left as a silent wait", async () => {
    const { db, org, interviewer, candidate } = await setup();
    // A published version whose stored content no longer parses: the scoring job fails permanently.
    const broken = await seedPublishedQuestion({ db, orgId: org.id });
    await db.prisma.questionVersion.delete({ where: { id: broken.version.id } });
    await db.prisma.questionVersion.create({ data: { questionId: broken.question.id, version: 1, content: { prompt: "Explain attention." }, contentHash: "broken", title: "Broken", difficulty: "easy", tags: [] } });
    const { id: sessionId } = await createLiveSession({
      db,
      creatorId: interviewer.user.id,
      input: { orgId: org.id, title: "Broken question", lang: "en", questions: [{ questionId: broken.question.id }] },
      participants: [{ userId: candidate.user.id, role: "CANDIDATE" }],
    });
    const iv = open(interviewer.token);
    const ca = open(candidate.token);
    await Promise.all([connected(iv), connected(ca)]);
    await ok(emit(iv, "room:join", { sessionId }));
    await ok(emit(ca, "room:join", { sessionId }));
    await ok(emit(iv, "session:start", { sessionId }));
    const turn = await ok(emit<TurnView>(iv, "question:push", { sessionId, planIndex: 0 }));
    const failedForCandidate = next<{ state: string }>(ca, "answer:scoring", (p) => p.state === "failed");
    const failedForInterviewer = next<{ state: string }>(iv, "answer:scoring", (p) => p.state === "failed");
    await ok(emit(ca, "answer:submit", { sessionId, turnId: turn.id, clientId: "answer-broken-0001", text: "Attention weighs tokens." }));
    await Promise.all([failedForCandidate, failedForInterviewer]);
    expect(await db.prisma.answer.count({ where: { turnId: turn.id } })).toBe(1);
  });

  it("[INTERVIEWER] a scheduled session waits as SCHEDULED until started; a hidden tab shows the candidate as away", async () => {
    const db = suite.server.tdb.db;
    const org = await seedOrg({ db });
    const interviewer = await seedUser({ db, roles: ["INTERVIEWER"], orgId: org.id, withToken: true });
    const candidate = await seedUser({ db, roles: ["CANDIDATE"], withToken: true });
    const q = await seedPublishedQuestion({ db, orgId: org.id });
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const created = await api<{ id: string; status: string; inviteToken: string }>(suite.server, "/api/v1/sessions", { token: interviewer.token, json: { orgId: org.id, title: "Tomorrow", questions: [{ questionId: q.question.id }], scheduledAt: at } });
    expect(created.body.status).toBe("SCHEDULED");
    expect((await db.prisma.interviewSession.findUniqueOrThrow({ where: { id: created.body.id } })).scheduledAt?.toISOString()).toBe(at);
    await api(suite.server, "/api/v1/sessions/join", { token: candidate.token, json: { inviteToken: created.body.inviteToken } });
    const sessionId = created.body.id;
    const iv = open(interviewer.token);
    const ca = open(candidate.token);
    await Promise.all([connected(iv), connected(ca)]);
    expect((await ok(emit<RoomState>(iv, "room:join", { sessionId }))).status).toBe("SCHEDULED");
    await ok(emit(ca, "room:join", { sessionId }));
    expect(await emit(iv, "question:push", { sessionId, planIndex: 0 })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    const started = next<{ status: string }>(ca, "session:status");
    await ok(emit(iv, "session:start", { sessionId }));
    expect((await started).status).toBe("ACTIVE");

    const away = next<{ participants: { userId: string; status: string }[] }>(iv, "room:presence", (p) => p.participants.some((x) => x.userId === candidate.user.id && x.status === "away"));
    await ok(emit(ca, "presence:set", { sessionId, state: "away" }));
    await away;
    const back = next<{ participants: { userId: string; status: string }[] }>(iv, "room:presence", (p) => p.participants.some((x) => x.userId === candidate.user.id && x.status === "online"));
    await ok(emit(ca, "presence:set", { sessionId, state: "active" }));
    await back;
  });

  it("[PEER] a peer session swaps roles at the second half: the rejoined rooms and the typing stream follow the new roles", async () => {
    const db = suite.server.tdb.db;
    const org = await seedOrg({ db });
    const a = await seedUser({ db, roles: ["CANDIDATE"], orgId: org.id, withToken: true });
    const b = await seedUser({ db, roles: ["CANDIDATE"], orgId: org.id, withToken: true });
    const q1 = await seedPublishedQuestion({ db, orgId: org.id });
    const q2 = await seedPublishedQuestion({ db, orgId: org.id, overrides: { title: "Second half" } });
    const { id: sessionId } = await createLiveSession({
      db,
      creatorId: a.user.id,
      input: { orgId: org.id, title: "Peers", lang: "en", questions: [{ questionId: q1.question.id }, { questionId: q2.question.id }] },
      participants: [{ userId: b.user.id, role: "CANDIDATE" }],
      peerSplit: 1,
    });
    const sa = open(a.token);
    const sb = open(b.token);
    await Promise.all([connected(sa), connected(sb)]);
    expect((await ok(emit<RoomState>(sa, "room:join", { sessionId }))).peer).toBe(true);
    await ok(emit(sb, "room:join", { sessionId }));
    await ok(emit(sa, "session:start", { sessionId }));
    const t1 = await ok(emit<TurnView>(sa, "question:push", { sessionId, planIndex: 0 }));
    // Both also type and watch on draft lanes, which outlive the swap: they follow their socket's roles.
    const [la, lb] = [await openLane(suite.server, sa), await openLane(suite.server, sb)];
    const firstHalf = la.next<{ draft: { text: string } }>("staff:draft");
    lb.send("draft:update", { sessionId, turnId: t1.id, text: "first-half answer", rev: 1 });
    expect((await firstHalf).draft.text).toBe("first-half answer");
    const swapped = Promise.all([next(sa, "session:roles"), next(sb, "session:roles")]);
    const t2 = await ok(emit<TurnView>(sa, "question:push", { sessionId, planIndex: 1 }));
    await swapped;
    const asA = await ok(emit<RoomState>(sa, "room:join", { sessionId }));
    const asB = await ok(emit<RoomState>(sb, "room:join", { sessionId }));
    expect([asA.you.role, asA.staff]).toEqual(["CANDIDATE", undefined]);
    expect(asB.you.role).toBe("INTERVIEWER");
    expect(asB.staff?.plan.map((p) => p.half)).toEqual([0, 1]);
    // The old interviewer may no longer ask; the new candidate's typing reaches the new interviewer only.
    expect(await emit(sa, "question:push", { sessionId, planIndex: 0 })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    let aGotStaff = 0;
    sa.onAny((e: string) => e.startsWith("staff:") && aGotStaff++);
    // B has a lane, so the typing reaches it there (on either transport A types on).
    const draft = lb.next<{ draft: { text: string } }>("staff:draft");
    await ok(emit(sa, "draft:update", { sessionId, turnId: t2.id, text: "second-half answer", rev: 1 }));
    expect((await draft).draft.text).toBe("second-half answer");
    expect(aGotStaff).toBe(0);
    const onLane = lb.next<{ draft: { text: string } }>("staff:draft");
    la.send("draft:update", { sessionId, turnId: t2.id, text: "second-half answer, on the lane", rev: 2 });
    expect((await onLane).draft.text).toBe("second-half answer, on the lane");
    const refused = lb.next<{ code: string }>("system:error");
    lb.send("draft:update", { sessionId, turnId: t2.id, text: "the new interviewer typing", rev: 1 });
    expect((await refused).code).toBe("FORBIDDEN");
    // A's lane saw B's first-half typing only; nothing of its own second-half answer.
    expect(la.frames.filter((f) => f.event === "staff:draft").map((f) => (f.payload as { draft: { text: string } }).draft.text)).toEqual(["first-half answer"]);
    for (const l of [la, lb]) l.ws.terminate();
    expect(await db.prisma.sessionEvent.count({ where: { sessionId, type: "session.roles-swapped" } })).toBe(1);
  });

  it("[CANDIDATE] rejoins after a drop into the exact state: question, own draft, answers, chat, timer", async () => {
    const { sessionId, iv, ca, candidate, interviewer, db } = await setup();
    await ok(emit(iv, "room:join", { sessionId }));
    await ok(emit(ca, "room:join", { sessionId }));
    await ok(emit(iv, "session:start", { sessionId }));
    const t1 = await ok(emit<TurnView>(iv, "question:push", { sessionId, planIndex: 0 }));
    await ok(emit(ca, "answer:submit", { sessionId, turnId: t1.id, clientId: "answer-0101-abcd", text: "First answer about softmax." }));
    const t2 = await ok(emit<TurnView>(iv, "question:push", { sessionId, planIndex: 1 }));
    await ok(emit(ca, "chat:send", { sessionId, clientId: "chat-0101-abcd", body: "one sec, thinking" }));
    for (let rev = 1; rev <= 5; rev++) ca.emit("draft:update", { sessionId, turnId: t2.id, text: `LoRA trains low-rank adapters ${"…".repeat(rev)}`, rev });
    await ok(emit(ca, "draft:update", { sessionId, turnId: t2.id, text: "LoRA trains two low-rank matrices A and B; W stays frozen.", rev: 6 }));

    const presence = next<{ participants: { userId: string; status: string }[] }>(iv, "room:presence", (p) => p.participants.some((x) => x.userId === candidate.user.id && x.status === "reconnecting"));
    ca.io.engine.close(); // a network drop, not a clean leave
    await presence;

    const back = open(candidate.token);
    await connected(back);
    const state = await ok(emit<RoomState>(back, "room:join", { sessionId, reconnect: true }));
    expect(state.turns.map((t) => t.id)).toEqual([t1.id, t2.id]);
    expect(state.turns[1]?.closedAt).toBeNull();
    expect(state.drafts.find((d) => d.turnId === t2.id)).toMatchObject({ text: "LoRA trains two low-rank matrices A and B; W stays frozen.", rev: 6 });
    expect(state.answers.map((a) => a.text)).toEqual(["First answer about softmax."]);
    expect(state.chat.map((m) => m.body)).toEqual(["one sec, thinking"]);
    expect(Date.parse(state.serverTime)).toBeGreaterThanOrEqual(Date.parse(state.turns[1]!.askedAt));
    expect(state.staff).toBeUndefined();
    await suite.server.realtime.live.drafts.flush();
    await suite.server.realtime.live.timeline.flush();
    const types = (await db.prisma.sessionEvent.findMany({ where: { sessionId }, select: { type: true } })).map((e) => e.type);
    expect(types).toContain("participant.left");
    expect(types).toContain("participant.reconnected");

    // Ended before the second answer was submitted: the summary keeps its last draft, marked as such; an answered question has none.
    await ok(emit(iv, "session:end", { sessionId }));
    const summary = await api<{ questions: { answer: unknown; draft: { text: string; savedAt: string } | null }[] }>(suite.server, `/api/v1/sessions/${sessionId}/summary`, { token: interviewer.token });
    expect(summary.body.questions[0]).toMatchObject({ draft: null });
    expect(summary.body.questions[1]).toMatchObject({ answer: null, draft: { text: "LoRA trains two low-rank matrices A and B; W stays frozen." } });
    expect(Date.parse(summary.body.questions[1]!.draft!.savedAt)).toBeGreaterThanOrEqual(Date.parse(t2.askedAt));
  });

  it("[CANDIDATE] a second tab or device takes the answer editor over: the first hears it, an older revision is answered with the one to beat, a passive re-join takes nothing", async () => {
    const { sessionId, iv, ca, candidate } = await setup();
    await ok(emit(iv, "room:join", { sessionId }));
    await ok(emit(ca, "room:join", { sessionId }));
    await ok(emit(iv, "session:start", { sessionId }));
    const t1 = await ok(emit<TurnView>(iv, "question:push", { sessionId, planIndex: 0 }));
    for (let rev = 1; rev <= 3; rev++) await ok(emit(ca, "draft:update", { sessionId, turnId: t1.id, text: `typed in the first tab, rev ${rev}`, rev }));
    const interviewerSaw: string[] = [];
    iv.onAny((event: string) => interviewerSaw.push(event));

    // The candidate opens the room again elsewhere: the first tab is told, the new one starts from the newest draft.
    const second = open(candidate.token);
    await connected(second);
    const superseded = next<{ sessionId: string }>(ca, "session:superseded");
    const state = await ok(emit<RoomState>(second, "room:join", { sessionId }));
    expect(await superseded).toEqual({ sessionId });
    expect(state.drafts.find((d) => d.turnId === t1.id)).toMatchObject({ text: "typed in the first tab, rev 3", rev: 3 });

    // A revision that is not newer (numbered from an older copy) is refused out loud, with the revision to beat...
    const stale = next<{ turnId: string; rev: number }>(second, "draft:stale");
    second.emit("draft:update", { sessionId, turnId: t1.id, text: "typed in the second tab from an old copy", rev: 2 });
    expect(await stale).toEqual({ sessionId, turnId: t1.id, rev: 3 });
    // ...and the next one past it reaches the interviewer.
    const relayed = next<{ draft: { text: string; rev: number } }>(iv, "staff:draft");
    second.emit("draft:update", { sessionId, turnId: t1.id, text: "typed in the second tab from an old copy", rev: 4 });
    expect((await relayed).draft).toMatchObject({ text: "typed in the second tab from an old copy", rev: 4 });
    expect(interviewerSaw).not.toContain("session:superseded");
    expect(interviewerSaw).not.toContain("draft:stale");

    // The first tab re-joins after a drop without taking over: the second keeps the editor. Its chat
    // message is sent after that join on the same connection, so a takeover would arrive before it.
    const secondSaw: string[] = [];
    second.onAny((event: string) => secondSaw.push(event));
    await ok(emit(ca, "room:join", { sessionId, reconnect: true, takeOver: false }));
    const chat = next(second, "chat:message");
    await ok(emit(ca, "chat:send", { sessionId, clientId: "chat-0202-abcd", body: "back" }));
    await chat;
    expect(secondSaw).not.toContain("session:superseded");
    // Using it there again takes it back.
    const back = next(second, "session:superseded");
    await ok(emit(ca, "room:join", { sessionId, reconnect: true }));
    await back;
  });
});
