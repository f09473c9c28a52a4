import { Button, Card, EmptyState, PageTitle } from "@/components/ui";
import { listApiTokens } from "@/server/accounts/api-tokens";
import { pageAuth } from "@/server/auth/page-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./create-token-form";

export const metadata = { title: "API tokens" };

export default async function TokensPage() {
  const { ctx } = await pageAuth();
  const tokens = await listApiTokens({ db: getRuntime().db, userId: ctx.user.id });
  const orgName = new Map(ctx.memberships.map((m) => [m.orgId, m.orgName]));
  return (
    <>
      <PageTitle title="API tokens" subtitle="Personal tokens for scripts and applicant-tracking systems: send them as Authorization: Bearer <token> to /api/v1, or as the socket's auth.token." />
      <Card className="mb-6">
        <CreateTokenForm orgs={ctx.memberships.map((m) => ({ orgId: m.orgId, orgName: m.orgName }))} />
      </Card>
      {tokens.length ? (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
          {tokens.map((t) => (
            <li key={t.id} className="flex items-center justify-between px-4 py-3 text-sm">
              <div>
                <p className="font-medium">{t.name}</p>
                <p className="text-slate-600">
                  <code>{t.prefix}…</code> · {orgName.get(t.orgId) ?? "—"} · created {t.createdAt.slice(0, 10)}
                  {t.lastUsedAt ? ` · last used ${t.lastUsedAt.slice(0, 16).replace("T", " ")}` : " · never used"}
                </p>
              </div>
              {t.revokedAt ? (
                <span className="text-xs text-slate-500">revoked</span>
              ) : (
                <form action={revokeTokenAction}>
                  <input type="hidden" name="tokenId" value={t.id} />
                  <Button type="submit" variant="danger">
                    Revoke
                  </Button>
                </form>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState>No tokens yet.</EmptyState>
      )}
    </>
  );
}
