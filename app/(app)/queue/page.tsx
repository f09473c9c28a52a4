import { getTranslations } from "next-intl/server";
import { QueuePanel } from "@/components/queue/queue-panel";
import { Alert, PageTitle } from "@/components/ui";
import { hasRole } from "@/server/auth/guards";
import { pageAuth } from "@/server/auth/page-auth";
import { listQueueTags } from "@/server/pairing/list-queue-tags";
import { getRuntime } from "@/server/runtime/runtime";

export const metadata = { title: "Pairing queue" };

export default async function QueuePage() {
  const t = await getTranslations("queue");
  const { memberships } = await pageAuth();
  if (!memberships.length) {
    return (
      <>
        <PageTitle title={t("title")} />
        <Alert>{t("noOrg")}</Alert>
      </>
    );
  }
  const tags = await listQueueTags({ db: getRuntime().db, orgIds: memberships.map((m) => m.orgId) });
  const orgs = memberships.map((m) => ({ orgId: m.orgId, name: m.orgName, canInterview: hasRole(m, ["INTERVIEWER"]) }));
  return (
    <>
      <PageTitle title={t("title")} subtitle={t("subtitle")} />
      <QueuePanel orgs={orgs} tags={tags} />
    </>
  );
}
