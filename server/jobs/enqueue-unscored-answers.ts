import { ENGINE_VERSION } from "../../lib/scoring/engine";
import type { Database } from "../db/database";
import type { JobQueue } from "./queue";

/**
 * Re-enqueues scoring for answers that have no score from the current engine version: answers
 * submitted while a worker was down, lost from an in-process queue by a restart, or scored by an
 * older engine. Safe to run at every start: the job is idempotent and deduplicated by answer.
 */
export async function enqueueUnscoredAnswers({ db, queue, limit = 500 }: { db: Database; queue: JobQueue; limit?: number }): Promise<number> {
  const answers = await db.prisma.answer.findMany({
    where: { scores: { none: { source: "ENGINE", engineVersion: ENGINE_VERSION } } },
    select: { id: true },
    orderBy: { submittedAt: "asc" },
    take: limit,
  });
  for (const a of answers) await queue.enqueue("score-answer", { answerId: a.id }, { dedupeKey: `score:${a.id}` });
  return answers.length;
}
