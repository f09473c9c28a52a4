import type { Database } from "../db/database";
import { calibrationFitKey, loadGradedPairs } from "./calibrate-question";
import type { JobQueue } from "./queue";

export type CalibrationRequest = { jobKey: string; n: number } | { jobKey: null; n: 0 };

/**
 * Enqueues a calibration of the question from its human grades, deduplicated by what would be
 * fitted: asking twice over the same grades runs once, a new grade runs again. Nothing is enqueued
 * while the question has no graded answer.
 */
export async function requestCalibration({ db, jobs, questionId }: { db: Database; jobs: Pick<JobQueue, "enqueue">; questionId: string }): Promise<CalibrationRequest> {
  const latest = await db.prisma.questionVersion.findFirst({ where: { questionId }, orderBy: { version: "desc" }, select: { id: true } });
  const pairs = latest ? await loadGradedPairs({ db, questionId }) : [];
  if (!latest || pairs.length === 0) return { jobKey: null, n: 0 };
  const key = calibrationFitKey({ questionVersionId: latest.id, pairs });
  const { jobKey } = await jobs.enqueue("calibrate-question", { questionId }, { dedupeKey: `calibrate:${key}` });
  return { jobKey, n: pairs.length };
}

/**
 * For the review flow: call after storing a HUMAN Score, so the question's calibration follows the
 * team's grades. Returns what was enqueued (nothing for a score that is not human).
 */
export async function calibrateAfterHumanScore({ db, jobs, scoreId }: { db: Database; jobs: Pick<JobQueue, "enqueue">; scoreId: string }): Promise<CalibrationRequest> {
  const score = await db.prisma.score.findUnique({ where: { id: scoreId }, select: { source: true, answer: { select: { turn: { select: { questionVersion: { select: { questionId: true } } } } } } } });
  if (!score || score.source !== "HUMAN") return { jobKey: null, n: 0 };
  return requestCalibration({ db, jobs, questionId: score.answer.turn.questionVersion.questionId });
}
