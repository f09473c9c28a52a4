import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { NewSessionForm } from "@/components/sessions/new-session-form";
import { Card, PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { listPlannableQuestions } from "@/server/sessions/list-plannable-questions";
import { listTemplates } from "@/server/sessions/templates";

export const metadata = { title: "New session" };

export default async function NewSessionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations("interviews");
  const { memberships } = await pageAuth(["INTERVIEWER"]);
  if (!memberships.length) return <Forbidden title={t("newSession")} need="INTERVIEWER" />;
  const { db } = getRuntime();
  const orgs = await Promise.all(
    memberships.map(async (m) => ({
      orgId: m.orgId,
      orgName: m.orgName,
      bank: await listPlannableQuestions({ db, orgId: m.orgId }),
      templates: await listTemplates({ db, orgId: m.orgId }),
    })),
  );
  const template = (await searchParams).template;
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageTitle title={t("newSession")} subtitle={t("newSubtitle")} />
        <Link href="/interviews/templates" className="text-sm font-medium text-indigo-700 hover:underline">
          {t("templates")}
        </Link>
      </div>
      <Card>
        <NewSessionForm orgs={orgs} initialTemplateId={typeof template === "string" ? template : undefined} />
      </Card>
    </>
  );
}
