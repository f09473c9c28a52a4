/**
 * What a person waiting in the pairing queue asks for, and how those wishes widen with time.
 * Pure: the browser (countdown to the next relaxation), the server's matcher and the tests share it.
 */

export const QUEUE_ROLES = ["INTERVIEWER", "CANDIDATE", "PEER"] as const;
export type QueueRole = (typeof QUEUE_ROLES)[number];

/** The criteria that can be dropped, in the order a default schedule drops them. */
export const RELAXABLE = ["level", "tags", "lang"] as const;
export type Relaxable = (typeof RELAXABLE)[number];

/** Milliseconds of waiting after which each criterion no longer has to match. */
export type RelaxationSchedule = Record<Relaxable, number>;

/** After 20 s any level, after 45 s any topic, after 90 s any language. */
export const DEFAULT_RELAXATION: RelaxationSchedule = { level: 20_000, tags: 45_000, lang: 90_000 };

/** One open queue entry as the matcher sees it; `joinedAt` in epoch milliseconds. */
export type Waiter = {
  id: string;
  userId: string;
  role: QueueRole;
  /** Topic tags; none means "any topic". */
  tags: readonly string[];
  level: string;
  lang: string;
  joinedAt: number;
};

/** The criteria someone who has waited `waitedMs` no longer insists on, in schedule order. */
export function relaxedCriteria(waitedMs: number, schedule: RelaxationSchedule): Relaxable[] {
  return [...RELAXABLE].filter((c) => waitedMs >= schedule[c]).sort((a, b) => schedule[a] - schedule[b] || RELAXABLE.indexOf(a) - RELAXABLE.indexOf(b));
}

/** Milliseconds until the next criterion relaxes, or null when everything already has. */
export function nextRelaxationMs(waitedMs: number, schedule: RelaxationSchedule): number | null {
  const pending = RELAXABLE.map((c) => schedule[c] - waitedMs).filter((ms) => ms > 0);
  return pending.length ? Math.min(...pending) : null;
}

/** Interviewers pair with candidates, peers with peers. */
export function rolesFit(a: QueueRole, b: QueueRole): boolean {
  if (a === "PEER" || b === "PEER") return a === b;
  return a !== b;
}

export function tagOverlap(a: readonly string[], b: readonly string[]): number {
  const set = new Set(a);
  return new Set(b.filter((t) => set.has(t))).size;
}

/**
 * Whether `w`, with the criteria it has relaxed, accepts `other` as a partner. No tags on either
 * side means any topic, so it never blocks.
 */
export function accepts(w: Waiter, other: Waiter, relaxed: readonly Relaxable[]): boolean {
  if (!relaxed.includes("lang") && w.lang !== other.lang) return false;
  if (!relaxed.includes("level") && w.level !== other.level) return false;
  if (!relaxed.includes("tags") && w.tags.length > 0 && other.tags.length > 0 && tagOverlap(w.tags, other.tags) === 0) return false;
  return true;
}

/**
 * How well two waiters fit, higher is better: the same language matters most, then the level,
 * then how much the topics overlap (Jaccard; "any topic" counts as half a fit).
 */
export function fitScore(a: Waiter, b: Waiter): number {
  const tags = a.tags.length === 0 || b.tags.length === 0 ? 0.5 : tagOverlap(a.tags, b.tags) / new Set([...a.tags, ...b.tags]).size;
  return (a.lang === b.lang ? 4 : 0) + (a.level === b.level ? 2 : 0) + tags;
}
