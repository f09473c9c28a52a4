import { AppError } from "../../lib/errors";
import { ZSignIn } from "../../lib/accounts";
import { parseOrThrow } from "../../lib/validation";
import type { Database } from "../db/database";
import { dummyHash, verifyPassword } from "./password";

export type VerifiedUser = { id: string; email: string; name: string; sessionVersion: number };

/** Checks an email and password; the same error (and similar timing) for unknown email and wrong password. */
export async function verifyCredentials({ db, input }: { db: Database; input: unknown }): Promise<VerifiedUser> {
  const { email, password } = parseOrThrow(ZSignIn, input, "sign-in");
  const user = await db.prisma.user.findUnique({ where: { email } });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !ok) throw new AppError("INVALID_CREDENTIALS", "Email or password is incorrect.");
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
