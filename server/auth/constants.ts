import { AppError } from "../../lib/errors";

// Free of Next.js imports: the socket server loads this outside Next's request context.

/** Auth.js cookie names: the secure variant is used when the site is served over https. */
export const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"] as const;
export const SESSION_MAX_AGE_S = 30 * 24 * 3600;

/** Reads "Authorization: Bearer <token>"; undefined when the header is absent. */
export function bearerToken(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m?.[1]) throw new AppError("UNAUTHENTICATED", 'The Authorization header must be "Bearer <token>".');
  return m[1];
}
