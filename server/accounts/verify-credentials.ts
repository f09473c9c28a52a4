import { AppError } from "../../lib/errors";
import { ZSignIn } from "../../lib/accounts";
import { parseOrThrow } from "../../lib/validation";
import type { Database } from "../db/database";
import { dummyHash, verifyPassword } from "./password";
import type { SignInThrottle } from "./sign-in-throttle";

export type VerifiedUser = { id: string; email: string; name: string; sessionVersion: number };

/**
 * Checks an email and password; the same error (and similar timing) for unknown email and wrong
 * password. With a throttle, an account or client address with too many recent failures is refused
 * (RATE_LIMITED) before the password is looked at, failures are counted and a success clears them.
 */
export async function verifyCredentials({ db, input, throttle, client }: { db: Database; input: unknown; throttle?: SignInThrottle; client?: string | undefined }): Promise<VerifiedUser> {
  const { email, password } = parseOrThrow(ZSignIn, input, "sign-in");
  const retryAfterS = await throttle?.retryAfterS({ email, client });
  if (retryAfterS !== undefined) throw new AppError("RATE_LIMITED", `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfterS / 60)} min.`, { retryAfterS });
  const user = await db.prisma.user.findUnique({ where: { email } });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !ok) {
    await throttle?.failed({ email, client });
    throw new AppError("INVALID_CREDENTIALS", "Email or password is incorrect.");
  }
  await throttle?.succeeded({ email, client });
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
