import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { allRoles } from "@/server/auth/guards";
import { pageAuth } from "@/server/auth/page-auth";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { ctx } = await pageAuth();
  return (
    <>
      <SiteHeader name={ctx.user.name} roles={allRoles(ctx)} />
      <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
    </>
  );
}
