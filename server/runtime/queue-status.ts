import { Redis } from "ioredis";
import type { Env } from "../env";
import type { Runtime } from "./runtime";

/** Queue mode and reachability: in-process without REDIS_URL, else a PING to Redis. */
export async function queueStatus(env: Env): Promise<Runtime["status"]["queue"]> {
  if (!env.REDIS_URL) return { mode: "in-process", ok: true };
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, retryStrategy: () => null });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return { mode: "redis", ok: true };
  } catch (err) {
    return { mode: "redis", ok: false, detail: (err as Error).message };
  } finally {
    redis.disconnect();
  }
}
