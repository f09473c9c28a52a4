import { Redis } from "ioredis";

/** Deletes every key under `prefix:` so a test or benchmark leaves Redis as it found it. */
export async function deleteRedisKeys({ url, prefix }: { url: string; prefix: string }): Promise<number> {
  const redis = new Redis(url);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 })) keys.push(...(batch as string[]));
    if (keys.length) await redis.del(...keys);
    return keys.length;
  } finally {
    await redis.quit();
  }
}
