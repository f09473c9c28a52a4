import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { SessionList } from "@/components/session-list";
import { PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { listSessions } from "@/server/sessions/list-sessions";

export const metadata = { title: "Interviews" };

export default async function InterviewsPage() {
  const t = await getTranslations("interviews");
  const { memberships } = await pageAuth(["INTERVIEWER"]);
  if (!memberships.length) return <Forbidden title={t("title")} need="INTERVIEWER" />;
  const sessions = await listSessions({ db: getRuntime().db, orgIds: memberships.map((m) => m.orgId) });
  return (
    <>
      <PageTitle title={t("title")} subtitle={t("subtitle", { orgs: memberships.map((m) => m.orgName).join(", ") })} />
      <SessionList sessions={sessions} empty={t("empty")} />
    </>
  );
}
