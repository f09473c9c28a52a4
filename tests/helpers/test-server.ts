import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll } from "vitest";
import { io as ioClient, type Socket } from "socket.io-client";
import WebSocket from "ws";
import type { Ack } from "@/lib/errors";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/contract";
import { PROTOCOL_VERSION } from "@/lib/realtime/contract";
import { encodeLaneFrame, laneUrl, type LaneTicket } from "@/lib/realtime/lane";
import { createAppServer, type AppServer } from "@/server/app-server";
import { loadEnv } from "@/server/env";
import { createLogger, type Logger } from "@/server/logger";
import { createTestDatabase, type TestDatabase } from "./test-db";

export type TestServer = AppServer & { tdb: TestDatabase; stop(): Promise<void> };

/**
 * The whole product (Next + Socket.IO) on port 0 against a fresh database of TEST_DB's kind. A test
 * that checks what the server logs passes its own logger; `env` adds or overrides variables.
 */
export async function startTestServer(opts: { logger?: Logger; env?: Record<string, string> } = {}): Promise<TestServer> {
  const tdb = await createTestDatabase();
  const env = loadEnv({
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    AUTH_SECRET: randomBytes(32).toString("hex"),
    SEED_DEMO: "false",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DATA_DIR: "/tmp/mockroom-test-unused",
    ...opts.env,
  });
  const server = await createAppServer({ env, db: tdb.db, logger: opts.logger ?? createLogger({ level: env.LOG_LEVEL }) });
  return {
    ...server,
    tdb,
    async stop() {
      await server.close();
      await tdb.drop();
    },
  };
}

export type ApiResponse<T = unknown> = { status: number; body: T; headers: Headers };

export async function api<T = Record<string, unknown>>(
  server: { url: string },
  path: string,
  opts: { method?: string; token?: string; cookie?: string; json?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers["content-type"] ??= "application/json";
  } else if (opts.rawBody !== undefined) {
    body = opts.rawBody;
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(server.url + path, { method: opts.method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual" });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Signs in through Auth.js' real credentials flow and returns the session cookie ("" on failure). */
export async function signInCookie(server: { url: string }, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${server.url}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${server.url}/home` }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0] ?? "").find((c) => c.startsWith("authjs.session-token="));
  return session ?? "";
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectSocket(
  server: { url: string },
  opts: { token?: string; cookie?: string; protocol?: number; auth?: Record<string, unknown> } = {},
): TestSocket {
  return ioClient(server.url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    auth: opts.auth ?? { protocol: opts.protocol ?? PROTOCOL_VERSION, ...(opts.token ? { token: opts.token } : {}) },
    extraHeaders: opts.cookie ? { cookie: opts.cookie } : {},
  });
}

/** Resolves on connect, rejects with the server's connect_error data ({ code, message }). */
export function connected(socket: TestSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (err: Error & { data?: unknown }) => reject(Object.assign(new Error(err.message), { data: err.data })));
  });
}

/** Emits `event` and resolves with the server's ack (the Ack union), untyped on purpose so tests can send malformed payloads. */
export function emitAck<T>(sock: TestSocket, event: string, payload: unknown): Promise<Ack<T>> {
  return new Promise((resolve) => (sock as unknown as { emit(e: string, p: unknown, cb: (r: Ack<T>) => void): void }).emit(event, payload, resolve));
}

/** The data of a successful ack; a refused one fails the test with the server's code and message. */
export async function ackData<T>(ack: Promise<Ack<T>>): Promise<T> {
  const r = await ack;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
}

/** The next `event` on `sock` whose payload satisfies `match` (earlier, non-matching ones are skipped). */
export function nextEvent<T>(sock: TestSocket, event: string, match: (p: T) => boolean = () => true, ms = 20_000): Promise<T> {
  const s = sock as unknown as { on(e: string, l: (p: T) => void): void; off(e: string, l: (p: T) => void): void };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms);
    const on = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      s.off(event, on);
      resolve(p);
    };
    s.on(event, on);
  });
}

/** A test client's draft lane: every frame it receives, in order, and ways to send good and bad ones. */
export type TestLane = {
  ws: WebSocket;
  frames: { event: string; payload: unknown }[];
  next<T>(event: string, match?: (p: T) => boolean, ms?: number): Promise<T>;
  send(event: string, payload: unknown): void;
  closed: Promise<number>;
};

/** Asks `sock` for its lane ticket and opens the lane, as the browser does; rejects with the HTTP status of a refusal. */
export async function openLane(server: { url: string }, sock: TestSocket, ticket?: Partial<LaneTicket>): Promise<TestLane> {
  const t = { ...(await ackData(emitAck<LaneTicket>(sock, "lane:open", {}))), ...ticket };
  const ws = new WebSocket(laneUrl(server.url, t));
  const frames: TestLane["frames"] = [];
  const waiters = new Set<() => void>();
  ws.on("message", (data: Buffer) => {
    const [event, payload] = JSON.parse(data.toString("utf8")) as [string, unknown];
    frames.push({ event, payload });
    for (const w of waiters) w();
  });
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", (_req, res) => reject(Object.assign(new Error(`lane refused: HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.once("error", reject);
  });
  return {
    ws,
    frames,
    closed,
    send: (event, payload) => ws.send(encodeLaneFrame(event, payload)),
    next<T>(event: string, match: (p: T) => boolean = () => true, ms = 20_000): Promise<T> {
      let seen = 0;
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          for (; seen < frames.length; seen++) {
            const f = frames[seen];
            if (f?.event === event && match(f.payload as T)) {
              clearTimeout(timer);
              waiters.delete(check);
              resolve(f.payload as T);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${event} on the lane; saw ${frames.map((f) => f.event).join(", ") || "nothing"}`));
        }, ms);
        waiters.add(check);
        // Only frames from now on: earlier ones were there before the caller asked.
        seen = frames.length;
      });
    },
  };
}

/**
 * The usual set-up of an integration suite, for one `describe` block: the product started once before
 * its tests and stopped after them, and the sockets and lanes a test opens through `socket` and `lane`
 * closed after that test.
 */
export function useTestServer(opts: Parameters<typeof startTestServer>[0] = {}) {
  let started: TestServer | undefined;
  const sockets: TestSocket[] = [];
  const lanes: TestLane[] = [];
  beforeAll(async () => {
    started = await startTestServer(opts);
  });
  afterEach(() => {
    for (const l of lanes.splice(0)) l.ws.terminate();
    for (const sock of sockets.splice(0)) sock.disconnect();
  });
  afterAll(async () => {
    await started?.stop();
  });
  const server = (): TestServer => {
    if (!started) throw new Error("useTestServer: the server starts in beforeAll; use it inside tests and hooks");
    return started;
  };
  return {
    get server(): TestServer {
      return server();
    },
    socket: (socketOpts: Parameters<typeof connectSocket>[1] = {}): TestSocket => {
      const sock = connectSocket(server(), socketOpts);
      sockets.push(sock);
      return sock;
    },
    lane: async (sock: TestSocket): Promise<TestLane> => {
      const l = await openLane(server(), sock);
      lanes.push(l);
      return l;
    },
  };
}
