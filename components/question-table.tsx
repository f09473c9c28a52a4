import { getTranslations } from "next-intl/server";
import { DataTable } from "@/components/ui";
import type { QuestionSummary } from "@/server/bank/list-questions";

export async function QuestionTable({ questions, showStatus }: { questions: QuestionSummary[]; showStatus: boolean }) {
  const t = await getTranslations();
  return (
    <DataTable>
      <thead className="bg-slate-50 text-slate-600">
        <tr>
          <th className="px-4 py-2 font-medium whitespace-nowrap">{t("questionTable.question")}</th>
          <th className="px-4 py-2 font-medium whitespace-nowrap">{t("questionTable.language")}</th>
          <th className="px-4 py-2 font-medium whitespace-nowrap">{t("questionTable.difficulty")}</th>
          <th className="px-4 py-2 font-medium whitespace-nowrap">{t("questionTable.tags")}</th>
          {showStatus ? <th className="px-4 py-2 font-medium whitespace-nowrap">{t("questionTable.status")}</th> : null}
          {showStatus ? <th className="px-4 py-2 font-medium whitespace-nowrap">{t("questionTable.version")}</th> : null}
        </tr>
      </thead>
      <tbody>
        {questions.map((q) => (
          <tr key={q.id} className="border-t border-slate-100">
            <td className="px-4 py-2">{q.title}</td>
            <td className="px-4 py-2 whitespace-nowrap uppercase">{q.lang}</td>
            <td className="px-4 py-2 whitespace-nowrap">{t(`difficulty.${q.difficulty as "easy" | "medium" | "hard"}`)}</td>
            <td className="px-4 py-2 text-slate-600">{q.tags.join(", ")}</td>
            {showStatus ? <td className="px-4 py-2 whitespace-nowrap">{t(`status.${q.status as "DRAFT" | "PUBLISHED" | "ARCHIVED"}`)}</td> : null}
            {showStatus ? <td className="px-4 py-2 whitespace-nowrap">{q.version ?? "—"}</td> : null}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
