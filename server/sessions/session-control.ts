import { AppError } from "../../lib/errors";
import type { AnswerView, HumanScoreView, NoteView, SessionStatusEvent, StaffTurn, TurnView } from "../../lib/realtime/contract";
import { parsePlan } from "../../lib/sessions/plan";
import type { Database } from "../db/database";
import { isUniqueViolation } from "../db/errors";
import type { Prisma } from "../db/generated/client";
import { appendSessionEvent } from "./append-session-event";
import { getParticipant, type SessionMember } from "./get-participant";
import { minutesFor, turnSelect } from "./room-state";
import { questionOf, toAnswerView, toHumanScore, toNote, toStaffTurn, toTurnView } from "./views";

type Role = SessionMember["role"];

async function requireRole(db: Database, sessionId: string, userId: string, roles: Role[], what: string): Promise<SessionMember> {
  const m = await getParticipant({ db, sessionId, userId });
  if (!roles.includes(m.role)) throw new AppError("FORBIDDEN", `Only the ${roles.map((r) => r.toLowerCase()).join(" or ")} can ${what}.`);
  return m;
}

function requireStatus(m: SessionMember, allowed: string[], what: string): void {
  if (!allowed.includes(m.session.status)) throw new AppError("CONFLICT", `The session is ${m.session.status.toLowerCase()}; you cannot ${what} now.`);
}

const statusOf = (s: { id: string; status: string; startedAt: Date | null; endedAt: Date | null }): SessionStatusEvent => ({
  sessionId: s.id,
  status: s.status,
  startedAt: s.startedAt?.toISOString() ?? null,
  endedAt: s.endedAt?.toISOString() ?? null,
});

export async function startSession({ db, sessionId, userId }: { db: Database; sessionId: string; userId: string }): Promise<SessionStatusEvent> {
  const m = await requireRole(db, sessionId, userId, ["INTERVIEWER"], "start the session");
  if (m.session.status === "ACTIVE") return statusOf(await db.prisma.interviewSession.findUniqueOrThrow({ where: { id: sessionId } }));
  requireStatus(m, ["LOBBY", "SCHEDULED"], "start it");
  return db.prisma.$transaction(async (tx) => {
    const s = await tx.interviewSession.update({ where: { id: sessionId }, data: { status: "ACTIVE", startedAt: new Date() } });
    await appendSessionEvent({ tx, sessionId, type: "session.started", actorId: userId, payload: {} });
    return statusOf(s);
  });
}

export async function endSession({ db, sessionId, userId }: { db: Database; sessionId: string; userId: string }): Promise<SessionStatusEvent> {
  const m = await requireRole(db, sessionId, userId, ["INTERVIEWER"], "end the session");
  if (m.session.status === "ENDED") return statusOf(await db.prisma.interviewSession.findUniqueOrThrow({ where: { id: sessionId } }));
  return db.prisma.$transaction(async (tx) => {
    const now = new Date();
    await tx.turn.updateMany({ where: { sessionId, closedAt: null }, data: { closedAt: now } });
    const s = await tx.interviewSession.update({ where: { id: sessionId }, data: { status: "ENDED", endedAt: now } });
    await appendSessionEvent({ tx, sessionId, type: "session.ended", actorId: userId, payload: {} });
    return statusOf(s);
  });
}

const norm = (s: string) => s.toLowerCase().replace(/[\s\p{P}]+/gu, "");

/**
 * Asks the next question: a plan item, or a follow-up to an earlier turn (one the AI proposed and
 * the interviewer clicked, or one typed by hand). The previous open turn closes. A question already
 * asked in this session is refused. In a peer session, the first question of the second half swaps
 * the two peers' roles in the same transaction (`swapped`).
 */
