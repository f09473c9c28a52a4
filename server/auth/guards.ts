import type { RoleName } from "../../lib/accounts";
import { AppError } from "../../lib/errors";
import type { AuthContext, OrgMembership } from "./context";

/**
 * The one place roles are enforced. Route handlers, server actions and socket handlers all
 * call these; ADMIN holds every role of its organisation.
 */
export function requireAuth(ctx: AuthContext | null | undefined): AuthContext {
  if (!ctx) throw new AppError("UNAUTHENTICATED", "Sign in or send an API token to do this.");
  return ctx;
}

export function hasRole(m: OrgMembership, anyOf: readonly RoleName[]): boolean {
  return m.roles.includes("ADMIN") || m.roles.some((r) => anyOf.includes(r));
}

/** The caller's membership in `orgId` with one of `anyOf`; 403 for another org or a missing role. */
export function requireOrgRole(ctx: AuthContext | null | undefined, orgId: string, anyOf: readonly RoleName[]): OrgMembership {
  const auth = requireAuth(ctx);
  const m = auth.memberships.find((x) => x.orgId === orgId);
  if (!m) throw new AppError("FORBIDDEN", "You do not have access to this organisation.");
  if (!hasRole(m, anyOf)) {
    throw new AppError("FORBIDDEN", `This needs one of these roles: ${anyOf.map((r) => r.toLowerCase()).join(", ")}.`);
  }
  return m;
}

export function requireOrgMember(ctx: AuthContext | null | undefined, orgId: string): OrgMembership {
  const auth = requireAuth(ctx);
  const m = auth.memberships.find((x) => x.orgId === orgId);
  if (!m) throw new AppError("FORBIDDEN", "You do not have access to this organisation.");
  return m;
}

/** The membership to act in when none is named: the first that holds one of `anyOf`. */
export function primaryMembership(ctx: AuthContext, anyOf?: readonly RoleName[]): OrgMembership | undefined {
  return anyOf ? ctx.memberships.find((m) => hasRole(m, anyOf)) : ctx.memberships[0];
}

export function allRoles(ctx: AuthContext): RoleName[] {
  return [...new Set(ctx.memberships.flatMap((m) => m.roles))];
}
