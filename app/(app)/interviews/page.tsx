import { Forbidden } from "@/components/forbidden";
import { SessionList } from "@/components/session-list";
import { PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { listSessions } from "@/server/sessions/list-sessions";

export const metadata = { title: "Interviews" };

export default async function InterviewsPage() {
  const { memberships } = await pageAuth(["INTERVIEWER"]);
  if (!memberships.length) return <Forbidden title="Interviews" need="interviewer" />;
  const sessions = await listSessions({ db: getRuntime().db, orgIds: memberships.map((m) => m.orgId) });
  return (
    <>
      <PageTitle title="Interviews" subtitle={`Live and practice sessions in ${memberships.map((m) => m.orgName).join(", ")}.`} />
      <SessionList sessions={sessions} empty="No sessions in your organisation yet." />
    </>
  );
}
