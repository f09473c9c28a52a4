import type { Match } from "../../lib/pairing/match";
import { pickQuestions, type BankQuestion } from "../../lib/pairing/pick-questions";
import type { Database } from "../db/database";
import { createLiveSession, ZCreateSession } from "../sessions/create-session";

/** The organisation's published questions with their latest version's difficulty and tags. */
export async function loadPairingBank({ db, orgId }: { db: Database; orgId: string }): Promise<BankQuestion[]> {
  const rows = await db.prisma.question.findMany({
    where: { orgId, status: "PUBLISHED" },
    orderBy: { id: "asc" },
    select: { id: true, lang: true, versions: { orderBy: { version: "desc" }, take: 1, select: { difficulty: true, tags: true } } },
  });
  return rows.flatMap((r) => (r.versions[0] ? [{ id: r.id, lang: r.lang, difficulty: r.versions[0].difficulty, tags: r.versions[0].tags }] : []));
}

function titleFor(match: Match): string {
  const topics = [...new Set([...match.second.tags, ...match.first.tags])].slice(0, 4).join(", ") || "any topic";
  return `${match.peer ? "Peer practice" : "Paired interview"} · ${topics}`.slice(0, 120);
}

/**
 * Creates the live session for a claimed pair and records it on both queue entries. The first
 * of the pair is the interviewer. An interviewer/candidate pair gets two questions fitting the
 * candidate's wishes; peers get one question each, the first half fitting the second peer (who
 * answers first) and the second half fitting the first, split where the roles swap.
 */
export async function createMatchedSession({ db, orgId, match, bank }: { db: Database; orgId: string; match: Match; bank: readonly BankQuestion[] }): Promise<{ sessionId: string }> {
  const { first, second } = match;
  const seed = `${first.id}:${second.id}`;
  const wishes = (w: Match["first"]) => ({ lang: second.lang, level: w.level, tags: w.tags.length ? w.tags : first.tags });
  const questions = match.peer
    ? (() => {
        const a = pickQuestions({ bank, ...wishes(second), count: 1, seed });
        const b = pickQuestions({ bank, ...wishes(first), count: 1, seed, exclude: a.map((q) => q.id) });
        return [...a, ...b];
      })()
    : pickQuestions({ bank, ...wishes(second), count: 2, seed });
  const input = ZCreateSession.parse({ orgId, title: titleFor(match), lang: second.lang, questions: questions.map((q) => ({ questionId: q.id })) });
  const session = await createLiveSession({
    db,
    creatorId: first.userId,
    input,
    participants: [{ userId: second.userId, role: "CANDIDATE" }],
    ...(match.peer && questions.length === 2 ? { peerSplit: 1 } : {}),
  });
  await db.prisma.queueEntry.updateMany({ where: { id: { in: [first.id, second.id] } }, data: { sessionId: session.id } });
  return { sessionId: session.id };
}
