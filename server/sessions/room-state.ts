import type { DraftView, Participant, RoomState, StaffState } from "../../lib/realtime/contract";
import { parsePlan, totalMinutes } from "../../lib/sessions/plan";
import type { Database } from "../db/database";
import type { DraftStore } from "./draft-store";
import type { SessionMember } from "./get-participant";
import { toAnswerView, toHumanScore, toNote, toProposal, toStaffScore, toStaffTurn, toTurnView, type TurnRow } from "./views";
import { toChatMessage } from "./send-chat-message";

export const turnSelect = {
  id: true,
  index: true,
  parentTurnId: true,
  prompt: true,
  hintsRevealed: true,
  askedAt: true,
  closedAt: true,
  questionVersionId: true,
  questionVersion: { select: { title: true, content: true } },
} as const;

export const isStaff = (role: SessionMember["role"]) => role !== "CANDIDATE";

/** Minutes budgeted for a turn: its plan item's, or its root question's for a follow-up. */
export function minutesFor(turn: Pick<TurnRow, "questionVersionId">, plan: ReturnType<typeof parsePlan>): number {
  return plan.find((p) => p.questionVersionId === turn.questionVersionId)?.minutes ?? 5;
}

/**
 * Everything a participant needs to (re)enter a room in its exact state, rebuilt from the database
 * (plus drafts still in this server's memory): after a refresh, a dropped network or a server
 * restart the client gets the same picture. Candidates get their own answers and drafts and no
 * `staff` object at all; interviewers and observers get everything.
 */
export async function buildRoomState({
  db,
  drafts,
  member,
  userId,
  participants,
}: {
  db: Database;
  drafts: DraftStore;
  member: SessionMember;
  userId: string;
  participants: Participant[];
}): Promise<RoomState> {
  const sessionId = member.session.id;
  const staff = isStaff(member.role);
  const s = await db.prisma.interviewSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: {
      title: true,
      status: true,
      lang: true,
      plan: true,
      roomCode: true,
      inviteToken: true,
      startedAt: true,
      endedAt: true,
      feedback: true,
      feedbackSharedAt: true,
      turns: { orderBy: { index: "asc" }, select: turnSelect },
      chat: { orderBy: { createdAt: "asc" }, take: 500, include: { author: { select: { name: true } } } },
    },
  });
  const plan = parsePlan(s.plan);
  const answers = await db.prisma.answer.findMany({
    where: { turn: { sessionId }, ...(staff ? {} : { authorId: userId }) },
    orderBy: { submittedAt: "asc" },
    select: { id: true, turnId: true, authorId: true, clientId: true, text: true, submittedAt: true, scores: { select: { source: true } } },
  });
  const draftViews: DraftView[] = await drafts.ofSession(sessionId, staff ? undefined : userId);
  const you = participants.find((p) => p.userId === userId) ?? { userId, name: "", role: member.role, online: true, status: "online" as const };
  const state: RoomState = {
    sessionId,
    title: s.title,
    status: s.status,
    lang: s.lang,
    serverTime: new Date().toISOString(),
    startedAt: s.startedAt?.toISOString() ?? null,
    endedAt: s.endedAt?.toISOString() ?? null,
    totalMinutes: totalMinutes(plan),
    peer: plan.some((p) => p.half !== undefined),
    questionCount: plan.length,
    you,
    participants,
    turns: s.turns.map((t) => toTurnView(t, minutesFor(t, plan))),
    answers: answers.map((a) => toAnswerView(a)),
    drafts: draftViews,
    chat: s.chat.map(toChatMessage),
    feedback: s.feedbackSharedAt || staff ? (s.feedback ?? null) : null,
  };
  if (staff) state.staff = await buildStaffState({ db, sessionId, roomCode: s.roomCode, inviteToken: s.inviteToken, plan, turns: s.turns });
  return state;
}

async function buildStaffState({ db, sessionId, roomCode, inviteToken, plan, turns }: { db: Database; sessionId: string; roomCode: string; inviteToken: string; plan: ReturnType<typeof parsePlan>; turns: TurnRow[] }): Promise<StaffState> {
  const [scores, events, notes, humans] = await Promise.all([
    db.prisma.score.findMany({
      where: { source: "ENGINE", answer: { turn: { sessionId } } },
      orderBy: { createdAt: "asc" },
      select: { id: true, answerId: true, overall5: true, overall100: true, confidence: true, engineVersion: true, details: true, criteria: true, answer: { select: { turnId: true } } },
    }),
    db.prisma.sessionEvent.findMany({ where: { sessionId, type: { in: ["follow-up.proposed", "follow-up.skipped"] } }, orderBy: { seq: "asc" }, select: { id: true, type: true, payload: true } }),
    db.prisma.note.findMany({ where: { sessionId }, orderBy: { createdAt: "asc" }, include: { author: { select: { name: true } } } }),
    db.prisma.score.findMany({
      where: { source: "HUMAN", reviewId: null, answer: { turn: { sessionId } } },
      orderBy: { createdAt: "asc" },
      select: { id: true, answerId: true, raterId: true, overall5: true, details: true, criteria: { select: { criterionId: true, level: true } } },
    }),
  ]);
  return {
    roomCode,
    inviteToken,
    plan: plan.map((p) => ({ title: p.title, minutes: p.minutes, ...(p.half !== undefined ? { half: p.half } : {}) })),
    turns: turns.map(toStaffTurn),
    scores: scores.map(toStaffScore),
    proposals: events.flatMap((e) => toProposal(e) ?? []),
    notes: notes.map(toNote),
    humanScores: humans.map(toHumanScore),
  };
}
