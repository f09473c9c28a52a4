import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { TemplateManager } from "@/components/sessions/template-manager";
import { PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { listPlannableQuestions } from "@/server/sessions/list-plannable-questions";
import { listTemplates } from "@/server/sessions/templates";

export const metadata = { title: "Interview templates" };

/** One organisation's templates at a time (?org=<id> when the interviewer belongs to several). */
export default async function TemplatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations("interviews");
  const { memberships } = await pageAuth(["INTERVIEWER"]);
  if (!memberships.length) return <Forbidden title={t("templates")} need="INTERVIEWER" />;
  const wanted = (await searchParams).org;
  const org = memberships.find((m) => m.orgId === wanted) ?? memberships[0]!;
  const { db } = getRuntime();
  const [bank, templates] = await Promise.all([listPlannableQuestions({ db, orgId: org.orgId }), listTemplates({ db, orgId: org.orgId })]);
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageTitle title={t("templates")} subtitle={t("templatesSubtitle", { org: org.orgName })} />
        <Link href="/interviews" className="text-sm font-medium text-indigo-700 hover:underline">
          {t("backToList")}
        </Link>
      </div>
      {memberships.length > 1 ? (
        <nav aria-label={t("organisation")} className="mb-4 flex flex-wrap gap-2 text-sm">
          {memberships.map((m) => (
            <Link key={m.orgId} href={`/interviews/templates?org=${m.orgId}`} aria-current={m.orgId === org.orgId ? "page" : undefined} className={`rounded-full border px-3 py-1 ${m.orgId === org.orgId ? "border-indigo-600 bg-indigo-50 text-indigo-700" : "border-slate-300 bg-white"}`}>
              {m.orgName}
            </Link>
          ))}
        </nav>
      ) : null}
      <TemplateManager key={org.orgId} orgId={org.orgId} bank={bank} initial={templates} />
    </>
  );
}
