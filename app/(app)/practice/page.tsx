import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { QuestionTable } from "@/components/question-table";
import { CandidateHistory } from "@/components/sessions/candidate-history";
import { SessionList } from "@/components/session-list";
import { EmptyState, PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";
import { listQuestions } from "@/server/bank/list-questions";
import { getRuntime } from "@/server/runtime/runtime";
import { listSessions } from "@/server/sessions/list-sessions";
import { candidateHistory } from "@/server/sessions/session-summary";

export const metadata = { title: "Practice" };

export default async function PracticePage() {
  const t = await getTranslations("practice");
  const ts = await getTranslations("sessions");
  const { ctx, memberships } = await pageAuth(["CANDIDATE"]);
  if (!memberships.length) return <Forbidden title={t("title")} need="CANDIDATE" />;
  const { db } = getRuntime();
  const orgIds = memberships.map((m) => m.orgId);
  // Live interviews come from any organisation that invited the candidate, so history is by user, not org.
  const [questions, history, sessions] = await Promise.all([listQuestions({ db, orgIds, publishedOnly: true }), candidateHistory({ db, userId: ctx.user.id }), listSessions({ db, orgIds, userId: ctx.user.id })]);
  const solo = sessions.filter((s) => s.kind !== "LIVE");
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageTitle title={t("title")} subtitle={t("welcome", { name: ctx.user.name })} />
        <Link href="/join" className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
          {ts("joinWithCode")}
        </Link>
      </div>
      <h2 className="mb-2 font-semibold">{ts("yourInterviews")}</h2>
      <CandidateHistory items={history} />
      {solo.length ? (
        <>
          <h2 className="mt-8 mb-2 font-semibold">{t("sessions")}</h2>
          <SessionList sessions={solo} empty={t("noSessions")} />
        </>
      ) : null}
      <h2 className="mt-8 mb-2 font-semibold">{t("bank", { count: questions.length })}</h2>
      {questions.length ? <QuestionTable questions={questions} showStatus={false} /> : <EmptyState>{t("noQuestions")}</EmptyState>}
    </>
  );
}
