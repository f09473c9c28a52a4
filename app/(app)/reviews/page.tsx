import { Forbidden } from "@/components/forbidden";
import { SessionList } from "@/components/session-list";
import { PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { listSessions } from "@/server/sessions/list-sessions";

export const metadata = { title: "Reviews" };

export default async function ReviewsPage() {
  const { memberships } = await pageAuth(["REVIEWER"]);
  if (!memberships.length) return <Forbidden title="Reviews" need="reviewer" />;
  const sessions = await listSessions({ db: getRuntime().db, orgIds: memberships.map((m) => m.orgId), status: ["ENDED"] });
  return (
    <>
      <PageTitle title="Reviews" subtitle="Recorded sessions waiting for your independent scores." />
      <SessionList sessions={sessions} empty="No finished sessions to review yet." />
    </>
  );
}
