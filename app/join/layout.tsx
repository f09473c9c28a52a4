import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { allRoles } from "@/server/auth/guards";
import { sessionAuthContext } from "@/server/auth/request-auth";
import { getRuntime } from "@/server/runtime/runtime";

export const dynamic = "force-dynamic";

/**
 * The app frame for /join, outside app/(app) on purpose: that layout sends signed-out visitors to
 * a bare /signin, while an invite link must come back here after signing in, so each join page
 * redirects with its own callback URL.
 */
export default async function JoinLayout({ children }: { children: ReactNode }) {
  const ctx = await sessionAuthContext({ db: getRuntime().db });
  return (
    <>
      {ctx ? <SiteHeader name={ctx.user.name} roles={allRoles(ctx)} /> : null}
      <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
    </>
  );
}
