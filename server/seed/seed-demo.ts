import type { RoleName } from "../../lib/accounts";
import { hashPassword } from "../accounts/password";
import { importQuestionBank, type ImportSummary } from "../bank/import-question-bank";
import { loadQuestionBank, type BankProblem } from "../bank/load-question-bank";
import type { Database } from "../db/database";

export const DEMO_PASSWORD = "mockroom-demo";
export const DEMO_ORG_SLUG = "mockroom-demo";

export const DEMO_USERS: { email: string; name: string; roles: RoleName[] }[] = [
  { email: "candidate@demo.mockroom.dev", name: "Casey Candidate", roles: ["CANDIDATE"] },
  { email: "interviewer@demo.mockroom.dev", name: "Ivy Interviewer", roles: ["INTERVIEWER"] },
  { email: "reviewer@demo.mockroom.dev", name: "Riley Reviewer", roles: ["REVIEWER"] },
  { email: "author@demo.mockroom.dev", name: "Avery Author", roles: ["AUTHOR"] },
  { email: "admin@demo.mockroom.dev", name: "Ada Admin", roles: ["ADMIN"] },
];

export type SeedResult =
  | { seeded: false; reason: string }
  | { seeded: true; orgId: string; users: typeof DEMO_USERS; bank: ImportSummary | { refused: BankProblem[] } };

/**
 * First start only: with no user in the database, create the demo organisation, one user per
 * role and publish the question bank. A bank with any invalid file is not loaded at all.
 */
export async function seedDemo({ db, questionsDir }: { db: Database; questionsDir: string }): Promise<SeedResult> {
  if ((await db.prisma.user.count()) > 0) return { seeded: false, reason: "database already has users" };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const orgId = await db.prisma.$transaction(async (tx) => {
    const org = await tx.organization.create({ data: { name: "Mockroom Demo", slug: DEMO_ORG_SLUG } });
    for (const u of DEMO_USERS) {
      const user = await tx.user.create({ data: { email: u.email, name: u.name, passwordHash } });
      await tx.membership.create({ data: { userId: user.id, orgId: org.id, roles: u.roles } });
    }
    return org.id;
  });
  const { questions, problems } = await loadQuestionBank({ dir: questionsDir });
  const bank = problems.length ? { refused: problems } : await importQuestionBank({ db, orgId, files: questions });
  return { seeded: true, orgId, users: DEMO_USERS, bank };
}
