import { z } from "zod";
import { ZQuestionFile } from "../../lib/questions/schema";
import { ENGINE_VERSION, scoreAnswer, type Embedder } from "../../lib/scoring/engine";
import type { Database } from "../db/database";
import { isUniqueViolation } from "../db/errors";
import type { Prisma } from "../db/generated/client";
import { appendSessionEvent } from "../sessions/append-session-event";
import { PermanentJobError } from "./queue";

export const ZScoreAnswerPayload = z.strictObject({ answerId: z.string().min(1).max(64) });
export type ScoreAnswerPayload = z.infer<typeof ZScoreAnswerPayload>;
export type ScoreAnswerResult = { scoreId: string; created: boolean };

/** One engine score per answer, question version and engine version: the key a retried job collides on. */
export function engineScoreKey({ answerId, questionVersionId }: { answerId: string; questionVersionId: string }): string {
  return `engine:${answerId}:${questionVersionId}:${ENGINE_VERSION}`;
}

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
    select: { id: true, text: true, submittedAt: true, turn: { select: { id: true, sessionId: true, questionVersionId: true, questionVersion: { select: { content: true } } } } },
  });
  if (!answer) throw new PermanentJobError(`answer ${answerId} does not exist`);
  const { turn } = answer;
  const idempotencyKey = engineScoreKey({ answerId, questionVersionId: turn.questionVersionId });

  // A retry after a committed write skips the engine entirely.
  const existing = await db.prisma.score.findUnique({ where: { idempotencyKey }, select: { id: true } });
  if (existing) return { scoreId: existing.id, created: false };

  const content = ZQuestionFile.safeParse(turn.questionVersion.content);
  if (!content.success) throw new PermanentJobError(`question version ${turn.questionVersionId} is not a valid question file: ${z.prettifyError(content.error)}`);
  const q = content.data;
  // Earlier answers to the same question version, text only (never their scores): the engine's
  // peer signals compare this answer with how other candidates answered. Oldest first, so a
  // re-run sees the same peers it saw the first time.
  const peers = await db.prisma.answer.findMany({
    where: { turn: { questionVersionId: turn.questionVersionId }, id: { not: answer.id }, submittedAt: { lte: answer.submittedAt } },
    select: { text: true },
    orderBy: { submittedAt: "asc" },
    take: 60,
  });
  const result = await scoreAnswer({
    question: { prompt: q.prompt, referenceAnswer: q.referenceAnswer, lang: q.lang, keyPoints: q.keyPoints, rubric: q.rubric },
    answer: answer.text,
    embedder: await embedder?.(),
    peerAnswers: peers.map((p) => p.text),
  });
  const details = { keyPoints: result.keyPoints, feedback: result.feedback, flags: result.flags, features: result.features } as Prisma.InputJsonValue;

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
    return { scoreId, created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const stored = await db.prisma.score.findUnique({ where: { idempotencyKey }, select: { id: true } });
    if (!stored) throw err;
    return { scoreId: stored.id, created: false };
  }
}
