import type { QuestionFile } from "../../lib/questions/schema";
import type { ScoringQuestion } from "../../lib/scoring/engine";
import type { Database } from "../db/database";
import { MAX_PEERS } from "../../lib/scoring/peer-features-of";

/** What the engine reads of a question file. */
export function scoringQuestionOf(q: QuestionFile): ScoringQuestion {
  return { prompt: q.prompt, referenceAnswer: q.referenceAnswer, lang: q.lang, keyPoints: q.keyPoints, rubric: q.rubric };
}

/**
 * Earlier answers to the same question versions, text only (never their scores): the engine's peer
 * signals compare an answer with how other candidates answered. Oldest first and bounded by the
 * answer's own submission time, so a re-run sees the same peers it saw the first time.
 */
export async function loadPeerTexts({ db, answer, questionVersionIds }: { db: Database; answer: { id: string; submittedAt: Date }; questionVersionIds: string[] }): Promise<string[]> {
  const peers = await db.prisma.answer.findMany({
    where: { turn: { questionVersionId: { in: questionVersionIds } }, id: { not: answer.id }, submittedAt: { lte: answer.submittedAt } },
    select: { text: true },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    take: MAX_PEERS,
  });
  return peers.map((p) => p.text);
}
