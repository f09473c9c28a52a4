import { nextRelaxationMs, relaxedCriteria, type Relaxable, type RelaxationSchedule, type Waiter } from "./criteria";

export type QueueStatusView = {
  entryId: string;
  /** 1 for the person who has waited longest among those queueing in the same role. */
  position: number;
  waitingSeconds: number;
  /** Everyone waiting in this organisation's queue, all roles. */
  waiting: number;
  criteria: { tags: string[]; level: string; lang: string; relaxed: Relaxable[] };
  /** Seconds until the next criterion relaxes; null once all have. */
  relaxesInSeconds: number | null;
};

/** What one waiter sees about their place in the queue, or undefined when they are not in it. */
export function queueStatus(waiters: readonly Waiter[], entryId: string, now: number, schedule: RelaxationSchedule): QueueStatusView | undefined {
  const me = waiters.find((w) => w.id === entryId);
  if (!me) return undefined;
  const ahead = waiters.filter((w) => w.role === me.role && w.id !== me.id && (w.joinedAt < me.joinedAt || (w.joinedAt === me.joinedAt && w.id < me.id)));
  const waited = Math.max(0, now - me.joinedAt);
  const next = nextRelaxationMs(waited, schedule);
  return {
    entryId,
    position: ahead.length + 1,
    waitingSeconds: Math.floor(waited / 1000),
    waiting: waiters.length,
    criteria: { tags: [...me.tags], level: me.level, lang: me.lang, relaxed: relaxedCriteria(waited, schedule) },
    relaxesInSeconds: next === null ? null : Math.ceil(next / 1000),
  };
}
