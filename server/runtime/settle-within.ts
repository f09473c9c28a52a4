/**
 * Waits until every promise has settled, or `ms` has passed, whichever comes first: true when all
 * settled in time. For shutdowns that let work under way finish without hanging on it.
 */
export async function settleWithin(promises: Iterable<Promise<unknown>>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([Promise.allSettled([...promises]).then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
