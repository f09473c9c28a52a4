import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../lib/errors";
import { parseOrThrow } from "../../lib/validation";
import type { Database } from "../db/database";

const TOKEN_PREFIX = "mr_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const ZCreateToken = z.strictObject({
  name: z.string().trim().min(1, "is required").max(80, "is too long"),
  orgId: z.string().min(1).max(40).optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  orgId: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

type TokenRow = { id: string; name: string; prefix: string; orgId: string; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null };

export function toTokenView(t: TokenRow): ApiTokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    orgId: t.orgId,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

/** Issues a personal API token scoped to one organisation. The secret is returned once, never stored. */
export async function createApiToken({ db, userId, input }: { db: Database; userId: string; input: unknown }): Promise<{ token: string; view: ApiTokenView }> {
  const data = parseOrThrow(ZCreateToken, input, "token request");
  const memberships = await db.prisma.membership.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
  const membership = data.orgId ? memberships.find((m) => m.orgId === data.orgId) : memberships[0];
  if (!membership) throw new AppError("FORBIDDEN", "You are not a member of that organisation.");
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.prisma.apiToken.create({
    data: {
      userId,
      orgId: membership.orgId,
      name: data.name,
      prefix: token.slice(0, 10),
      tokenHash: hashToken(token),
      expiresAt: data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 86_400_000) : null,
    },
  });
  return { token, view: toTokenView(row) };
}

export async function listApiTokens({ db, userId }: { db: Database; userId: string }): Promise<ApiTokenView[]> {
  const rows = await db.prisma.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(toTokenView);
}

export async function revokeApiToken({ db, userId, tokenId }: { db: Database; userId: string; tokenId: string }): Promise<ApiTokenView> {
  const row = await db.prisma.apiToken.findUnique({ where: { id: tokenId } });
  // Someone else's token is reported as missing, not forbidden: ids must not be probeable.
  if (!row || row.userId !== userId) throw new AppError("NOT_FOUND", "No such token.");
  if (row.revokedAt) return toTokenView(row);
  return toTokenView(await db.prisma.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } }));
}

export type TokenIdentity = { userId: string; orgId: string; tokenId: string };

/** Resolves a Bearer secret to its user and organisation, or fails with a precise code. */
export async function authenticateApiToken({ db, token }: { db: Database; token: string }): Promise<TokenIdentity> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) throw new AppError("UNAUTHENTICATED", "That API token is not valid.");
  const row = await db.prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) throw new AppError("UNAUTHENTICATED", "That API token is not valid.");
  if (row.revokedAt) throw new AppError("TOKEN_REVOKED", "That API token has been revoked.");
  if (row.expiresAt && row.expiresAt < new Date()) throw new AppError("TOKEN_REVOKED", "That API token has expired.");
  // Best effort and throttled to once a minute: a busy script must not turn reads into writes.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return { userId: row.userId, orgId: row.orgId, tokenId: row.id };
}
