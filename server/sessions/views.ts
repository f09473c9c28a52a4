/**
 * Database rows -> the realtime contract's views. The split between what everyone sees (TurnView,
 * AnswerView) and what only staff see (StaffTurn, StaffScore, Proposal, NoteView, HumanScoreView)
 * is made here, once: candidate-facing builders never read the hidden fields at all.
 */
import { z } from "zod";
import { ADVANCE_WHY } from "../../lib/followups/decide-follow-up";
import { GAP_STATUSES } from "../../lib/followups/templates";
import { ZQuestionFile, type QuestionFile } from "../../lib/questions/schema";
import type { AnswerView, HumanScoreView, NoteView, Proposal, StaffScore, StaffTurn, TurnView } from "../../lib/realtime/contract";

export type TurnRow = {
  id: string;
  index: number;
  parentTurnId: string | null;
  prompt: string | null;
  hintsRevealed: number;
  askedAt: Date;
  closedAt: Date | null;
  questionVersionId: string;
  questionVersion: { title: string; content: unknown };
};

const cache = new Map<string, QuestionFile | null>();
/** Question versions are immutable, so their parsed content is cached by version id. */
export function questionOf(turn: Pick<TurnRow, "questionVersionId" | "questionVersion">): QuestionFile | null {
  let q = cache.get(turn.questionVersionId);
  if (q === undefined) {
    const parsed = ZQuestionFile.safeParse(turn.questionVersion.content);
    q = parsed.success ? parsed.data : null;
    if (cache.size > 2000) cache.clear();
    cache.set(turn.questionVersionId, q);
  }
  return q;
}

export function toTurnView(t: TurnRow, minutes: number): TurnView {
  const q = questionOf(t);
  const hints = q?.hints ?? [];
  return {
    id: t.id,
    index: t.index,
    parentTurnId: t.parentTurnId,
    title: t.questionVersion.title,
    prompt: t.prompt ?? q?.prompt ?? t.questionVersion.title,
    hints: hints.slice(0, t.hintsRevealed),
    hintCount: t.parentTurnId ? 0 : hints.length,
    minutes,
    askedAt: t.askedAt.toISOString(),
    closedAt: t.closedAt?.toISOString() ?? null,
  };
}

export function toStaffTurn(t: TurnRow): StaffTurn {
  const q = questionOf(t);
  const followUps: { id: string; prompt: string }[] = [];
  const walk = (list: QuestionFile["followUps"]) => {
    for (const f of list) {
      followUps.push({ id: f.id, prompt: f.prompt });
      if (f.followUps) walk(f.followUps as QuestionFile["followUps"]);
    }
  };
  walk(q?.followUps ?? []);
  return {
    turnId: t.id,
    questionVersionId: t.questionVersionId,
    referenceAnswer: q?.referenceAnswer ?? "",
    keyPoints: (q?.keyPoints ?? []).map((k) => ({ id: k.id, statement: k.statement, weight: k.weight, aliases: k.aliases, misconceptions: k.misconceptions.map((m) => ({ statement: m.statement, cues: m.cues })) })),
    rubric: (q?.rubric ?? []).map((c) => ({ id: c.id, name: c.name, weight: c.weight, levels: c.levels.map((l) => ({ score: l.score, label: l.label, description: l.description })) })),
    followUps,
  };
}

export type AnswerRow = { id: string; turnId: string; authorId: string; clientId: string; text: string; submittedAt: Date; scores: { source: string }[] };
export function toAnswerView(a: AnswerRow, failed = false): AnswerView {
  const scored = a.scores.some((s) => s.source === "ENGINE");
  return { id: a.id, turnId: a.turnId, authorId: a.authorId, clientId: a.clientId, text: a.text, submittedAt: a.submittedAt.toISOString(), scoring: scored ? "done" : failed ? "failed" : "queued" };
}

const ZDetails = z
  .object({
    keyPoints: z
      .array(z.object({ id: z.string(), statement: z.string(), status: z.string(), evidence: z.array(z.object({ text: z.string() })).catch([]) }))
      .catch([]),
    // Scores stored before cautions existed have none.
    feedback: z.object({ good: z.array(z.string()), missing: z.array(z.string()), wrong: z.array(z.string()), cautions: z.array(z.string()).catch([]) }).nullable().catch(null),
  })
  .catch({ keyPoints: [], feedback: null });

export type ScoreRow = {
  id: string;
  answerId: string;
  overall5: number;
  overall100: number;
  confidence: number | null;
  engineVersion: string | null;
  details: unknown;
  criteria: { criterionId: string; level: number; score: number; rationale: string | null }[];
  answer: { turnId: string };
};
export function toStaffScore(s: ScoreRow): StaffScore {
  const d = ZDetails.parse(s.details ?? {});
  return {
    answerId: s.answerId,
    turnId: s.answer.turnId,
    overall5: s.overall5,
    overall100: s.overall100,
    confidence: s.confidence,
    engineVersion: s.engineVersion,
    criteria: s.criteria.map((c) => ({ criterionId: c.criterionId, level: c.level, score: c.score, label: c.rationale })),
    keyPoints: d.keyPoints.map((k) => ({ id: k.id, statement: k.statement, status: k.status, evidence: k.evidence.map((e) => e.text) })),
    feedback: d.feedback ? { good: d.feedback.good, missing: d.feedback.missing, wrong: d.feedback.wrong, cautions: d.feedback.cautions } : null,
  };
}

const ZProposalPayload = z.object({
  turnId: z.string(),
  answerId: z.string(),
  prompt: z.string().nullish(),
  source: z.string().nullish(),
  keyPointId: z.string().nullish().catch(null),
  // Proposals stored before the gap was recorded have none.
  gap: z.enum(GAP_STATUSES).nullish().catch(null),
  why: z.enum(ADVANCE_WHY).nullish().catch(null),
  reason: z.string().catch(""),
});
export function toProposal(e: { id: string; type: string; payload: unknown }): Proposal | null {
  const p = ZProposalPayload.safeParse(e.payload);
  if (!p.success) return null;
  return {
    eventId: e.id,
    answerId: p.data.answerId,
    turnId: p.data.turnId,
    action: e.type === "follow-up.proposed" ? "follow-up" : "advance",
    prompt: p.data.prompt ?? null,
    source: p.data.source ?? null,
    keyPointId: p.data.keyPointId ?? null,
    gap: p.data.gap ?? null,
    advanceWhy: e.type === "follow-up.proposed" ? null : (p.data.why ?? null),
    reason: p.data.reason,
  };
}

export function toNote(n: { id: string; turnId: string | null; authorId: string; body: string; createdAt: Date; author: { name: string } }): NoteView {
  return { id: n.id, turnId: n.turnId, authorId: n.authorId, authorName: n.author.name, body: n.body, createdAt: n.createdAt.toISOString() };
}

const ZHumanDetails = z.object({ comment: z.string().nullable().catch(null) }).catch({ comment: null });
export function toHumanScore(s: { id: string; answerId: string; raterId: string | null; overall5: number; details: unknown; criteria: { criterionId: string; level: number }[] }): HumanScoreView {
  return {
    scoreId: s.id,
    answerId: s.answerId,
    raterId: s.raterId ?? "",
    overall5: s.overall5,
    criteria: s.criteria.map((c) => ({ criterionId: c.criterionId, level: c.level })),
    comment: ZHumanDetails.parse(s.details ?? {}).comment,
  };
}
