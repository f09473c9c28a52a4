import type { Database } from "../db/database";
import type { CriterionDelta } from "./rescore-answers";

/** A question's re-scoring runs, newest first, each with its per-answer differences. */
export async function listRescoreRuns({ db, questionId, limit = 20 }: { db: Database; questionId: string; limit?: number }) {
  const runs = await db.prisma.rescoreRun.findMany({
    where: { questionId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { questionVersion: { select: { version: true } }, results: { orderBy: [{ delta: "asc" }, { answerId: "asc" }] } },
  });
  return runs.map((r) => ({
    id: r.id,
    version: r.questionVersion.version,
    questionVersionId: r.questionVersionId,
    engineVersion: r.engineVersion,
    createdAt: r.createdAt.toISOString(),
    answerCount: r.answerCount,
    changedCount: r.changedCount,
    skippedCount: r.skippedCount,
    meanAbsChange: r.meanAbsChange,
    maxAbsChange: r.maxAbsChange,
    results: r.results.map((x) => ({
      answerId: x.answerId,
      fromVersionId: x.fromVersionId,
      oldScoreId: x.oldScoreId,
      oldOverall5: x.oldOverall5,
      newOverall5: x.newOverall5,
      delta: x.delta,
      criteria: x.criteria as CriterionDelta[],
    })),
  }));
}
