import { quantileSorted } from "simple-statistics";

export const round2 = (x: number) => Math.round(x * 100) / 100;

/** p50/p95/p99/max of latencies in ms (0s for an empty sample, which the caller reports as a failure). */
export function percentiles(xs: ArrayLike<number>): { p50: number; p95: number; p99: number; max: number } {
  if (!xs.length) return { p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Array.from(xs).sort((a, b) => a - b);
  return {
    p50: round2(quantileSorted(sorted, 0.5)),
    p95: round2(quantileSorted(sorted, 0.95)),
    p99: round2(quantileSorted(sorted, 0.99)),
    max: round2(sorted[sorted.length - 1] ?? 0),
  };
}

export function median(xs: number[]): number {
  if (!xs.length) return 0;
  return round2(quantileSorted([...xs].sort((a, b) => a - b), 0.5));
}

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping the input order of the results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
