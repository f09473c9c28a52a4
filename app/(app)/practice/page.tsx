import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { QuestionTable } from "@/components/question-table";
import { SessionList } from "@/components/session-list";
import { EmptyState, PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";
import { listQuestions } from "@/server/bank/list-questions";
import { getRuntime } from "@/server/runtime/runtime";
import { listSessions } from "@/server/sessions/list-sessions";

export const metadata = { title: "Practice" };

export default async function PracticePage() {
  const t = await getTranslations("practice");
  const { ctx, memberships } = await pageAuth(["CANDIDATE"]);
  if (!memberships.length) return <Forbidden title={t("title")} need="CANDIDATE" />;
  const { db } = getRuntime();
  const orgIds = memberships.map((m) => m.orgId);
  const [questions, sessions] = await Promise.all([listQuestions({ db, orgIds, publishedOnly: true }), listSessions({ db, orgIds, userId: ctx.user.id })]);
  return (
    <>
      <PageTitle title={t("title")} subtitle={t("welcome", { name: ctx.user.name })} />
      <h2 className="mb-2 font-semibold">{t("sessions")}</h2>
      <SessionList sessions={sessions} empty={t("noSessions")} />
      <h2 className="mt-8 mb-2 font-semibold">{t("bank", { count: questions.length })}</h2>
      {questions.length ? <QuestionTable questions={questions} showStatus={false} /> : <EmptyState>{t("noQuestions")}</EmptyState>}
    </>
  );
}
