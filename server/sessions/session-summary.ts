import { z } from "zod";
import { AppError } from "../../lib/errors";
import type { HumanScoreView, NoteView, Proposal, StaffScore } from "../../lib/realtime/contract";
import { parsePlan } from "../../lib/sessions/plan";
import type { Database } from "../db/database";
import { appendSessionEvent } from "./append-session-event";
import { getParticipant } from "./get-participant";
import { minutesFor, turnSelect } from "./room-state";
import { questionOf, toHumanScore, toNote, toProposal, toStaffScore, toTurnView } from "./views";

export type SummaryQuestion = {
  turnId: string;
  index: number;
  title: string;
  prompt: string;
  followUp: boolean;
  followUpSource: string | null;
  /** The rubric's criteria, for names next to the scores. */
  criteria: { id: string; name: string }[];
  answer: { id: string; text: string; submittedAt: string } | null;
  /** With no answer submitted: what the candidate had typed (the interviewer moved on, or time ran out), and when it was last saved. */
  draft: { text: string; savedAt: string } | null;
  engine: StaffScore | null;
  human: HumanScoreView[];
  proposals: Pick<Proposal, "prompt" | "source" | "keyPointId" | "gap" | "advanceWhy" | "reason" | "action">[];
};
export type SessionSummary = {
  id: string;
  title: string;
  status: string;
  startedAt: string | null;
  endedAt: string | null;
  participants: { userId: string; name: string; role: string }[];
  questions: SummaryQuestion[];
  notes: NoteView[];
  timeline: { seq: number; type: string; actor: string | null; at: string; payload: unknown }[];
  feedback: string | null;
  feedbackSharedAt: string | null;
  averages: { engine: number | null; human: number | null };
};

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null);

/** The end-of-session picture for interviewers and observers; candidates are refused (they get shared feedback). */
export async function sessionSummary({ db, sessionId, userId }: { db: Database; sessionId: string; userId: string }): Promise<SessionSummary> {
  const m = await getParticipant({ db, sessionId, userId });
  if (m.role === "CANDIDATE") throw new AppError("FORBIDDEN", "The summary is for the interviewer; your feedback appears in your history once shared.");
  const s = await db.prisma.interviewSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: {
      id: true,
      title: true,
      status: true,
      plan: true,
      startedAt: true,
      endedAt: true,
      feedback: true,
      feedbackSharedAt: true,
      participants: { select: { userId: true, role: true, user: { select: { name: true } } } },
      turns: {
        orderBy: { index: "asc" },
        select: {
          ...turnSelect,
          followUpSource: true,
          drafts: { where: { text: { not: "" } }, orderBy: { updatedAt: "desc" }, take: 1, select: { text: true, updatedAt: true } },
          answers: {
            orderBy: { submittedAt: "asc" },
            take: 1,
            select: {
              id: true,
              text: true,
              submittedAt: true,
              scores: { where: { reviewId: null }, orderBy: { createdAt: "asc" }, select: { id: true, source: true, answerId: true, raterId: true, overall5: true, overall100: true, confidence: true, engineVersion: true, details: true, criteria: true } },
            },
          },
        },
      },
      notes: { orderBy: { createdAt: "asc" }, include: { author: { select: { name: true } } } },
      events: { orderBy: { seq: "asc" }, take: 2000, select: { id: true, seq: true, type: true, payload: true, createdAt: true, actor: { select: { name: true } } } },
    },
  });
  const plan = parsePlan(s.plan);
  const proposals = s.events.flatMap((e) => (e.type.startsWith("follow-up.") ? (toProposal(e) ?? []) : []));
  const questions: SummaryQuestion[] = s.turns.map((t) => {
    const a = t.answers[0];
    const engine = a?.scores.find((x) => x.source === "ENGINE");
    return {
      turnId: t.id,
      index: t.index,
      title: t.questionVersion.title,
      prompt: toTurnView(t, minutesFor(t, plan)).prompt,
      followUp: Boolean(t.parentTurnId),
      followUpSource: t.followUpSource,
      criteria: (questionOf(t)?.rubric ?? []).map((c) => ({ id: c.id, name: c.name })),
      answer: a ? { id: a.id, text: a.text, submittedAt: a.submittedAt.toISOString() } : null,
      draft: !a && t.drafts[0]?.text.trim() ? { text: t.drafts[0].text, savedAt: t.drafts[0].updatedAt.toISOString() } : null,
      engine: engine && a ? toStaffScore({ ...engine, answer: { turnId: t.id } }) : null,
      human: a ? a.scores.filter((x) => x.source === "HUMAN").map((x) => toHumanScore({ ...x, criteria: x.criteria })) : [],
      proposals: proposals.filter((p) => p.turnId === t.id).map((p) => ({ prompt: p.prompt, source: p.source, keyPointId: p.keyPointId, gap: p.gap, advanceWhy: p.advanceWhy, reason: p.reason, action: p.action })),
    };
  });
  return {
    id: s.id,
    title: s.title,
    status: s.status,
    startedAt: s.startedAt?.toISOString() ?? null,
    endedAt: s.endedAt?.toISOString() ?? null,
    participants: s.participants.map((p) => ({ userId: p.userId, name: p.user.name, role: p.role })),
    questions,
    notes: s.notes.map(toNote),
    timeline: s.events.map((e) => ({ seq: e.seq, type: e.type, actor: e.actor?.name ?? null, at: e.createdAt.toISOString(), payload: e.payload })),
    feedback: s.feedback,
    feedbackSharedAt: s.feedbackSharedAt?.toISOString() ?? null,
    averages: {
      engine: mean(questions.flatMap((q) => (q.engine ? [q.engine.overall5] : []))),
      human: mean(questions.flatMap((q) => q.human.map((h) => h.overall5))),
    },
  };
}

