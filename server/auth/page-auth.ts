import { redirect } from "next/navigation";
import type { RoleName } from "../../lib/accounts";
import { getRuntime } from "../runtime/runtime";
import type { AuthContext, OrgMembership } from "./context";
import { hasRole } from "./guards";
import { sessionAuthContext } from "./request-auth";

export type PageAuth = { ctx: AuthContext; memberships: OrgMembership[] };

/**
 * For server-rendered pages: the signed-in user (else a redirect to sign-in) and the
 * memberships in which they hold one of `anyOf`. An empty list means "not allowed here".
 */
export async function pageAuth(anyOf?: readonly RoleName[]): Promise<PageAuth> {
  const ctx = await sessionAuthContext({ db: getRuntime().db });
  if (!ctx) redirect("/signin");
  const memberships = anyOf ? ctx.memberships.filter((m) => hasRole(m, anyOf)) : ctx.memberships;
  return { ctx, memberships };
}
