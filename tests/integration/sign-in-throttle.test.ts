import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody } from "@/lib/errors";
import { redisFailureCounters, SIGN_IN_LIMITS, SignInThrottle } from "@/server/accounts/sign-in-throttle";
import { CLIENT_ADDRESS_HEADER } from "@/server/http/client-address";
import { PASSWORD, seedUser } from "../helpers/factories";
import { deleteRedisKeys } from "../helpers/redis";
import { testDbKind } from "../helpers/test-db";
import { api, signInCookie, startTestServer, type TestServer } from "../helpers/test-server";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const silent = pino({ level: "silent" });
type Refusal = { error: ErrorBody };

describe("[SERVER] sign-in failure counters in Redis (several web servers)", () => {
  const prefix = `mockroom-test-throttle-${randomUUID()}`;
  const clients: Redis[] = [];
  const open = () => {
    const r = new Redis(REDIS_URL);
    clients.push(r);
    return r;
  };
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await deleteRedisKeys({ url: REDIS_URL, prefix });
  });

  it("two servers count one account's failures together and both refuse it, with the time left", async () => {
    const a = new SignInThrottle(redisFailureCounters(open(), prefix), silent);
    const b = new SignInThrottle(redisFailureCounters(open(), prefix), silent);
    const attempt = { email: "shared@example.com", client: "203.0.113.9" };
    for (let i = 0; i < SIGN_IN_LIMITS.accountFromClient; i++) await (i % 2 ? a : b).failed(attempt);
    for (const server of [a, b]) {
      const wait = await server.retryAfterS(attempt);
      expect(wait).toBeGreaterThan(SIGN_IN_LIMITS.windowMs / 1000 - 30);
      expect(wait).toBeLessThanOrEqual(SIGN_IN_LIMITS.windowMs / 1000);
    }
    // A success on either server clears the account for both.
    await a.succeeded(attempt);
    expect(await b.retryAfterS(attempt)).toBeUndefined();
  });

  it("a counter's window starts at its first failure and ends on its own", async () => {
    const counters = redisFailureCounters(open(), prefix);
    await counters.add(["k1"], 400);
    await counters.add(["k1"], 400); // a later failure does not extend the window
    const [now] = await counters.read(["k1"]);
    expect(now?.count).toBe(2);
    expect(now?.remainingMs).toBeGreaterThan(0);
    expect(now?.remainingMs).toBeLessThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 600));
    expect(await counters.read(["k1", "never-set"])).toEqual([
      { count: 0, remainingMs: 0 },
      { count: 0, remainingMs: 0 },
    ]);
  });
});

describe(`[${testDbKind()}] sign-in throttling over HTTP`, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s.stop();
  });
  const token = (email: string, password: string, headers: Record<string, string> = {}) => api<Refusal>(s, "/api/v1/auth/token", { json: { email, password }, headers });

  it("[SCRIPT] after 5 wrong passwords even the right one is refused with 429 and Retry-After; forged address headers change nothing", async () => {
    const { user } = await seedUser({ db: s.tdb.db, roles: ["CANDIDATE"] });
    for (let i = 0; i < SIGN_IN_LIMITS.accountFromClient; i++) expect((await token(user.email, "wrong-password")).status).toBe(401);
    const refused = await token(user.email, PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    expect(refused.body.error.message).toMatch(/Too many failed sign-in attempts/);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_LIMITS.windowMs / 1000);
    // Without TRUST_PROXY the address is the TCP peer's: a made-up forwarding or internal header is not believed.
    expect((await token(user.email, PASSWORD, { "x-forwarded-for": "198.51.100.77" })).status).toBe(429);
    expect((await token(user.email, PASSWORD, { [CLIENT_ADDRESS_HEADER]: "198.51.100.78" })).status).toBe(429);
    // Nothing was issued while refused; another account from the same address still gets its token.
    expect(await s.tdb.db.prisma.apiToken.count({ where: { userId: user.id } })).toBe(0);
    const other = await seedUser({ db: s.tdb.db, roles: ["CANDIDATE"] });
    expect((await token(other.user.email, PASSWORD)).status).toBe(201);
  });

  it("[USER] the browser sign-in (Auth.js) is throttled the same way and shares the counters", async () => {
    const { user } = await seedUser({ db: s.tdb.db, roles: ["REVIEWER"] });
    for (let i = 0; i < SIGN_IN_LIMITS.accountFromClient - 1; i++) expect(await signInCookie(s, user.email, "wrong-password")).toBe("");
    expect((await token(user.email, "wrong-password")).status).toBe(401); // the fifth failure, through the token route
    expect(await signInCookie(s, user.email, PASSWORD)).toBe("");
    const fresh = await seedUser({ db: s.tdb.db, roles: ["REVIEWER"] });
    expect(await signInCookie(s, fresh.user.email, PASSWORD)).toMatch(/^authjs\.session-token=/);
  });
});

describe(`[${testDbKind()}] sign-in throttling behind a trusted proxy (TRUST_PROXY)`, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ env: { TRUST_PROXY: "true" } });
  });
  afterAll(async () => {
    await s.stop();
  });

  it("[SCRIPT] counts by the first X-Forwarded-For hop: one client's guessing does not lock out another", async () => {
    const { user } = await seedUser({ db: s.tdb.db, roles: ["CANDIDATE"] });
    const from = (ip: string, password: string) => api<Refusal>(s, "/api/v1/auth/token", { json: { email: user.email, password }, headers: { "x-forwarded-for": `${ip}, 10.0.0.1` } });
    for (let i = 0; i < SIGN_IN_LIMITS.accountFromClient; i++) expect((await from("203.0.113.5", "wrong-password")).status).toBe(401);
    expect((await from("203.0.113.5", PASSWORD)).status).toBe(429);
    expect((await from("198.51.100.6", PASSWORD)).status).toBe(201);
  });
});
