import { mean } from "simple-statistics";
import { computeQuestionStats, observationScore, type QuestionObservation, type QuestionStats, type Statistic } from "../../lib/stats/question-stats";
import type { Database } from "../db/database";
import type { Prisma } from "../db/generated/client";

/**
 * What one main turn contributes: its question, and the scores of the candidate's latest
 * answer (a resubmission replaces the earlier answer, it does not add a second observation).
 */
const turnSelect = {
  sessionId: true,
  questionVersion: { select: { questionId: true } },
  answers: {
    orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
    take: 1,
    select: {
      scores: {
        where: { source: { in: ["ENGINE", "HUMAN"] } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, source: true, raterId: true, overall5: true },
      },
    },
  },
} satisfies Prisma.TurnSelect;

type TurnRow = Prisma.TurnGetPayload<{ select: typeof turnSelect }>;
type TurnScores = Pick<QuestionObservation, "sessionId" | "answered" | "humanScores" | "aiScore"> & { questionId: string };

function readTurn(turn: TurnRow): TurnScores {
  const answer = turn.answers[0];
  // A rater who scored twice counts once, with their latest score; a rater whose account was
  // deleted (raterId null) still counts, keyed by the score itself.
  const byRater = new Map<string, number>();
  let aiScore: number | null = null;
  for (const s of answer?.scores ?? []) {
    if (s.source === "HUMAN") byRater.set(s.raterId ?? `score:${s.id}`, s.overall5);
    else aiScore = s.overall5; // ascending order: the last engine score is the newest engine version's
  }
  return { sessionId: turn.sessionId, questionId: turn.questionVersion.questionId, answered: answer !== undefined, humanScores: [...byRater.values()], aiScore };
}

/**
 * Statistics of one question over every version of it ever asked, from main turns only
 * (follow-ups are a different prompt). A session's other questions give the rest-of-session
 * score; asking the same question twice in a session never counts towards its own rest.
 */
export async function loadQuestionStats({ db, questionId, minSample }: { db: Database; questionId: string; minSample?: number }): Promise<QuestionStats> {
  // One query: every main turn of every session in which this question was a main turn.
  const rows = await db.prisma.turn.findMany({
    where: { parentTurnId: null, session: { turns: { some: { parentTurnId: null, questionVersion: { questionId } } } } },
    select: turnSelect,
    orderBy: [{ sessionId: "asc" }, { index: "asc" }],
  });
  const turns = rows.map(readTurn);
  const restScores = new Map<string, number[]>();
  for (const t of turns) {
    const score = observationScore(t);
    if (t.questionId === questionId || score === null) continue;
    restScores.set(t.sessionId, [...(restScores.get(t.sessionId) ?? []), score]);
  }
  const observations = turns
    .filter((t) => t.questionId === questionId)
    .map((t): QuestionObservation => {
      const rest = restScores.get(t.sessionId);
      return { sessionId: t.sessionId, answered: t.answered, humanScores: t.humanScores, aiScore: t.aiScore, restOfSession: rest ? mean(rest) : null };
    });
  return computeQuestionStats({ observations, minSample });
}

export type QuestionListStats = { timesAsked: number; meanScore: Statistic };

/** Times asked and mean score of every question of an organisation (never asked: zero), in two queries. */
export async function loadOrgQuestionStats({ db, orgId, minSample }: { db: Database; orgId: string; minSample?: number }): Promise<Map<string, QuestionListStats>> {
  const questions = await db.prisma.question.findMany({ where: { orgId }, select: { id: true } });
  const rows = await db.prisma.turn.findMany({ where: { parentTurnId: null, questionVersion: { question: { orgId } } }, select: turnSelect });
  const byQuestion = new Map<string, QuestionObservation[]>(questions.map((q) => [q.id, []]));
  for (const t of rows.map(readTurn)) {
    byQuestion.get(t.questionId)?.push({ sessionId: t.sessionId, answered: t.answered, humanScores: t.humanScores, aiScore: t.aiScore, restOfSession: null });
  }
  const stats = new Map<string, QuestionListStats>();
  for (const [id, observations] of byQuestion) {
    const { timesAsked, meanScore } = computeQuestionStats({ observations, minSample });
    stats.set(id, { timesAsked, meanScore });
  }
  return stats;
}