export async function pushQuestion({
  db,
  sessionId,
  userId,
  push,
}: {
  db: Database;
  sessionId: string;
  userId: string;
  push: { planIndex: number } | { followUp: { parentTurnId: string; prompt: string; proposalEventId?: string | undefined } };
}): Promise<{ turn: TurnView; staffTurn: StaffTurn; swapped: boolean }> {
  const m = await requireRole(db, sessionId, userId, ["INTERVIEWER"], "ask questions");
  requireStatus(m, ["ACTIVE"], "ask a question (start the session first)");
  const session = await db.prisma.interviewSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { plan: true },
  });
  const plan = parsePlan(session.plan);
  let data: Omit<Prisma.TurnUncheckedCreateInput, "sessionId" | "index">;
  let half: 0 | 1 | undefined;
  if ("planIndex" in push) {
    const item = plan[push.planIndex];
    if (!item) throw new AppError("VALIDATION_FAILED", `The plan has no question ${push.planIndex + 1}.`);
    data = { questionVersionId: item.questionVersionId };
    half = item.half;
  } else {
    const parent = await db.prisma.turn.findFirst({ where: { id: push.followUp.parentTurnId, sessionId }, select: { id: true, questionVersionId: true } });
    if (!parent) throw new AppError("VALIDATION_FAILED", "The follow-up's parent turn is not part of this session.");
    const prompt = push.followUp.prompt.trim();
    let source = "interviewer";
    let reason = "typed by the interviewer";
    let followUpId: string | null = null;
    if (push.followUp.proposalEventId) {
      const ev = await db.prisma.sessionEvent.findFirst({ where: { id: push.followUp.proposalEventId, sessionId, type: "follow-up.proposed" }, select: { payload: true } });
      if (!ev) throw new AppError("VALIDATION_FAILED", "No such follow-up proposal in this session.");
      const p = ev.payload as { source?: string; reason?: string; followUpId?: string | null };
      source = p.source ?? "proposal";
      reason = p.reason ?? "proposed";
      followUpId = p.followUpId ?? null;
    }
    data = { questionVersionId: parent.questionVersionId, parentTurnId: parent.id, prompt, followUpSource: source, followUpReason: reason, followUpId };
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.prisma.$transaction(async (tx) => {
        // Serialises pushes (two interviewer tabs): the checks below see every turn committed before this one.
        await tx.$queryRaw`SELECT id FROM "InterviewSession" WHERE id = ${sessionId} FOR UPDATE`;
        const asked = await tx.turn.findMany({ where: { sessionId }, select: { parentTurnId: true, questionVersionId: true, prompt: true } });
        if (!data.parentTurnId && asked.some((t) => !t.parentTurnId && t.questionVersionId === data.questionVersionId)) throw new AppError("CONFLICT", "This question has already been asked in this session.");
        if (data.prompt && asked.some((t) => t.prompt && norm(t.prompt) === norm(data.prompt as string))) throw new AppError("CONFLICT", "This follow-up has already been asked in this session.");
        // Peer sessions: the first question of the second half swaps the two peers' roles, once.
        const swap = half === 1 && !asked.some((t) => !t.parentTurnId && plan.find((p) => p.questionVersionId === t.questionVersionId)?.half === 1);
        const now = new Date();
        await tx.turn.updateMany({ where: { sessionId, closedAt: null }, data: { closedAt: now } });
        const index = await tx.turn.count({ where: { sessionId } });
        const turn = await tx.turn.create({ data: { ...data, sessionId, index, askedAt: now }, select: turnSelect });
        if (swap) {
          const ps = await tx.sessionParticipant.findMany({ where: { sessionId, role: { in: ["INTERVIEWER", "CANDIDATE"] } }, select: { id: true, role: true } });
          for (const p of ps) await tx.sessionParticipant.update({ where: { id: p.id }, data: { role: p.role === "INTERVIEWER" ? "CANDIDATE" : "INTERVIEWER" } });
          await appendSessionEvent({ tx, sessionId, type: "session.roles-swapped", actorId: userId, payload: {} });
        }
        await appendSessionEvent({
          tx,
          sessionId,
          type: "question.pushed",
          actorId: userId,
          payload: { turnId: turn.id, index, title: turn.questionVersion.title, followUp: Boolean(turn.parentTurnId) },
        });
        return { turn: toTurnView(turn, minutesFor(turn, plan)), staffTurn: toStaffTurn(turn), swapped: swap };
      });
    } catch (err) {
      // Two pushes racing for the same index: the loser retries with the next one.
      if (isUniqueViolation(err) && attempt < 3) continue;
      throw err;
    }
  }
}

