import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "../logger";

/**
 * Failed sign-ins allowed per window before further attempts are refused (verifyCredentials answers
 * RATE_LIMITED, 429) until the window ends; a refused attempt never reaches the password check, so
 * guessing also stops costing argon2 time. Three counters, each with its own limit:
 * - one account from one client address: the ordinary guesser, stopped after a handful of tries;
 * - one account from anywhere: guessing spread over many addresses (looser, so a stranger's typos
 *   from elsewhere cannot lock the owner out for long);
 * - one client address across accounts: trying one password on many accounts.
 * A successful sign-in clears the first two (the owner is back); the address counter runs out on its own.
 * When the counters cannot be reached (Redis down) sign-in goes on unthrottled, with a warning:
 * locking everyone out would be worse than a while without the limit.
 */
export const SIGN_IN_LIMITS = {
  windowMs: 15 * 60_000,
  accountFromClient: 5,
  account: 30,
  client: 60,
} as const;
export type SignInLimits = { [K in keyof typeof SIGN_IN_LIMITS]: number };

/** Failure counters that expire a fixed window after their first failure. */
export type FailureCounters = {
  /** The count under each key (0 when absent or expired) and how long until that key's window ends. */
  read(keys: readonly string[]): Promise<{ count: number; remainingMs: number }[]>;
  /** Counts one failure under each key (a key's window starts with its first failure) and returns the new counts. */
  add(keys: readonly string[], windowMs: number): Promise<number[]>;
  clear(keys: readonly string[]): Promise<void>;
};

/** Who is signing in: the account's email (as typed; compared case-insensitively) and the client's address when known. */
export type SignInAttempt = { email: string; client?: string | undefined };

export class SignInThrottle {
  constructor(
    private readonly counters: FailureCounters,
    private readonly logger: Logger,
    private readonly limits: SignInLimits = SIGN_IN_LIMITS,
  ) {}

  /**
   * Seconds until the attempt may be made when any of its counters is at its limit, else undefined.
   * (Data, not an AppError: this object is created by the custom server and called from Next's bundle,
   * which has its own copy of the AppError class.)
   */
  async retryAfterS(attempt: SignInAttempt): Promise<number | undefined> {
    const keys = this.keysOf(attempt);
    const state = await this.counters.read(keys.map((k) => k.key)).catch((err: unknown) => this.unavailable(err, []));
    let retryAfterMs = 0;
    for (const [i, k] of keys.entries()) {
      const s = state[i];
      if (s && s.count >= k.limit) retryAfterMs = Math.max(retryAfterMs, s.remainingMs);
    }
    return retryAfterMs > 0 ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : undefined;
  }

  /** Counts a failed attempt; the failure that reaches a limit is logged (once per counter and window, not per refusal). */
  async failed(attempt: SignInAttempt): Promise<void> {
    const keys = this.keysOf(attempt);
    const counts = await this.counters
      .add(
        keys.map((k) => k.key),
        this.limits.windowMs,
      )
      .catch((err: unknown) => this.unavailable(err, []));
    const reached = keys.filter((k, i) => counts[i] === k.limit).map((k) => k.kind);
    if (reached.length) this.logger.warn({ account: accountKey(attempt.email), client: attempt.client, limits: reached, windowMs: this.limits.windowMs }, "sign-in throttled after repeated failures");
  }

  async succeeded(attempt: SignInAttempt): Promise<void> {
    await this.counters
      .clear(
        this.keysOf(attempt)
          .filter((k) => k.clearedOnSuccess)
          .map((k) => k.key),
      )
      .catch((err: unknown) => this.unavailable(err, undefined));
  }

  private unavailable<T>(err: unknown, fallback: T): T {
    this.logger.warn({ err }, "sign-in failure counters unavailable; signing in without throttling");
    return fallback;
  }

  private keysOf({ email, client }: SignInAttempt): { key: string; kind: keyof Omit<SignInLimits, "windowMs">; limit: number; clearedOnSuccess: boolean }[] {
    const account = accountKey(email);
    const keys: ReturnType<SignInThrottle["keysOf"]> = [{ key: `a:${account}`, kind: "account", limit: this.limits.account, clearedOnSuccess: true }];
    if (client) {
      keys.push({ key: `ac:${account}:${client}`, kind: "accountFromClient", limit: this.limits.accountFromClient, clearedOnSuccess: true });
      keys.push({ key: `c:${client}`, kind: "client", limit: this.limits.client, clearedOnSuccess: false });
    }
    return keys;
  }
}

/** Counters and logs keep a hash of the email, never the email itself (Redis keys, log lines). */
function accountKey(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("base64url").slice(0, 22);
}

/**
 * Counters of this process (the embedded default, and one web server). Bounded: past `maxKeys`
 * the expired ones go first, then the oldest, so a flood of made-up accounts cannot grow it without end.
 */
export function memoryFailureCounters({ now = Date.now, maxKeys = 100_000 }: { now?: () => number; maxKeys?: number } = {}): FailureCounters {
  const entries = new Map<string, { count: number; until: number }>();
  const live = (key: string) => {
    const e = entries.get(key);
    if (e && e.until <= now()) {
      entries.delete(key);
      return undefined;
    }
    return e;
  };
  const makeRoom = () => {
    if (entries.size < maxKeys) return;
    const t = now();
    for (const [k, e] of entries) if (e.until <= t) entries.delete(k);
    // Insertion order is age order: drop the oldest windows.
    for (const k of entries.keys()) {
      if (entries.size < maxKeys) break;
      entries.delete(k);
    }
  };
  return {
    read: (keys) =>
      Promise.resolve(
        keys.map((k) => {
          const e = live(k);
          return e ? { count: e.count, remainingMs: e.until - now() } : { count: 0, remainingMs: 0 };
        }),
      ),
    add(keys, windowMs) {
      return Promise.resolve(
        keys.map((k) => {
          const e = live(k);
          if (e) return ++e.count;
          makeRoom();
          entries.set(k, { count: 1, until: now() + windowMs });
          return 1;
        }),
      );
    },
    clear(keys) {
      for (const k of keys) entries.delete(k);
      return Promise.resolve();
    },
  };
}

/** Counters shared by every web server of a deployment (REDIS_URL): INCR with an expiry set by the first failure. */
export function redisFailureCounters(redis: Redis, prefix: string): FailureCounters {
  const full = (k: string) => `${prefix}:signin:${k}`;
  return {
    async read(keys) {
      if (!keys.length) return [];
      const multi = redis.multi();
      for (const k of keys) multi.get(full(k)).pttl(full(k));
      const replies = (await multi.exec()) ?? [];
      return keys.map((_, i) => {
        const [countErr, count] = replies[2 * i] ?? [];
        const [ttlErr, ttl] = replies[2 * i + 1] ?? [];
        if (countErr) throw countErr;
        if (ttlErr) throw ttlErr;
        const n = Number(count ?? 0);
        const remainingMs = Number(ttl);
        return remainingMs > 0 ? { count: n, remainingMs } : { count: 0, remainingMs: 0 };
      });
    },
    async add(keys, windowMs) {
      if (!keys.length) return [];
      const multi = redis.multi();
      for (const k of keys) multi.incr(full(k)).pexpire(full(k), windowMs, "NX");
      const replies = (await multi.exec()) ?? [];
      for (const [err] of replies) if (err) throw err;
      return keys.map((_, i) => Number(replies[2 * i]?.[1]));
    },
    async clear(keys) {
      if (keys.length) await redis.del(...keys.map(full));
    },
  };
}
