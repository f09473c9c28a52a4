import { getTranslations } from "next-intl/server";
import { NewQuestionForm } from "@/components/authoring/new-question-form";
import { Forbidden } from "@/components/forbidden";
import { Card, PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";

export const metadata = { title: "New question" };

export default async function NewQuestionPage() {
  const t = await getTranslations("authoring");
  const { memberships } = await pageAuth(["AUTHOR"]);
  if (!memberships.length) return <Forbidden title={t("newQuestion")} need="AUTHOR" />;
  return (
    <div className="max-w-lg">
      <PageTitle title={t("newQuestion")} subtitle={t("newSubtitle")} />
      <Card>
        <NewQuestionForm orgs={memberships.map((m) => ({ orgId: m.orgId, orgName: m.orgName }))} />
      </Card>
    </div>
  );
}
