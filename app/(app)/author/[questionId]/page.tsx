import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { HistoryPanel } from "@/components/authoring/history-panel";
import { QuestionEditor } from "@/components/authoring/question-editor";
import { StatsPanel } from "@/components/authoring/stats-panel";
import { Forbidden } from "@/components/forbidden";
import { AppError } from "@/lib/errors";
import { getQuestionForEditor } from "@/server/authoring/get-question";
import { pageAuth } from "@/server/auth/page-auth";
import { loadQuestionStats } from "@/server/bank/load-question-stats";
import { getRuntime } from "@/server/runtime/runtime";

export const metadata = { title: "Edit question" };

export default async function EditQuestionPage({ params }: { params: Promise<{ questionId: string }> }) {
  const { questionId } = await params;
  const t = await getTranslations("authoring");
  const { ctx } = await pageAuth();
  const db = getRuntime().db;
  let question;
  try {
    question = await getQuestionForEditor({ db, ctx, questionId });
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    if (err instanceof AppError && err.code === "FORBIDDEN") return <Forbidden title={t("editTitle")} need="AUTHOR" />;
    throw err;
  }
  const stats = await loadQuestionStats({ db, questionId });
  return (
    <div className="space-y-4">
      <Link href="/author" className="text-sm text-indigo-700">
        ← {t("backToList")}
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">{question.draft.title || t("untitled")}</h1>
      <QuestionEditor initial={question} />
      <div className="grid gap-4 xl:grid-cols-2">
        <HistoryPanel questionId={question.id} versions={question.versions} />
        <StatsPanel stats={stats} />
      </div>
    </div>
  );
}
