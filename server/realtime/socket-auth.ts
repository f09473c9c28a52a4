import type { IncomingHttpHeaders } from "node:http";
import { decode } from "next-auth/jwt";
import { AppError } from "../../lib/errors";
import { MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, ZHandshakeAuth } from "../../lib/realtime/contract";
import { authenticateApiToken } from "../accounts/api-tokens";
import { loadAuthContext, type AuthContext } from "../auth/context";
import { bearerToken, SESSION_COOKIES } from "../auth/constants";
import type { Database } from "../db/database";

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    try {
      out.set(k, decodeURIComponent(v));
    } catch {
      out.set(k, v);
    }
  }
  return out;
}

/** Auth.js splits large cookies into name.0, name.1, ...; this joins them back. */
function sessionCookie(cookies: Map<string, string>): { name: string; value: string } | undefined {
  for (const name of SESSION_COOKIES) {
    const whole = cookies.get(name);
    if (whole) return { name, value: whole };
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`) ?? "");
    if (chunks.length) return { name, value: chunks.join("") };
  }
  return undefined;
}

/**
 * Authenticates a socket handshake exactly like HTTP: an API token (handshake `auth.token` or
 * an Authorization header) or the Auth.js session cookie. Refuses too-old clients first.
 */
export async function authenticateSocket({
  db,
  secret,
  auth,
  headers,
}: {
  db: Database;
  secret: string;
  auth: unknown;
  headers: IncomingHttpHeaders;
}): Promise<AuthContext> {
  const parsed = ZHandshakeAuth.safeParse(auth ?? {});
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", 'Invalid handshake: send auth = { protocol: number, token?: string }.', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  if (parsed.data.protocol < MIN_PROTOCOL_VERSION || parsed.data.protocol > PROTOCOL_VERSION) {
    throw new AppError(
      "INCOMPATIBLE_CLIENT",
      `This client speaks protocol ${parsed.data.protocol}; the server accepts ${MIN_PROTOCOL_VERSION}-${PROTOCOL_VERSION}. Reload the page or update the client.`,
    );
  }
  const token = parsed.data.token ?? bearerToken(headers.authorization);
  if (token) {
    const id = await authenticateApiToken({ db, token });
    return loadAuthContext({ db, userId: id.userId, via: "token", tokenOrgId: id.orgId });
  }
  const cookie = sessionCookie(parseCookies(headers.cookie));
  if (!cookie) throw new AppError("UNAUTHENTICATED", "Sign in, or connect with an API token.");
  const jwt = await decode({ token: cookie.value, secret, salt: cookie.name }).catch(() => null);
  if (!jwt?.sub) throw new AppError("UNAUTHENTICATED", "Your session is not valid. Please sign in again.");
  if (typeof jwt.exp === "number" && jwt.exp * 1000 < Date.now()) throw new AppError("UNAUTHENTICATED", "Your session has expired. Please sign in again.");
  return loadAuthContext({ db, userId: jwt.sub, via: "session", sessionVersion: typeof jwt.sv === "number" ? jwt.sv : 1 });
}
