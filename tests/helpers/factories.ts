import { randomBytes } from "node:crypto";
import type { RoleName } from "@/lib/accounts";
import { hashPassword } from "@/server/accounts/password";
import { createApiToken } from "@/server/accounts/api-tokens";
import type { Database } from "@/server/db/database";
import { decideFollowUp, type FollowUpDecision } from "@/lib/followups/decide-follow-up";
import { ZQuestionFile, type QuestionFile } from "@/lib/questions/schema";
import { contentHash } from "@/server/bank/import-question-bank";

export const PASSWORD = "correct horse battery";
let passwordHash: Promise<string> | undefined;

const uid = () => randomBytes(5).toString("hex");

export async function seedOrg({ db, name }: { db: Database; name?: string }) {
  const n = name ?? `Org ${uid()}`;
  return db.prisma.organization.create({ data: { name: n, slug: `org-${uid()}` } });
}

/** A user with a unique email, a membership with `roles` in `orgId` (a new org if none), and optionally an API token. */
export async function seedUser({ db, roles = ["CANDIDATE"], orgId, withToken = false }: { db: Database; roles?: RoleName[]; orgId?: string; withToken?: boolean }) {
  passwordHash ??= hashPassword(PASSWORD);
  const org = orgId ? { id: orgId } : await seedOrg({ db });
  const id = uid();
  const user = await db.prisma.user.create({ data: { email: `user-${id}@test.mockroom.dev`, name: `User ${id}`, passwordHash: await passwordHash } });
  await db.prisma.membership.create({ data: { userId: user.id, orgId: org.id, roles } });
  const token = withToken ? (await createApiToken({ db, userId: user.id, input: { name: "test", orgId: org.id } })).token : undefined;
  return { user, orgId: org.id, token, password: PASSWORD };
}

/** A minimal valid question file (zod-valid) with unique id. */
export function questionFile(overrides: Record<string, unknown> = {}) {
  const level = (score: number, label: string) => ({ score, label, description: `${label} answer to this question.` });
  const criterion = (id: string, weight: number) => ({ id, name: id, weight, levels: [level(0, "Missing"), level(2, "Partial"), level(4, "Solid"), level(5, "Excellent")] });
  return {
    id: `q-${uid()}`,
    lang: "en",
    title: "Why scale dot-product attention?",
    difficulty: "medium",
    timeMinutes: 5,
    tags: ["attention"],
    prompt: "Why is the dot product divided by sqrt(d_k)?",
    hints: [],
    referenceAnswer: "Dividing by $\\sqrt{d_k}$ keeps the logits' variance near 1 so softmax does not saturate.",
    keyPoints: [
      { id: "variance", statement: "Dot products grow with d_k", weight: 2, aliases: ["variance grows"], misconceptions: [] },
      { id: "softmax-saturation", statement: "Large logits saturate softmax", weight: 2, aliases: ["softmax saturates"], misconceptions: [] },
      { id: "gradients", statement: "Saturation gives vanishing gradients", weight: 1, aliases: ["small gradients"], misconceptions: [] },
    ],
    rubric: [criterion("correctness", 0.6), criterion("communication", 0.4)],
    followUps: [],
    ...overrides,
  };
}

/** A live session in `orgId` with the given participants. */
export async function seedSession({ db, orgId, participants }: { db: Database; orgId: string; participants: { userId: string; role: "INTERVIEWER" | "CANDIDATE" | "OBSERVER" }[] }) {
  const id = uid();
  return db.prisma.interviewSession.create({
    data: {
      orgId,
      kind: "LIVE",
      title: `Session ${id}`,
      roomCode: id.toUpperCase(),
      inviteToken: `inv-${id}`,
      plan: [],
      participants: { create: participants },
    },
  });
}

/**
 * A candidate's submitted answer to a published question in a live session: org, candidate,
 * session, question, version 1, turn 0 and the answer. Used by the job and scoring tests.
 */
export async function seedAnsweredTurn({ db, text = "Large logits saturate softmax, so we scale." }: { db: Database; text?: string }) {
  const org = await seedOrg({ db });
  const { user } = await seedUser({ db, orgId: org.id });
  const session = await seedSession({ db, orgId: org.id, participants: [{ userId: user.id, role: "CANDIDATE" }] });
  const file = ZQuestionFile.parse(questionFile());
  const question = await db.prisma.question.create({ data: { orgId: org.id, slug: file.id, lang: file.lang, status: "PUBLISHED", draft: file } });
  const version = await db.prisma.questionVersion.create({
    data: { questionId: question.id, version: 1, content: file, contentHash: contentHash(file), title: file.title, difficulty: file.difficulty, tags: file.tags },
  });
  const turn = await db.prisma.turn.create({ data: { sessionId: session.id, index: 0, questionVersionId: version.id } });
  const answer = await db.prisma.answer.create({ data: { turnId: turn.id, authorId: user.id, clientId: randomBytes(8).toString("hex"), text } });
  return { answer, turn, session, version, file, user, orgId: org.id };
}

/** A published question (version 1) in `orgId`, from `questionFile(overrides)`. */
export async function seedPublishedQuestion({ db, orgId, overrides = {} }: { db: Database; orgId: string; overrides?: Record<string, unknown> }) {
  const file = ZQuestionFile.parse(questionFile(overrides));
  const question = await db.prisma.question.create({ data: { orgId, slug: file.id, lang: file.lang, status: "PUBLISHED", draft: file } });
  const version = await db.prisma.questionVersion.create({
    data: { questionId: question.id, version: 1, content: file, contentHash: contentHash(file), title: file.title, difficulty: file.difficulty, tags: file.tags },
  });
  return { question, version, file };
}

/**
 * The server's follow-up decision for a first answer to `question` (10 s into a 5-minute budget,
 * nothing asked yet) whose key points have the given statuses (unnamed ones covered); the tests
 * that word follow-ups start from a decision to follow up.
 */
export function followUpDecisionFor(question: QuestionFile, statuses: Record<string, "covered" | "missing" | "partly">): Extract<FollowUpDecision, { action: "follow-up" }> {
  return decideFollowUp({
    question,
    score: { overall5: 2, keyPoints: question.keyPoints.map((k) => ({ id: k.id, statement: k.statement, status: statuses[k.id] ?? "covered", evidence: [] })) },
    askedFollowUpIds: [],
    askedPrompts: [],
    depth: 0,
    elapsedSeconds: 10,
    budgetSeconds: 300,
    lang: "en",
  }) as Extract<FollowUpDecision, { action: "follow-up" }>;
}
