import { randomBytes } from "node:crypto";
import { AppError } from "../../lib/errors";
import { ZSignUp, type RoleName } from "../../lib/accounts";
import type { Locale } from "../../lib/i18n/locales";
import { parseOrThrow } from "../../lib/validation";
import type { Database } from "../db/database";
import { isUniqueViolation } from "../db/errors";
import { hashPassword } from "./password";

export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${base || "org"}-${randomBytes(3).toString("hex")}`;
}

export type SignUpResult = { userId: string; orgId: string; roles: RoleName[] };

/**
 * Creates an account. A candidate gets a personal workspace to practise in; a team account
 * creates an organisation with the new user as its admin. `locale` is an interface language the
 * visitor already chose in this browser (none: the account follows the browser's language).
 */
export async function signUp({ db, input, locale }: { db: Database; input: unknown; locale?: Locale | null }): Promise<SignUpResult> {
  const data = parseOrThrow(ZSignUp, input, "sign-up");
  const existing = await db.prisma.user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (existing) throw new AppError("EMAIL_TAKEN", "An account with this email already exists. Sign in instead.");

  const passwordHash = await hashPassword(data.password);
  const roles: RoleName[] = data.accountType === "team" ? ["ADMIN"] : ["CANDIDATE"];
  const orgName = data.orgName ?? (data.accountType === "team" ? `${data.name}'s team` : `${data.name}'s practice`);
  try {
    return await db.prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: data.email, name: data.name, passwordHash, locale: locale ?? null } });
      const org = await tx.organization.create({ data: { name: orgName, slug: slugify(orgName) } });
      await tx.membership.create({ data: { userId: user.id, orgId: org.id, roles } });
      return { userId: user.id, orgId: org.id, roles };
    });
  } catch (err) {
    // Two sign-ups racing for one email: the unique index decides, the loser gets the same error.
    if (isUniqueViolation(err)) throw new AppError("EMAIL_TAKEN", "An account with this email already exists. Sign in instead.");
    throw err;
  }
}
