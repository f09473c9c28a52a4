import { z } from "zod";
import { decideFollowUp } from "../../lib/followups/decide-follow-up";
import { ZLang, ZQuestionFile } from "../../lib/questions/schema";
import type { Database } from "../db/database";
import type { Prisma } from "../db/generated/client";
import type { LlmClient } from "../followups/llm-client";
import type { LocalGenerator } from "../followups/local-generator";
import { proposeFollowUp } from "../followups/propose-follow-up";
import { appendSessionEvent } from "../sessions/append-session-event";
import { PermanentJobError } from "./queue";
import type { SessionEventType } from "../../lib/sessions/event-types";

export const ZProposeFollowUpPayload = z.strictObject({ turnId: z.string().min(1).max(64) });
export type ProposeFollowUpResult = { eventId: string; created: boolean; action: "follow-up" | "advance" };

export const FOLLOW_UP_PROPOSED: SessionEventType = "follow-up.proposed";
/** The decision not to follow up is recorded too, so a reviewer can see why the interview moved on. */
export const FOLLOW_UP_SKIPPED: SessionEventType = "follow-up.skipped";

const ZEngineDetails = z.object({
  keyPoints: z.array(z.object({ id: z.string(), statement: z.string(), status: z.enum(["covered", "partly", "missing", "contradicted"]) })),
});

/**
 * Decides and words a follow-up to a turn's latest answer from its engine score, and stores the
 * proposal as a staff-only session event. One proposal per (turn, answer): a retry, or a second job,
 * finds the stored event under the session row lock and writes nothing. Time is measured from stored
 * timestamps (root turn asked → answer submitted), never the clock, so a retry decides the same.
 */
export async function proposeFollowUpJob({ db, turnId, llm, generator }: { db: Database; turnId: string; llm?: LlmClient | undefined; generator?: LocalGenerator | undefined }): Promise<ProposeFollowUpResult> {
  const turn = await db.prisma.turn.findUnique({
    where: { id: turnId },
    select: {
      id: true,
      sessionId: true,
      questionVersionId: true,
      questionVersion: { select: { content: true } },
      session: { select: { lang: true, turns: { select: { id: true, parentTurnId: true, followUpId: true, prompt: true, askedAt: true } } } },
      answers: {
        orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
        take: 1,
        select: { id: true, text: true, submittedAt: true, scores: { where: { source: "ENGINE" }, orderBy: { createdAt: "desc" }, take: 1, select: { details: true, overall5: true } } },
      },
    },
  });
  if (!turn) throw new PermanentJobError(`turn ${turnId} does not exist`);
  const answer = turn.answers[0];
  if (!answer) throw new PermanentJobError(`turn ${turnId} has no answer to follow up on`);
  const existing = await findProposal({ tx: db.prisma, sessionId: turn.sessionId, answerId: answer.id });
  if (existing) return { eventId: existing.id, created: false, action: existing.type === FOLLOW_UP_SKIPPED ? "advance" : "follow-up" };

  const score = answer.scores[0];
  // Retryable: the scoring job for this answer may simply not have run yet.
  if (!score) throw new Error(`answer ${answer.id} has no engine score yet`);
  const details = ZEngineDetails.safeParse(score.details);
  if (!details.success) throw new PermanentJobError(`score of answer ${answer.id} has no key point statuses: ${z.prettifyError(details.error)}`);
  const content = ZQuestionFile.safeParse(turn.questionVersion.content);
  if (!content.success) throw new PermanentJobError(`question version ${turn.questionVersionId} is not a valid question file`);
  const question = content.data;
  const lang = ZLang.safeParse(turn.session.lang).data ?? question.lang;

  const byId = new Map(turn.session.turns.map((t) => [t.id, t]));
  let root = byId.get(turn.id);
  let depth = 0;
  // Bounded by the number of turns, so a corrupted cycle cannot loop forever.
  while (root?.parentTurnId && depth < byId.size) {
    root = byId.get(root.parentTurnId);
    depth++;
  }
  const askedAt = root?.askedAt ?? answer.submittedAt;
  const decision = decideFollowUp({
    question,
    score: { keyPoints: details.data.keyPoints.map((k) => ({ ...k, evidence: [] })), overall5: score.overall5 },
    askedFollowUpIds: turn.session.turns.flatMap((t) => (t.followUpId ? [t.followUpId] : [])),
    askedPrompts: turn.session.turns.flatMap((t) => (t.prompt ? [t.prompt] : [])),
    depth,
    elapsedSeconds: Math.max(0, (answer.submittedAt.getTime() - askedAt.getTime()) / 1000),
    budgetSeconds: question.timeMinutes * 60,
    lang,
  });

  // Worded outside the transaction: a slow model must not hold the session row lock.
  const base = { turnId, answerId: answer.id };
  const event =
    decision.action === "advance"
      ? { type: FOLLOW_UP_SKIPPED, payload: { ...base, why: decision.why, reason: decision.reason } }
      : await proposeFollowUp({ decision, question, answerText: answer.text, lang, llm, generator }).then((p) => ({
          type: FOLLOW_UP_PROPOSED,
          payload: { ...base, prompt: p.prompt, source: p.source, model: p.model ?? null, reason: p.reason, keyPointId: decision.target.keyPointId ?? null, gap: decision.target.status, followUpId: decision.authored?.id ?? null },
        }));

  return db.prisma.$transaction(async (tx) => {
    // Serialises proposals of one session, so the check below sees any proposal committed meanwhile.
    await tx.$queryRaw`SELECT id FROM "InterviewSession" WHERE id = ${turn.sessionId} FOR UPDATE`;
    const stored = await findProposal({ tx, sessionId: turn.sessionId, answerId: answer.id });
    if (stored) return { eventId: stored.id, created: false, action: stored.type === FOLLOW_UP_SKIPPED ? "advance" : "follow-up" };
    const row = await appendSessionEvent({ tx, sessionId: turn.sessionId, type: event.type, visibility: "STAFF", payload: event.payload as Prisma.InputJsonValue });
    return { eventId: row.id, created: true, action: decision.action };
  });
}

async function findProposal({ tx, sessionId, answerId }: { tx: Prisma.TransactionClient; sessionId: string; answerId: string }) {
  return tx.sessionEvent.findFirst({
    where: { sessionId, type: { in: [FOLLOW_UP_PROPOSED, FOLLOW_UP_SKIPPED] }, payload: { path: ["answerId"], equals: answerId } },
    select: { id: true, type: true },
  });
}