export async function revealHint({ db, sessionId, userId, turnId }: { db: Database; sessionId: string; userId: string; turnId: string }): Promise<{ index: number; text: string }> {
  await requireRole(db, sessionId, userId, ["INTERVIEWER"], "reveal hints");
  const turn = await db.prisma.turn.findFirst({ where: { id: turnId, sessionId }, select: turnSelect });
  if (!turn) throw new AppError("NOT_FOUND", "No such question in this session.");
  const hints = turn.parentTurnId ? [] : (questionOf(turn)?.hints ?? []);
  if (turn.hintsRevealed >= hints.length) throw new AppError("CONFLICT", "Every hint of this question has been revealed.");
  return db.prisma.$transaction(async (tx) => {
    // Conditional on the count read above, so two clicks reveal two hints, never the same one twice.
    const { count } = await tx.turn.updateMany({ where: { id: turnId, hintsRevealed: turn.hintsRevealed }, data: { hintsRevealed: { increment: 1 } } });
    if (!count) throw new AppError("CONFLICT", "Another hint was revealed at the same moment; try again.");
    const index = turn.hintsRevealed;
    await appendSessionEvent({ tx, sessionId, type: "hint.revealed", actorId: userId, payload: { turnId, index } });
    return { index, text: hints[index] ?? "" };
  });
}

/**
 * Stores a candidate's final answer. The client-generated id makes a resend (after a timeout, a
 * reconnect, a server restart) return the stored answer with `created: false`; a second, different
 * answer to the same question is refused.
 */
