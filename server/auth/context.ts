import type { RoleName } from "../../lib/accounts";
import { AppError } from "../../lib/errors";
import type { Database } from "../db/database";

export type OrgMembership = { orgId: string; orgName: string; orgSlug: string; roles: RoleName[] };

/** Who is calling and what they may do; built the same way for HTTP, sockets and server actions. */
export type AuthContext = {
  user: { id: string; email: string; name: string; locale: string | null };
  memberships: OrgMembership[];
  via: "session" | "token";
  /** A token works only inside the organisation it was issued for. */
  tokenOrgId?: string;
};

export async function loadAuthContext({
  db,
  userId,
  via,
  tokenOrgId,
  sessionVersion,
}: {
  db: Database;
  userId: string;
  via: AuthContext["via"];
  tokenOrgId?: string;
  sessionVersion?: number;
}): Promise<AuthContext> {
  const user = await db.prisma.user.findUnique({
    where: { id: userId },
    include: { memberships: { include: { org: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your account no longer exists.");
  if (sessionVersion !== undefined && sessionVersion !== user.sessionVersion) {
    throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  }
  const memberships = user.memberships
    .filter((m) => tokenOrgId === undefined || m.orgId === tokenOrgId)
    .map((m) => ({ orgId: m.orgId, orgName: m.org.name, orgSlug: m.org.slug, roles: m.roles as RoleName[] }));
  return {
    user: { id: user.id, email: user.email, name: user.name, locale: user.locale },
    memberships,
    via,
    ...(tokenOrgId ? { tokenOrgId } : {}),
  };
}
