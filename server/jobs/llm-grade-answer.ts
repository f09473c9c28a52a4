import { z } from "zod";
import { ZQuestionFile } from "../../lib/questions/schema";
import type { Database } from "../db/database";
import { isUniqueViolation } from "../db/errors";
import type { Prisma } from "../db/generated/client";
import type { LlmClient } from "../followups/llm-client";
import type { Logger } from "../logger";
import { appendSessionEvent } from "../sessions/append-session-event";
import { gradeReplySchema, gradingSchema, GRADING_SYSTEM, gradingUserMessage, LLM_GRADING_VERSION, overallOfGrade } from "./llm-grading-prompt";
import { PermanentJobError } from "./queue";

export const ZLlmGradeAnswerPayload = z.strictObject({ answerId: z.string().min(1).max(64) });
export type LlmGradeAnswerResult = { scoreId: string | null; created: boolean; failure?: string };

export const ANSWER_LLM_GRADED = "answer.llm-graded";
export const ANSWER_LLM_GRADE_FAILED = "answer.llm-grade-failed";

export function llmScoreKey({ answerId, questionVersionId, model }: { answerId: string; questionVersionId: string; model: string }): string {
  return `llm:${answerId}:${questionVersionId}:${model}:${LLM_GRADING_VERSION}`;
}

/**
 * Asks the hosted model for a rubric grade with a written rationale and stores it as a Score with
 * source LLM and the model's name, beside the engine's score: nothing here reads or writes the
 * engine's Score, and follow-up decisions read only ENGINE scores. A failed call is thrown (the queue
 * retries it with backoff) until the last attempt, which records the reason as a staff event and
 * completes without an LLM score. Idempotent: one LLM Score per answer, version, model and prompt.
 */
export async function llmGradeAnswerJob({
  db,
  grader,
  answerId,
  attempt,
  maxAttempts,
  logger,
}: {
  db: Database;
  grader: LlmClient | undefined;
  answerId: string;
  attempt: number;
  maxAttempts: number;
  logger: Logger;
}): Promise<LlmGradeAnswerResult> {
  if (!grader) throw new PermanentJobError("hosted LLM grading is off (set OPENAI_GRADING=1 and OPENAI_API_KEY)");
  const answer = await db.prisma.answer.findUnique({
    where: { id: answerId },
    select: { id: true, text: true, turn: { select: { id: true, sessionId: true, questionVersionId: true, questionVersion: { select: { content: true } } } } },
  });
  if (!answer) throw new PermanentJobError(`answer ${answerId} does not exist`);
  const { turn } = answer;
  const idempotencyKey = llmScoreKey({ answerId, questionVersionId: turn.questionVersionId, model: grader.model });
  const existing = await db.prisma.score.findUnique({ where: { idempotencyKey }, select: { id: true } });
  if (existing) return { scoreId: existing.id, created: false };
  const content = ZQuestionFile.safeParse(turn.questionVersion.content);
  if (!content.success) throw new PermanentJobError(`question version ${turn.questionVersionId} is not a valid question file`);
  const q = content.data;

  let grade;
  try {
    grade = await grader.completeJson({ system: GRADING_SYSTEM, user: gradingUserMessage({ q, answerText: answer.text }), schema: gradingSchema(q), reply: gradeReplySchema(q), temperature: 0 });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (attempt < maxAttempts) throw err;
    logger.warn({ answerId, model: grader.model, attempts: attempt, reason }, "LLM grading failed on its last attempt; the answer keeps only the engine's score");
    await recordFailure({ db, sessionId: turn.sessionId, payload: { answerId, turnId: turn.id, model: grader.model, reason, attempts: attempt } });
    return { scoreId: null, created: false, failure: reason };
  }

  const overall5 = overallOfGrade(q, grade);
  const details = { rationale: grade.rationale, grader: LLM_GRADING_VERSION, criteria: grade.criteria } as Prisma.InputJsonValue;
  try {
    const scoreId = await db.prisma.$transaction(async (tx) => {
      const score = await tx.score.create({
        data: {
          answerId,
          source: "LLM",
          engineVersion: LLM_GRADING_VERSION,
          modelName: grader.model,
          idempotencyKey,
          overall5,
          overall100: Math.round(overall5 * 20),
          details,
          criteria: { create: grade.criteria.map((c) => ({ criterionId: c.criterionId, level: c.level, score: c.level, rationale: c.rationale })) },
        },
        select: { id: true },
      });
      await appendSessionEvent({ tx, sessionId: turn.sessionId, type: ANSWER_LLM_GRADED, visibility: "STAFF", payload: { answerId, turnId: turn.id, scoreId: score.id, overall5, model: grader.model } });
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

/** One failure event per answer and model, serialised on the session row like every timeline write. */
async function recordFailure({ db, sessionId, payload }: { db: Database; sessionId: string; payload: { answerId: string; turnId: string; model: string; reason: string; attempts: number } }) {
  await db.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "InterviewSession" WHERE id = ${sessionId} FOR UPDATE`;
    const found = await tx.sessionEvent.findFirst({
      where: { sessionId, type: ANSWER_LLM_GRADE_FAILED, AND: [{ payload: { path: ["answerId"], equals: payload.answerId } }, { payload: { path: ["model"], equals: payload.model } }] },
      select: { id: true },
    });
    if (!found) await appendSessionEvent({ tx, sessionId, type: ANSWER_LLM_GRADE_FAILED, visibility: "STAFF", payload });
  });
}
