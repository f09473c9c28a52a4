import type { QuestionSummary } from "@/server/bank/list-questions";

export function QuestionTable({ questions, showStatus }: { questions: QuestionSummary[]; showStatus: boolean }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-4 py-2 font-medium">Question</th>
            <th className="px-4 py-2 font-medium">Language</th>
            <th className="px-4 py-2 font-medium">Difficulty</th>
            <th className="px-4 py-2 font-medium">Tags</th>
            {showStatus ? <th className="px-4 py-2 font-medium">Status</th> : null}
            {showStatus ? <th className="px-4 py-2 font-medium">Version</th> : null}
          </tr>
        </thead>
        <tbody>
          {questions.map((q) => (
            <tr key={q.id} className="border-t border-slate-100">
              <td className="px-4 py-2">{q.title}</td>
              <td className="px-4 py-2 uppercase">{q.lang}</td>
              <td className="px-4 py-2">{q.difficulty}</td>
              <td className="px-4 py-2 text-slate-600">{q.tags.join(", ")}</td>
              {showStatus ? <td className="px-4 py-2">{q.status.toLowerCase()}</td> : null}
              {showStatus ? <td className="px-4 py-2">{q.version ?? "—"}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
