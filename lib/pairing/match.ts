import { accepts, fitScore, relaxedCriteria, rolesFit, type RelaxationSchedule, type Waiter } from "./criteria";

/** A pair to put in one room: `first` interviews first (the interviewer, or the peer who waited longer). */
export type Match = { first: Waiter; second: Waiter; peer: boolean; score: number };

const byArrival = (a: Waiter, b: Waiter) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Both sides must accept each other with the criteria each has relaxed so far. */
export function canPair(a: Waiter, b: Waiter, now: number, schedule: RelaxationSchedule): boolean {
  if (a.id === b.id || a.userId === b.userId || !rolesFit(a.role, b.role)) return false;
  return accepts(a, b, relaxedCriteria(now - a.joinedAt, schedule)) && accepts(b, a, relaxedCriteria(now - b.joinedAt, schedule));
}

function ordered(a: Waiter, b: Waiter): { first: Waiter; second: Waiter } {
  if (a.role === "CANDIDATE") return { first: b, second: a };
  if (b.role === "CANDIDATE") return { first: a, second: b };
  return byArrival(a, b) <= 0 ? { first: a, second: b } : { first: b, second: a };
}

/**
 * Pairs the waiters of one organisation. Deterministic: whoever has waited longest chooses first
 * and takes the partner that fits best (ties go to the partner who has waited longer, then to
 * the smaller id), so the same queue at the same time always gives the same pairs.
 */
export function findMatches(waiters: readonly Waiter[], now: number, schedule: RelaxationSchedule): Match[] {
  const queue = [...waiters].sort(byArrival);
  const taken = new Set<string>();
  const matches: Match[] = [];
  for (const w of queue) {
    if (taken.has(w.id)) continue;
    let best: { partner: Waiter; score: number } | undefined;
    for (const other of queue) {
      if (taken.has(other.id) || !canPair(w, other, now, schedule)) continue;
      const score = fitScore(w, other);
      // `queue` is in arrival order, so a strictly better score is needed to prefer a later arrival.
      if (!best || score > best.score) best = { partner: other, score };
    }
    if (!best) continue;
    taken.add(w.id).add(best.partner.id);
    matches.push({ ...ordered(w, best.partner), peer: w.role === "PEER", score: best.score });
  }
  return matches;
}
