import { Forbidden } from "@/components/forbidden";
import { QuestionTable } from "@/components/question-table";
import { EmptyState, PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";
import { listQuestions } from "@/server/bank/list-questions";
import { getRuntime } from "@/server/runtime/runtime";

export const metadata = { title: "Questions" };

export default async function AuthorPage() {
  const { memberships } = await pageAuth(["AUTHOR"]);
  if (!memberships.length) return <Forbidden title="Questions" need="author" />;
  const questions = await listQuestions({ db: getRuntime().db, orgIds: memberships.map((m) => m.orgId), publishedOnly: false });
  return (
    <>
      <PageTitle title="Questions" subtitle={`${questions.length} questions (each language counted separately), drafts included.`} />
      {questions.length ? <QuestionTable questions={questions} showStatus /> : <EmptyState>No questions yet.</EmptyState>}
    </>
  );
}
