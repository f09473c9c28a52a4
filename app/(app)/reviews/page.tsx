import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { SessionList } from "@/components/session-list";
import { PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { listSessions } from "@/server/sessions/list-sessions";

export const metadata = { title: "Reviews" };

export default async function ReviewsPage() {
  const t = await getTranslations("reviews");
  const { memberships } = await pageAuth(["REVIEWER"]);
  if (!memberships.length) return <Forbidden title={t("title")} need="REVIEWER" />;
  const sessions = await listSessions({ db: getRuntime().db, orgIds: memberships.map((m) => m.orgId), status: ["ENDED"] });
  return (
    <>
      <PageTitle title={t("title")} subtitle={t("subtitle")} />
      <SessionList sessions={sessions} empty={t("empty")} />
    </>
  );
}
