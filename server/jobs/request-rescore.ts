import { ZQuestionFile } from "../../lib/questions/schema";
import { ENGINE_VERSION } from "../../lib/scoring/engine";
import type { Database } from "../db/database";
import type { Logger } from "../logger";
import { getRuntime } from "../runtime/runtime";
import type { JobQueue } from "./queue";
import { scoringInputsChanged } from "./rescore-answers";

export type RescoreRequest = { jobKey: string; questionVersionId: string; version: number };

/** One rescore job per version and engine version, however often it is asked for. */
export function rescoreDedupeKey(questionVersionId: string): string {
  return `rescore:${questionVersionId}:${ENGINE_VERSION}`;
}

function runtimeJobs(): JobQueue | undefined {
  try {
    return getRuntime().jobs;
  } catch {
    return undefined;
  }
}

function runtimeLogger(): Logger | undefined {
  try {
    return getRuntime().logger;
  } catch {
    return undefined;
  }
}

/** Enqueues re-scoring of the question's stored answers against its latest version; undefined when it has none. */
export async function requestRescore({ db, jobs, questionId }: { db: Database; jobs: Pick<JobQueue, "enqueue">; questionId: string }): Promise<RescoreRequest | undefined> {
  const latest = await db.prisma.questionVersion.findFirst({ where: { questionId }, orderBy: { version: "desc" }, select: { id: true, version: true } });
  if (!latest) return undefined;
  const { jobKey } = await jobs.enqueue("rescore-answers", { questionVersionId: latest.id }, { dedupeKey: rescoreDedupeKey(latest.id) });
  return { jobKey, questionVersionId: latest.id, version: latest.version };
}

/**
 * Called after a publish created `versionId`: when it changed what the engine reads compared with
 * the version before it, the stored answers are re-scored against it. A failed enqueue is logged and
 * does not undo the publish (POST /api/v1/questions/:id/rescore asks again).
 */
export async function rescoreAfterPublish({
  db,
  jobs = runtimeJobs(),
  logger,
  versionId,
}: {
  db: Database;
  /** Defaults to the running server's queue; none (a script, a unit test) means no re-scoring. */
  jobs?: Pick<JobQueue, "enqueue"> | undefined;
  logger?: Logger | undefined;
  versionId: string;
}): Promise<RescoreRequest | undefined> {
  if (!jobs) return undefined;
  try {
    const next = await db.prisma.questionVersion.findUnique({ where: { id: versionId }, select: { id: true, questionId: true, version: true, content: true } });
    if (!next) return undefined;
    const prev = await db.prisma.questionVersion.findFirst({ where: { questionId: next.questionId, version: { lt: next.version } }, orderBy: { version: "desc" }, select: { content: true } });
    if (!prev) return undefined;
    const before = ZQuestionFile.safeParse(prev.content);
    const after = ZQuestionFile.safeParse(next.content);
    if (before.success && after.success && !scoringInputsChanged(before.data, after.data)) return undefined;
    const { jobKey } = await jobs.enqueue("rescore-answers", { questionVersionId: next.id }, { dedupeKey: rescoreDedupeKey(next.id) });
    return { jobKey, questionVersionId: next.id, version: next.version };
  } catch (err) {
    (logger ?? runtimeLogger())?.error({ err, versionId }, "could not enqueue re-scoring after publish");
    return undefined;
  }
}