export const ZFeedback = z.strictObject({
  feedback: z.string().trim().min(1, "must not be empty").max(20_000),
  share: z.boolean().default(false),
});

/** Saves the interviewer's feedback; sharing makes it visible to the candidate (in the room and their history). */
export async function saveFeedback({ db, sessionId, userId, input }: { db: Database; sessionId: string; userId: string; input: z.infer<typeof ZFeedback> }): Promise<{ feedback: string; sharedAt: string | null }> {
  const m = await getParticipant({ db, sessionId, userId });
  if (m.role !== "INTERVIEWER") throw new AppError("FORBIDDEN", "Only the interviewer writes feedback.");
  const s = await db.prisma.$transaction(async (tx) => {
    const cur = await tx.interviewSession.findUniqueOrThrow({ where: { id: sessionId }, select: { feedbackSharedAt: true } });
    const sharedAt = input.share ? (cur.feedbackSharedAt ?? new Date()) : cur.feedbackSharedAt;
    const row = await tx.interviewSession.update({ where: { id: sessionId }, data: { feedback: input.feedback, feedbackSharedAt: sharedAt }, select: { feedback: true, feedbackSharedAt: true } });
    await appendSessionEvent({ tx, sessionId, type: input.share ? "feedback.shared" : "feedback.saved", actorId: userId, visibility: input.share ? "ALL" : "STAFF", payload: { chars: input.feedback.length } });
    return row;
  });
  return { feedback: s.feedback ?? "", sharedAt: s.feedbackSharedAt?.toISOString() ?? null };
}

export type CandidateHistoryItem = { sessionId: string; title: string; endedAt: string | null; status: string; feedback: string | null; answered: number };

/** A candidate's past live sessions with the feedback shared with them (never scores, notes or rubric). */
export async function candidateHistory({ db, userId }: { db: Database; userId: string }): Promise<CandidateHistoryItem[]> {
  const rows = await db.prisma.interviewSession.findMany({
    where: { kind: "LIVE", participants: { some: { userId, role: "CANDIDATE" } } },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, title: true, status: true, endedAt: true, feedback: true, feedbackSharedAt: true, turns: { select: { answers: { where: { authorId: userId }, select: { id: true } } } } },
  });
  return rows.map((r) => ({
    sessionId: r.id,
    title: r.title,
    status: r.status,
    endedAt: r.endedAt?.toISOString() ?? null,
    feedback: r.feedbackSharedAt ? r.feedback : null,
    answered: r.turns.reduce((n, t) => n + t.answers.length, 0),
  }));
}
