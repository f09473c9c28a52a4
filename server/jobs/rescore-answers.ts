import { z } from "zod";
import { ZQuestionFile, type QuestionFile } from "../../lib/questions/schema";
import { ENGINE_VERSION, scoreAnswer, type Embedder } from "../../lib/scoring/engine";
import type { Database } from "../db/database";
import { isUniqueViolation } from "../db/errors";
import type { Prisma } from "../db/generated/client";
import { loadPeerTexts, scoringQuestionOf } from "./engine-input";
import { PermanentJobError } from "./queue";

export const ZRescoreAnswersPayload = z.strictObject({ questionVersionId: z.string().min(1).max(64) });
export type RescoreAnswersResult = { runId: string; created: boolean; answerCount: number };
export type CriterionDelta = { criterionId: string; old: number | null; new: number | null; delta: number | null };

/** Answers re-scored per run, oldest first; a question with more keeps its newest runs' worth for a later run. */
export const MAX_RESCORED_ANSWERS = 5_000;

/**
 * Whether a new version changes what the engine reads (prompt, reference answer, key points, rubric,
 * language): only then do stored scores need comparing. A new title or follow-up tree does not.
 */
export function scoringInputsChanged(before: QuestionFile, after: QuestionFile): boolean {
  return JSON.stringify(scoringQuestionOf(before)) !== JSON.stringify(scoringQuestionOf(after));
}

const ZStoredDetails = z.object({ calibration: z.object({ rawOverall5: z.number(), rawCriteria: z.array(z.object({ id: z.string(), score5: z.number() })) }).optional() });
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Re-scores every stored answer to the question's other versions against `questionVersionId` and
 * stores one RescoreRun with a RescoreResult per answer. The answers' own Scores are left as they
 * are. Both sides are uncalibrated engine scores (a calibration would blur what the rubric change
 * did). Idempotent per (answer, version, engine version): the run is unique on (version, engine)
 * and written in one transaction, so a retry or a duplicate finds it and writes nothing.
 */
export async function rescoreAnswersJob({ db, questionVersionId, embedder }: { db: Database; questionVersionId: string; embedder?: () => Promise<Embedder | undefined> }): Promise<RescoreAnswersResult> {
  const existing = await findRun(db, questionVersionId);
  if (existing) return { runId: existing.id, created: false, answerCount: existing.answerCount };
  const version = await db.prisma.questionVersion.findUnique({ where: { id: questionVersionId }, select: { id: true, questionId: true, content: true } });
  if (!version) throw new PermanentJobError(`question version ${questionVersionId} does not exist`);
  const content = ZQuestionFile.safeParse(version.content);
  if (!content.success) throw new PermanentJobError(`question version ${questionVersionId} is not a valid question file: ${z.prettifyError(content.error)}`);
  const question = scoringQuestionOf(content.data);
  const versionIds = (await db.prisma.questionVersion.findMany({ where: { questionId: version.questionId }, select: { id: true } })).map((v) => v.id);

  const answers = await db.prisma.answer.findMany({
    where: { turn: { questionVersionId: { in: versionIds.filter((id) => id !== version.id) } } },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    take: MAX_RESCORED_ANSWERS,
    select: {
      id: true,
      text: true,
      submittedAt: true,
      turn: { select: { questionVersionId: true } },
      scores: { where: { source: "ENGINE" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1, select: { id: true, overall5: true, details: true, criteria: { select: { criterionId: true, score: true } } } },
    },
  });
  const embed = await embedder?.();
  const results: Prisma.RescoreResultCreateManyRunInput[] = [];
  let skipped = 0;
  for (const a of answers) {
    const old = a.scores[0];
    if (!old) {
      skipped++;
      continue;
    }
    // The original score's uncalibrated values when it was calibrated.
    const raw = ZStoredDetails.safeParse(old.details).data?.calibration;
    const oldOverall = raw?.rawOverall5 ?? old.overall5;
    const oldCriteria = new Map(raw ? raw.rawCriteria.map((c) => [c.id, c.score5]) : old.criteria.map((c) => [c.criterionId, c.score]));
    const peerAnswers = await loadPeerTexts({ db, answer: a, questionVersionIds: versionIds });
    const next = await scoreAnswer({ question, answer: a.text, embedder: embed, peerAnswers });
    results.push({
      answerId: a.id,
      fromVersionId: a.turn.questionVersionId,
      oldScoreId: old.id,
      oldOverall5: oldOverall,
      newOverall5: next.overall5,
      delta: round3(next.overall5 - oldOverall),
      criteria: criterionDeltas(oldCriteria, new Map(next.criteria.map((c) => [c.id, c.score5]))),
    });
  }
  const changes = results.map((r) => Math.abs(r.delta));
  const summary = {
    answerCount: results.length,
    changedCount: changes.filter((d) => d > 0).length,
    skippedCount: skipped,
    meanAbsChange: changes.length ? round3(changes.reduce((s, d) => s + d, 0) / changes.length) : 0,
    maxAbsChange: changes.length ? Math.max(...changes) : 0,
  };
  try {
    const run = await db.prisma.rescoreRun.create({
      data: { questionId: version.questionId, questionVersionId: version.id, engineVersion: ENGINE_VERSION, ...summary, results: { createMany: { data: results } } },
      select: { id: true },
    });
    return { runId: run.id, created: true, answerCount: summary.answerCount };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const stored = await findRun(db, questionVersionId);
    if (!stored) throw err;
    return { runId: stored.id, created: false, answerCount: stored.answerCount };
  }
}

function findRun(db: Database, questionVersionId: string) {
  return db.prisma.rescoreRun.findUnique({ where: { questionVersionId_engineVersion: { questionVersionId, engineVersion: ENGINE_VERSION } }, select: { id: true, answerCount: true } });
}

/** Every criterion of either side, in the new rubric's order then the old one's. */
function criterionDeltas(old: Map<string, number>, next: Map<string, number>): CriterionDelta[] {
  const ids = [...new Set([...next.keys(), ...old.keys()])];
  return ids.map((criterionId) => {
    const o = old.get(criterionId) ?? null;
    const n = next.get(criterionId) ?? null;
    return { criterionId, old: o, new: n, delta: o !== null && n !== null ? round3(n - o) : null };
  });
}
