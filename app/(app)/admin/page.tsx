import { getTranslations } from "next-intl/server";
import { DeadLettersTable } from "@/components/admin/dead-letters-table";
import { Forbidden } from "@/components/forbidden";
import { DataTable, PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";
import { listDeadLetters } from "@/server/jobs/dead-letters";
import { listMembers } from "@/server/orgs/list-members";
import { getRuntime } from "@/server/runtime/runtime";

export const metadata = { title: "Admin" };

export default async function AdminPage() {
  const t = await getTranslations();
  const { ctx, memberships } = await pageAuth(["ADMIN"]);
  const admin = memberships.filter((m) => m.roles.includes("ADMIN"));
  if (!admin.length) return <Forbidden title={t("admin.title")} need="ADMIN" />;
  const { db, jobs } = getRuntime();
  const orgs = await Promise.all(admin.map(async (m) => ({ ...m, members: await listMembers({ db, orgId: m.orgId }) })));
  const deadLetters = await listDeadLetters({ db, jobs, ctx });
  return (
    <>
      <PageTitle title={t("admin.title")} subtitle={t("admin.subtitle")} />
      {orgs.map((o) => (
        <section key={o.orgId} className="mb-8">
          <h2 className="mb-2 font-semibold">
            {o.orgName} <span className="font-normal text-slate-500">({t("admin.members", { count: o.members.length })})</span>
          </h2>
          <DataTable>
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium whitespace-nowrap">{t("admin.name")}</th>
                <th className="px-4 py-2 font-medium whitespace-nowrap">{t("admin.email")}</th>
                <th className="px-4 py-2 font-medium whitespace-nowrap">{t("admin.roles")}</th>
              </tr>
            </thead>
            <tbody>
              {o.members.map((m) => (
                <tr key={m.userId} className="border-t border-slate-100">
                  <td className="px-4 py-2">{m.name}</td>
                  <td className="px-4 py-2">{m.email}</td>
                  <td className="px-4 py-2 whitespace-nowrap">{m.roles.map((r) => t(`common.roles.${r}`)).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </section>
      ))}
      <section className="mb-8">
        <h2 className="mb-1 font-semibold">{t("admin.deadLetters.title")}</h2>
        <p className="mb-2 text-sm text-slate-500">{t("admin.deadLetters.subtitle", { mode: jobs.mode })}</p>
        <DeadLettersTable rows={deadLetters.map((d) => ({ jobId: d.jobId, version: d.version, jobKey: d.jobKey, payload: JSON.stringify(d.payload), error: d.error, attempts: d.attempts, failedAt: d.failedAt }))} />
      </section>
    </>
  );
}
