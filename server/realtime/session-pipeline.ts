import type { Database } from "../db/database";
import type { JobQueue } from "../jobs/queue";
import type { Logger } from "../logger";
import { settleWithin } from "../runtime/settle-within";
import { toProposal, toStaffScore } from "../sessions/views";
import { roomName, staffRoomName, type MockroomServer } from "./rooms";

/** How long stopping waits for job results still being delivered (each is a few short reads and emits). */
const STOP_WAIT_MS = 5_000;

/**
 * Carries job results back into live rooms: a stored engine score goes to the session's staff
 * (and "scoring done" to everyone, without the score), then a follow-up proposal is requested and,
 * when it is stored, sent to staff. Every web server hears every completion (BullMQ's queue events
 * with Redis, the in-process queue without), so each emits to its own sockets only (`io.local`):
 * with the Redis adapter a global emit from each server would deliver duplicates.
 * The returned stop() unsubscribes and waits for deliveries already under way, so a shutdown closes
 * the database and the job queue only after them (they read the one and may enqueue into the other).
 */
export function connectJobsToRooms({ io, db, jobs, logger }: { io: MockroomServer; db: Database; jobs: JobQueue; logger: Logger }): () => Promise<void> {
  const underWay = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    underWay.add(p);
    void p.finally(() => underWay.delete(p));
  };
  // A scoring job that gave up is said out loud: nobody waits on "assessing…" for ever.
  const offDead = jobs.onDeadLetter((event) => {
    if (event.jobId !== "score-answer") return;
    const answerId = (event.payload as { answerId?: unknown } | null)?.answerId;
    if (typeof answerId !== "string") return;
    const delivery = db.prisma.answer
      .findUnique({ where: { id: answerId }, select: { turn: { select: { sessionId: true } } } })
      .then((a) => {
        if (a) io.local.to(roomName(a.turn.sessionId)).emit("answer:scoring", { sessionId: a.turn.sessionId, answerId, state: "failed" });
      })
      .catch((err: unknown) => logger.error({ err, answerId }, "reporting a failed scoring job to its room failed"));
    track(delivery);
  });
  const offCompleted = jobs.onCompleted((event) => {
    const work = async () => {
      if (event.jobId === "score-answer") {
        const scoreId = (event.result as { scoreId?: unknown } | null)?.scoreId;
        if (typeof scoreId !== "string") return;
        const row = await db.prisma.score.findUnique({
          where: { id: scoreId },
          select: { id: true, answerId: true, overall5: true, overall100: true, confidence: true, engineVersion: true, details: true, criteria: true, answer: { select: { turnId: true, turn: { select: { sessionId: true, session: { select: { kind: true } } } } } } },
        });
        if (!row) return;
        const sessionId = row.answer.turn.sessionId;
        io.local.to(staffRoomName(sessionId)).emit("staff:score", { sessionId, score: toStaffScore(row) });
        io.local.to(roomName(sessionId)).emit("answer:scoring", { sessionId, answerId: row.answerId, state: "done" });
        if (row.answer.turn.session.kind === "LIVE") {
          await jobs.enqueue("propose-follow-up", { turnId: row.answer.turnId }, { dedupeKey: `follow-up:${row.answerId}` });
        }
      } else if (event.jobId === "propose-follow-up") {
        const eventId = (event.result as { eventId?: unknown } | null)?.eventId;
        if (typeof eventId !== "string") return;
        const ev = await db.prisma.sessionEvent.findUnique({ where: { id: eventId }, select: { id: true, type: true, payload: true, sessionId: true } });
        const proposal = ev && toProposal(ev);
        if (ev && proposal) io.local.to(staffRoomName(ev.sessionId)).emit("staff:proposal", { sessionId: ev.sessionId, proposal });
      }
    };
    track(work().catch((err: unknown) => logger.error({ err, job: event.jobId, jobKey: event.jobKey }, "delivering a job result to its room failed")));
  });
  return async () => {
    offDead();
    offCompleted();
    if (!(await settleWithin(underWay, STOP_WAIT_MS))) logger.warn({ underWay: underWay.size, waitedMs: STOP_WAIT_MS }, "stopped before every job result was delivered to its room");
  };
}