export async function submitAnswer({
  db,
  sessionId,
  userId,
  turnId,
  clientId,
  text,
}: {
  db: Database;
  sessionId: string;
  userId: string;
  turnId: string;
  clientId: string;
  text: string;
}): Promise<{ answer: AnswerView; created: boolean }> {
  const select = { id: true, turnId: true, authorId: true, clientId: true, text: true, submittedAt: true, scores: { select: { source: true } } } as const;
  const existing = await db.prisma.answer.findUnique({ where: { authorId_clientId: { authorId: userId, clientId } }, select });
  if (existing) {
    if (existing.turnId !== turnId) throw new AppError("CONFLICT", "This answer id was already used for another question.");
    return { answer: toAnswerView(existing), created: false };
  }
  const m = await requireRole(db, sessionId, userId, ["CANDIDATE"], "answer");
  requireStatus(m, ["ACTIVE"], "submit an answer");
  const turn = await db.prisma.turn.findFirst({ where: { id: turnId, sessionId }, select: { id: true } });
  if (!turn) throw new AppError("NOT_FOUND", "No such question in this session.");
  try {
    const row = await db.prisma.$transaction(async (tx) => {
      const other = await tx.answer.findFirst({ where: { turnId, authorId: userId }, select: { id: true } });
      if (other) throw new AppError("CONFLICT", "You have already answered this question.");
      const a = await tx.answer.create({ data: { turnId, authorId: userId, clientId, text }, select });
      await appendSessionEvent({ tx, sessionId, type: "answer.submitted", actorId: userId, payload: { answerId: a.id, turnId, chars: text.length } });
      return a;
    });
    return { answer: toAnswerView(row), created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const again = await db.prisma.answer.findUniqueOrThrow({ where: { authorId_clientId: { authorId: userId, clientId } }, select });
    return { answer: toAnswerView(again), created: false };
  }
}

/** A private note (interviewers and observers). A resend with the same client id within the session returns the stored note. */
export async function addNote({ db, sessionId, userId, turnId, clientId, body }: { db: Database; sessionId: string; userId: string; turnId?: string | undefined; clientId: string; body: string }): Promise<{ note: NoteView; created: boolean }> {
  await requireRole(db, sessionId, userId, ["INTERVIEWER", "OBSERVER"], "write notes");
  if (turnId && !(await db.prisma.turn.findFirst({ where: { id: turnId, sessionId }, select: { id: true } }))) throw new AppError("NOT_FOUND", "No such question in this session.");
  const include = { author: { select: { name: true } } } as const;
  const prior = await db.prisma.sessionEvent.findFirst({ where: { sessionId, type: "note.added", actorId: userId, payload: { path: ["clientId"], equals: clientId } }, select: { payload: true } });
  const priorId = (prior?.payload as { noteId?: string } | undefined)?.noteId;
  if (priorId) {
    const n = await db.prisma.note.findUnique({ where: { id: priorId }, include });
    if (n) return { note: toNote(n), created: false };
  }
  const n = await db.prisma.$transaction(async (tx) => {
    const note = await tx.note.create({ data: { sessionId, authorId: userId, turnId: turnId ?? null, body }, include });
    await appendSessionEvent({ tx, sessionId, type: "note.added", actorId: userId, visibility: "STAFF", payload: { noteId: note.id, clientId, turnId: turnId ?? null } });
    return note;
  });
  return { note: toNote(n), created: true };
}

/**
 * The interviewer's rubric scores for one answer: one level per criterion, each one of that
 * criterion's anchored levels. Scoring again replaces the interviewer's earlier scores for it.
 */
export async function scoreAnswerByInterviewer({
  db,
  sessionId,
  userId,
  answerId,
  criteria,
  comment,
}: {
  db: Database;
  sessionId: string;
  userId: string;
  answerId: string;
  criteria: { criterionId: string; level: number }[];
  comment?: string | undefined;
}): Promise<HumanScoreView> {
  await requireRole(db, sessionId, userId, ["INTERVIEWER"], "score answers");
  const answer = await db.prisma.answer.findFirst({ where: { id: answerId, turn: { sessionId } }, select: { id: true, turn: { select: turnSelect } } });
  if (!answer) throw new AppError("NOT_FOUND", "No such answer in this session.");
  const rubric = questionOf(answer.turn)?.rubric ?? [];
  let total = 0;
  let weights = 0;
  for (const c of criteria) {
    const crit = rubric.find((r) => r.id === c.criterionId);
    if (!crit) throw new AppError("VALIDATION_FAILED", `The rubric has no criterion "${c.criterionId}".`);
    if (!crit.levels.some((l) => l.score === c.level)) throw new AppError("VALIDATION_FAILED", `"${crit.name}" has no level ${c.level}.`);
    total += crit.weight * c.level;
    weights += crit.weight;
  }
  if (new Set(criteria.map((c) => c.criterionId)).size !== criteria.length) throw new AppError("VALIDATION_FAILED", "Each criterion may be scored once.");
  const overall5 = Math.round((total / weights) * 100) / 100;
  const idempotencyKey = `human:live:${answerId}:${userId}`;
  const row = await db.prisma.$transaction(async (tx) => {
    await tx.score.deleteMany({ where: { idempotencyKey } });
    const s = await tx.score.create({
      data: {
        answerId,
        source: "HUMAN",
        raterId: userId,
        idempotencyKey,
        overall5,
        overall100: overall5 * 20,
        details: { comment: comment ?? null },
        criteria: { create: criteria.map((c) => ({ criterionId: c.criterionId, level: c.level, score: c.level })) },
      },
      select: { id: true, answerId: true, raterId: true, overall5: true, details: true, criteria: { select: { criterionId: true, level: true } } },
    });
    await appendSessionEvent({ tx, sessionId, type: "score.human", actorId: userId, visibility: "STAFF", payload: { answerId, scoreId: s.id, overall5 } });
    return s;
  });
  return toHumanScore(row);
}
