import { getTranslations } from "next-intl/server";
import { Button, Card, EmptyState, PageTitle } from "@/components/ui";
import { listApiTokens } from "@/server/accounts/api-tokens";
import { pageAuth } from "@/server/auth/page-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./create-token-form";
import { utcStamp } from "@/lib/i18n/utc-stamp";

export const metadata = { title: "API tokens" };

export default async function TokensPage() {
  const t = await getTranslations("tokens");
  const { ctx } = await pageAuth();
  const tokens = await listApiTokens({ db: getRuntime().db, userId: ctx.user.id });
  const orgName = new Map(ctx.memberships.map((m) => [m.orgId, m.orgName]));
  return (
    <>
      <PageTitle title={t("title")} subtitle={t("subtitle")} />
      <Card className="mb-6">
        <CreateTokenForm orgs={ctx.memberships.map((m) => ({ orgId: m.orgId, orgName: m.orgName }))} />
      </Card>
      {tokens.length ? (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
          {tokens.map((tok) => (
            <li key={tok.id} className="flex items-center justify-between px-4 py-3 text-sm">
              <div>
                <p className="font-medium">{tok.name}</p>
                <p className="text-slate-600">
                  <code>{tok.prefix}…</code> · {orgName.get(tok.orgId) ?? "—"} · {t("created", { date: tok.createdAt.slice(0, 10) })} ·{" "}
                  {tok.lastUsedAt ? t("lastUsed", { date: utcStamp(tok.lastUsedAt) }) : t("neverUsed")}
                </p>
              </div>
              {tok.revokedAt ? (
                <span className="text-xs text-slate-500">{t("revoked")}</span>
              ) : (
                <form action={revokeTokenAction}>
                  <input type="hidden" name="tokenId" value={tok.id} />
                  <Button type="submit" variant="danger">
                    {t("revoke")}
                  </Button>
                </form>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState>{t("empty")}</EmptyState>
      )}
    </>
  );
}
