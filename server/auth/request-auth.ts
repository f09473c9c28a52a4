import { AppError } from "../../lib/errors";
import { authenticateApiToken } from "../accounts/api-tokens";
import type { Database } from "../db/database";
import { bearerToken } from "./constants";
import { loadAuthContext, type AuthContext } from "./context";
import { auth } from "./next-auth";


/** The caller of an HTTP request: an API token if one is sent, else the Auth.js session cookie. */
export async function authenticateRequest({ db, req }: { db: Database; req: Request }): Promise<AuthContext | null> {
  const token = bearerToken(req.headers.get("authorization"));
  if (token) {
    const id = await authenticateApiToken({ db, token });
    return loadAuthContext({ db, userId: id.userId, via: "token", tokenOrgId: id.orgId });
  }
  return sessionAuthContext({ db });
}

/** The signed-in user of a page, server action or route handler, from the Auth.js session. */
export async function sessionAuthContext({ db }: { db: Database }): Promise<AuthContext | null> {
  const session = await auth();
  if (!session?.user?.id) return null;
  try {
    return await loadAuthContext({ db, userId: session.user.id, via: "session", sessionVersion: session.user.sessionVersion });
  } catch (err) {
    if (err instanceof AppError && err.code === "UNAUTHENTICATED") return null;
    throw err;
  }
}
