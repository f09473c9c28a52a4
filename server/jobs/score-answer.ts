import { z } from "zod";
import { ZQuestionFile } from "../../lib/questions/schema";
import { ENGINE_VERSION, scoreAnswer, type Embedder } from "../../lib/scoring/engine";
import type { Database } from "../db/database";
import { isUniqueViolation } from "../db/errors";
import type { Prisma } from "../db/generated/client";
import { appendSessionEvent } from "../sessions/append-session-event";
import { loadPeerTexts, scoringQuestionOf } from "./engine-input";
import { loadLatestCalibration } from "./load-calibration";
import { PermanentJobError } from "./queue";

export const ZScoreAnswerPayload = z.strictObject({ answerId: z.string().min(1).max(64) });
export type ScoreAnswerPayload = z.infer<typeof ZScoreAnswerPayload>;
export type ScoreAnswerResult = { answerId: string; scoreId: string; created: boolean };

/** One engine score per answer, question version and engine version: the key a retried job collides on. */
export function engineScoreKey({ answerId, questionVersionId }: { answerId: string; questionVersionId: string }): string {
  return `engine:${answerId}:${questionVersionId}:${ENGINE_VERSION}`;
}

/** What score-answer stores in Score.details.calibration when a question calibration was applied. */
export type StoredCalibrationDetails = { id: string; method: string; parameters: unknown; rawOverall5: number; rawOverall100: number; rawCriteria: { id: string; level: number; score5: number }[]; calibratedOverall5: number };

/**
 * Scores one submitted answer with the engine and stores the Score, its CriterionScores and an
 * "answer.scored" staff event in one transaction. Safe to run any number of times: the unique
 * idempotencyKey lets only the first writer in, and later runs return the stored score.
 */
export async function scoreAnswerJob({
  db,
  answerId,
  embedder,
}: {
  db: Database;
  answerId: string;
  /** Loads the neural embedder when one is provisioned; undefined scores lexically. */
  embedder?: () => Promise<Embedder | undefined>;
}): Promise<ScoreAnswerResult> {
  const answer = await db.prisma.answer.findUnique({
    where: { id: answerId },
    select: { id: true, text: true, submittedAt: true, turn: { select: { id: true, sessionId: true, questionVersionId: true, questionVersion: { select: { content: true, questionId: true } } } } },
  });
  if (!answer) throw new PermanentJobError(`answer ${answerId} does not exist`);
  const { turn } = answer;
  const idempotencyKey = engineScoreKey({ answerId, questionVersionId: turn.questionVersionId });

  // A retry after a committed write skips the engine entirely.
  const existing = await db.prisma.score.findUnique({ where: { idempotencyKey }, select: { id: true } });
  if (existing) return { answerId, scoreId: existing.id, created: false };

  const content = ZQuestionFile.safeParse(turn.questionVersion.content);
  if (!content.success) throw new PermanentJobError(`question version ${turn.questionVersionId} is not a valid question file: ${z.prettifyError(content.error)}`);
  const question = scoringQuestionOf(content.data);
  const peerAnswers = await loadPeerTexts({ db, answer, questionVersionIds: [turn.questionVersionId] });
  const embed = await embedder?.();
  const raw = await scoreAnswer({ question, answer: answer.text, embedder: embed, peerAnswers });
  // With a calibration for the question, the stored score is the calibrated one; the raw engine
  // values and the calibration's id and parameters go beside it, so either can be reproduced.
  const stored = await loadLatestCalibration({ db, questionId: turn.questionVersion.questionId });
  const result = stored ? await scoreAnswer({ question, answer: answer.text, embedder: embed, peerAnswers, calibration: stored.calibration }) : raw;
  const calibration = stored
    ? ({
        id: stored.id,
        method: stored.calibration.method,
        parameters: stored.calibration.data,
        rawOverall5: raw.overall5,
        rawOverall100: raw.overall100,
        rawCriteria: raw.criteria.map((c) => ({ id: c.id, level: c.level, score5: c.score5 })),
        calibratedOverall5: result.overall5,
      } satisfies StoredCalibrationDetails)
    : undefined;
  const details = { keyPoints: result.keyPoints, feedback: result.feedback, flags: result.flags, features: result.features, ...(calibration ? { calibration } : {}) } as Prisma.InputJsonValue;

  try {
    const scoreId = await db.prisma.$transaction(async (tx) => {
      // The Score insert comes first: a concurrent duplicate blocks on the unique index here
      // and fails before it touches the session's event counter.
      const score = await tx.score.create({
        data: {
          answerId,
          source: "ENGINE",
          engineVersion: result.engineVersion,
          modelName: result.models.join("+"),
          idempotencyKey,
          overall100: result.overall100,
          overall5: result.overall5,
          confidence: result.confidence,
          details,
          criteria: { create: result.criteria.map((c) => ({ criterionId: c.id, level: c.level, score: c.score5, rationale: c.label })) },
        },
        select: { id: true },
      });
      await appendSessionEvent({
        tx,
        sessionId: turn.sessionId,
        type: "answer.scored",
        visibility: "STAFF",
        payload: { answerId, turnId: turn.id, scoreId: score.id, overall5: result.overall5, overall100: result.overall100, engineVersion: result.engineVersion },
      });
      return score.id;
    });
    return { answerId, scoreId, created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const stored = await db.prisma.score.findUnique({ where: { idempotencyKey }, select: { id: true } });
    if (!stored) throw err;
    return { answerId, scoreId: stored.id, created: false };
  }
}
