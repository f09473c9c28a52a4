import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { SessionList } from "@/components/session-list";
import { PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { listSessions } from "@/server/sessions/list-sessions";

export const metadata = { title: "Interviews" };

const linkClass = "rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50";

/** The interviewer's own sessions (as interviewer or observer), newest first. */
export default async function InterviewsPage() {
  const t = await getTranslations("interviews");
  const { ctx, memberships } = await pageAuth(["INTERVIEWER"]);
  if (!memberships.length) return <Forbidden title={t("title")} need="INTERVIEWER" />;
  const sessions = await listSessions({ db: getRuntime().db, orgIds: memberships.map((m) => m.orgId), userId: ctx.user.id });
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageTitle title={t("title")} subtitle={t("subtitle", { orgs: memberships.map((m) => m.orgName).join(", ") })} />
        <div className="flex flex-wrap gap-2">
          <Link href="/join" className={linkClass}>
            {t("joinWithCode")}
          </Link>
          <Link href="/interviews/templates" className={linkClass}>
            {t("templates")}
          </Link>
          <Link href="/interviews/new" className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
            {t("newSession")}
          </Link>
        </div>
      </div>
      <SessionList sessions={sessions} empty={t("empty")} roomLinks summaries />
    </>
  );
}
