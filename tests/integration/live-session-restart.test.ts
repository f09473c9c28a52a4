import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { io as ioClient } from "socket.io-client";
import { afterAll, describe, expect, it, vi } from "vitest";
import { PROTOCOL_VERSION, type AnswerView, type RoomState, type TurnView } from "@/lib/realtime/contract";
import { DRAFT_WRITE_GAP_MS } from "@/server/sessions/draft-store";
import { emitAck as emit, ackData as ok, api, openLane, signInCookie, type TestSocket } from "../helpers/test-server";
import { createTestDatabase, testDbKind, type TestDatabase } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(path.join(tmpdir(), "mockroom-restart-"));
const SECRET = randomBytes(32).toString("hex");
const DEMO_PASSWORD = "mockroom-demo";

type Proc = { child: ChildProcess; out: string[]; exited: Promise<unknown> };
const procs: Proc[] = [];
const sockets: TestSocket[] = [];
let tdb: TestDatabase | undefined;

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  await Promise.all(procs.map((p) => p.exited));
  await tdb?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The product as its own process (`server/index.ts`, as `npm start` runs it after the build). */
async function startProduct(port: number, dbVars: Record<string, string>): Promise<Proc> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      AUTH_SECRET: SECRET,
      SEED_DEMO: "true",
      LOG_LEVEL: "info",
      MODELS_DIR: path.join(scratch, "no-models"),
      DATA_DIR: path.join(scratch, "data"),
      ...dbVars,
    },
  });
  const p: Proc = { child, out: [], exited: new Promise((r) => child.once("exit", r)) };
  child.stdout!.setEncoding("utf8").on("data", (d: string) => p.out.push(d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => p.out.push(d));
  procs.push(p);
  await vi.waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${p.out.join("")}`);
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status !== 200) throw new Error(`health ${res.status}`);
    },
    { timeout: 90_000, interval: 200 },
  );
  return p;
}


describe(`[${testDbKind()}] live sessions survive a killed server`, () => {
  it("[ALL] SIGKILL mid-answer, restart, reconnect: the draft and the submitted answer are intact", { timeout: 240_000 }, async () => {
    let dbVars: Record<string, string> = {};
    if (testDbKind() === "postgres") {
      tdb = await createTestDatabase("postgres");
      await tdb.db.close();
      dbVars = { DATABASE_URL: tdb.url! };
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = await startProduct(port, dbVars);

    const ivCookie = await signInCookie({ url: base }, "interviewer@demo.mockroom.dev", DEMO_PASSWORD);
    const caCookie = await signInCookie({ url: base }, "candidate@demo.mockroom.dev", DEMO_PASSWORD);
    expect(ivCookie && caCookie).toBeTruthy();
    const me = await api<{ orgs: { orgId: string; roles: string[] }[] }>({ url: base }, "/api/v1/me", { cookie: ivCookie });
    const orgId = me.body.orgs.find((o) => o.roles.includes("INTERVIEWER"))!.orgId;
    const bank = await api<{ questions: { id: string; lang: string; status: string }[] }>({ url: base }, `/api/v1/orgs/${orgId}/questions`, { cookie: ivCookie });
    const picks = bank.body.questions.filter((q) => q.lang === "en" && q.status === "PUBLISHED").slice(0, 2);
    const created = await api<{ id: string; inviteToken: string }>({ url: base }, "/api/v1/sessions", { cookie: ivCookie, json: { orgId, title: "Restart drill", questions: picks.map((q) => ({ questionId: q.id })) } });
    expect(created.status).toBe(201);
    const sessionId = created.body.id;
    expect((await api({ url: base }, "/api/v1/sessions/join", { cookie: caCookie, json: { inviteToken: created.body.inviteToken } })).status).toBe(200);

    // Clients that reconnect by themselves and re-join the room on every connect, as the browser does.
    const states = new Map<TestSocket, RoomState[]>();
    const open = (cookie: string) => {
      const sock = ioClient(base, { transports: ["websocket"], reconnectionDelay: 200, reconnectionDelayMax: 500, auth: { protocol: PROTOCOL_VERSION }, extraHeaders: { cookie } }) as TestSocket;
      sockets.push(sock);
      states.set(sock, []);
      let connects = 0;
      sock.on("connect", () => {
        const reconnect = connects++ > 0;
        void emit<RoomState>(sock, "room:join", { sessionId, reconnect }).then((r) => r.ok && states.get(sock)!.push(r.data));
      });
      return sock;
    };
    const iv = open(ivCookie);
    const ca = open(caCookie);
    await vi.waitFor(() => expect(states.get(iv)!.length && states.get(ca)!.length).toBeTruthy(), { timeout: 10_000 });

    await ok(emit(iv, "session:start", { sessionId }));
    const t1 = await ok(emit<TurnView>(iv, "question:push", { sessionId, planIndex: 0 }));
    const a1 = await ok(emit<AnswerView>(ca, "answer:submit", { sessionId, turnId: t1.id, clientId: "restart-answer-0001", text: "Self-attention lets every token attend to every other token; scores are softmax(QK^T / sqrt(d_k)) V." }));
    const t2 = await ok(emit<TurnView>(iv, "question:push", { sessionId, planIndex: 1 }));
    const draft = "Half-typed second answer: LoRA freezes W and trains B·A with rank r ≪ d, 中文也可以。";
    // Typed on the draft lane, as the browser does: what the lane carried is persisted like the Socket.IO path's.
    const lane = await openLane({ url: base }, ca);
    for (let rev = 1; rev <= 4; rev++) lane.send("draft:update", { sessionId, turnId: t2.id, text: draft.slice(0, (draft.length * rev) / 4), rev });
    // A draft is written at most every DRAFT_WRITE_GAP_MS (2 s): give the server that and a margin, then kill it without warning.
    await new Promise((r) => setTimeout(r, DRAFT_WRITE_GAP_MS + 1_500));
    first.child.kill("SIGKILL");
    await first.exited;
    expect(await lane.closed).toBe(1006); // dropped, not closed
    expect(lane.frames).toEqual([]);
    const joinsBefore = states.get(ca)!.length;

    await startProduct(port, dbVars);
    await vi.waitFor(() => expect(states.get(ca)!.length).toBeGreaterThan(joinsBefore), { timeout: 30_000, interval: 100 });
    const after = states.get(ca)!.at(-1)!;
    expect(after.status).toBe("ACTIVE");
    expect(after.turns.map((t) => t.id)).toEqual([t1.id, t2.id]);
    expect(after.turns.at(-1)!.closedAt).toBeNull();
    expect(after.drafts.find((d) => d.turnId === t2.id)).toMatchObject({ text: draft, rev: 4 });
    expect(after.answers.map((a) => a.id)).toEqual([a1.id]);
    expect(after.staff).toBeUndefined();

    // Resending the answer after the restart is harmless, and the interviewer still sees its engine score.
    const resent = await ok(emit<AnswerView>(ca, "answer:submit", { sessionId, turnId: t1.id, clientId: "restart-answer-0001", text: "Self-attention lets every token attend to every other token; scores are softmax(QK^T / sqrt(d_k)) V." }));
    expect(resent.id).toBe(a1.id);
    await vi.waitFor(
      async () => {
        const st = await ok(emit<RoomState>(iv, "room:join", { sessionId }));
        expect(st.staff?.scores.map((s) => s.answerId)).toEqual([a1.id]);
      },
      { timeout: 30_000, interval: 300 },
    );
    const summary = await api<{ questions: { answer: { id: string } | null }[]; timeline: { type: string }[] }>({ url: base }, `/api/v1/sessions/${sessionId}/summary`, { cookie: ivCookie });
    expect(summary.body.questions.map((q) => q.answer?.id ?? null)).toEqual([a1.id, null]);
    expect(summary.body.timeline.filter((e) => e.type === "answer.submitted")).toHaveLength(1);
    expect(summary.body.timeline.map((e) => e.type)).toContain("participant.reconnected");
  });
});
