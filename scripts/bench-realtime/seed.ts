/**
 * The benchmark's rooms, made with the domain functions the product uses: per room an interviewer and
 * a candidate (each with an API token, the way scripts and tests connect sockets), a live session
 * asking one published bank question, started, with its first question pushed, so the candidate has
 * an open turn to type into.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { ZQuestionFile } from "../../lib/questions/schema";
import { contentHash } from "../../server/bank/import-question-bank";
import type { Database } from "../../server/db/database";
import { createLiveSession, ZCreateSession } from "../../server/sessions/create-session";
import { pushQuestion, startSession } from "../../server/sessions/session-control";
import { seedOrg, seedUser } from "../../tests/helpers/factories";
import type { RoomSpec } from "./protocol";
import { mapLimit } from "./stats";

const QUESTION = path.resolve(import.meta.dirname, "../../questions/llm/attention-mechanism.en.yaml");
/** Below the pool size of openDatabase (10), so seeding never waits on a connection. */
const CONCURRENCY = 8;

export async function seedRooms({ db, rooms }: { db: Database; rooms: number }): Promise<RoomSpec[]> {
  const org = await seedOrg({ db, name: "Realtime benchmark" });
  const file = ZQuestionFile.parse(YAML.parse(readFileSync(QUESTION, "utf8")));
  const question = await db.prisma.question.create({ data: { orgId: org.id, slug: file.id, lang: file.lang, status: "PUBLISHED", draft: file } });
  await db.prisma.questionVersion.create({
    data: { questionId: question.id, version: 1, content: file, contentHash: contentHash(file), title: file.title, difficulty: file.difficulty, tags: file.tags },
  });
  const people = await mapLimit(Array.from({ length: rooms * 2 }), CONCURRENCY, (_, i) =>
    seedUser({ db, orgId: org.id, roles: i % 2 === 0 ? ["INTERVIEWER"] : ["CANDIDATE"], withToken: true }),
  );
  return mapLimit(Array.from({ length: rooms }), CONCURRENCY, async (_, i) => {
    const interviewer = people[2 * i];
    const candidate = people[2 * i + 1];
    if (!interviewer?.token || !candidate?.token) throw new Error("seeding lost a user");
    const session = await createLiveSession({
      db,
      creatorId: interviewer.user.id,
      input: ZCreateSession.parse({ orgId: org.id, title: `Benchmark room ${i + 1}`, questions: [{ questionId: question.id }] }),
      participants: [{ userId: candidate.user.id, role: "CANDIDATE" }],
    });
    await startSession({ db, sessionId: session.id, userId: interviewer.user.id });
    const { turn } = await pushQuestion({ db, sessionId: session.id, userId: interviewer.user.id, push: { planIndex: 0 } });
    return { sessionId: session.id, turnId: turn.id, interviewerToken: interviewer.token, candidateToken: candidate.token };
  });
}
