import pino from "pino";
import { describe, expect, it } from "vitest";
import { memoryFailureCounters, SIGN_IN_LIMITS, SignInThrottle } from "@/server/accounts/sign-in-throttle";

/** A throttle over in-memory counters on a clock the test moves, and what it logs at warn. */
function setup(opts: { maxKeys?: number } = {}) {
  let t = 1_000_000;
  const clock = { advance: (ms: number) => (t += ms) };
  const counters = memoryFailureCounters({ now: () => t, ...opts });
  const logged: { msg: string; limits?: string[] }[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void logged.push(JSON.parse(line) as { msg: string; limits?: string[] }) });
  return { clock, counters, logged, throttle: new SignInThrottle(counters, logger) };
}

const ALICE = { email: "alice@example.com", client: "203.0.113.7" };

describe("sign-in throttle", () => {
  it("refuses an account from one address after 5 failures, says how long, and lets it in again when the window ends", async () => {
    const { throttle, clock } = setup();
    for (let i = 0; i < SIGN_IN_LIMITS.accountFromClient; i++) {
      expect(await throttle.retryAfterS(ALICE)).toBeUndefined();
      await throttle.failed(ALICE);
    }
    clock.advance(60_000);
    expect(await throttle.retryAfterS(ALICE)).toBe((SIGN_IN_LIMITS.windowMs - 60_000) / 1000);
    // The same account from another address, and another account from this one, are not held up.
    expect(await throttle.retryAfterS({ ...ALICE, client: "198.51.100.2" })).toBeUndefined();
    expect(await throttle.retryAfterS({ ...ALICE, email: "bob@example.com" })).toBeUndefined();
    clock.advance(SIGN_IN_LIMITS.windowMs - 60_000);
    expect(await throttle.retryAfterS(ALICE)).toBeUndefined();
  });

  it("counts the email case-insensitively and trimmed", async () => {
    const { throttle } = setup();
    for (let i = 0; i < SIGN_IN_LIMITS.accountFromClient; i++) await throttle.failed({ ...ALICE, email: i % 2 ? " ALICE@Example.com" : "alice@example.com" });
    expect(await throttle.retryAfterS(ALICE)).toBeGreaterThan(0);
  });

  it("a success clears the account's counters, not the address's", async () => {
    const { throttle } = setup();
    for (let i = 0; i < SIGN_IN_LIMITS.accountFromClient - 1; i++) await throttle.failed(ALICE);
    await throttle.succeeded(ALICE);
    for (let i = 0; i < SIGN_IN_LIMITS.accountFromClient - 1; i++) await throttle.failed(ALICE);
    expect(await throttle.retryAfterS(ALICE)).toBeUndefined(); // 4 after the success, not 8

    // The address keeps its count across accounts: one password tried on many accounts is stopped.
    const { throttle: t2 } = setup();
    for (let i = 0; i < SIGN_IN_LIMITS.client; i++) {
      const attempt = { email: `user${i}@example.com`, client: ALICE.client };
      await t2.failed(attempt);
      if (i === 0) await t2.succeeded(attempt);
    }
    expect(await t2.retryAfterS({ email: "fresh@example.com", client: ALICE.client })).toBeGreaterThan(0);
    expect(await t2.retryAfterS({ email: "fresh@example.com", client: "198.51.100.2" })).toBeUndefined();
  });

  it("refuses an account guessed from many addresses once its own (looser) limit is reached", async () => {
    const { throttle } = setup();
    for (let i = 0; i < SIGN_IN_LIMITS.account - 1; i++) await throttle.failed({ email: ALICE.email, client: `10.0.${Math.floor(i / 200)}.${i % 200}` });
    expect(await throttle.retryAfterS({ email: ALICE.email, client: "10.9.9.9" })).toBeUndefined();
    await throttle.failed({ email: ALICE.email, client: "10.9.9.8" });
    expect(await throttle.retryAfterS({ email: ALICE.email, client: "10.9.9.9" })).toBeGreaterThan(0);
    // Without a known address only the account counter applies.
    expect(await throttle.retryAfterS({ email: ALICE.email })).toBeGreaterThan(0);
  });

  it("logs once when a limit is reached, not on every refusal", async () => {
    const { throttle, logged } = setup();
    for (let i = 0; i < SIGN_IN_LIMITS.accountFromClient + 3; i++) {
      await throttle.failed(ALICE);
      await throttle.retryAfterS(ALICE);
    }
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ msg: "sign-in throttled after repeated failures", limits: ["accountFromClient"] });
    expect(JSON.stringify(logged[0])).not.toContain(ALICE.email);
  });

  it("with its counters unreachable (Redis down) lets sign-ins through and warns, rather than failing them", async () => {
    const { logged } = setup();
    const down = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6379"));
    const logger = pino({ level: "warn" }, { write: (line: string) => void logged.push(JSON.parse(line) as { msg: string }) });
    const throttle = new SignInThrottle({ read: down, add: down, clear: down }, logger);
    await throttle.failed(ALICE);
    expect(await throttle.retryAfterS(ALICE)).toBeUndefined();
    await throttle.succeeded(ALICE);
    expect(logged.map((l) => l.msg)).toEqual(Array(3).fill("sign-in failure counters unavailable; signing in without throttling"));
  });

  it("in memory, keeps at most maxKeys counters, dropping expired then oldest ones", async () => {
    const { counters, clock } = setup({ maxKeys: 50 });
    for (let i = 0; i < 40; i++) await counters.add([`old${i}`], 1_000);
    clock.advance(2_000);
    for (let i = 0; i < 200; i++) await counters.add([`new${i}`], 60_000);
    const olds = await counters.read(Array.from({ length: 40 }, (_, i) => `old${i}`));
    expect(olds.every((r) => r.count === 0)).toBe(true);
    const news = await counters.read(Array.from({ length: 200 }, (_, i) => `new${i}`));
    const kept = news.filter((r) => r.count === 1).length;
    expect(kept).toBeLessThanOrEqual(50);
    expect(kept).toBeGreaterThan(0);
    // The newest survive eviction.
    expect(news.at(-1)?.count).toBe(1);
  });
});
