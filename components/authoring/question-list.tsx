"use client";

import Link from "next/link";
import { DataTable } from "@/components/ui";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { bulkAction, type ActionState } from "@/app/(app)/author/actions";
import type { AuthorQuestionRow } from "@/server/authoring/list-author-questions";

/** The authoring table with row selection and bulk publish / archive / restore. */
export function QuestionList({ rows }: { rows: AuthorQuestionRow[] }) {
  const t = useTranslations("authoring");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [state, action, pending] = useActionState<ActionState, FormData>(bulkAction, {});
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  return (
    <form action={action} className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">{t("selected", { count: selected.size })}</span>
        {(["publish", "archive", "restore"] as const).map((a) => (
          <button key={a} type="submit" name="action" value={a} disabled={!selected.size || pending} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium disabled:opacity-50">
            {t(`bulk.${a}`)}
          </button>
        ))}
        {state.message !== undefined ? <span className="text-emerald-700" role="status">{t("bulkDone", { count: Number(state.message) })}</span> : null}
      </div>
      {state.error ? (
        <pre role="alert" className="rounded-lg border border-red-200 bg-red-50 p-2 text-xs whitespace-pre-wrap text-red-800">
          {state.error}
        </pre>
      ) : null}
      <DataTable>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-3 py-2">
              <input type="checkbox" aria-label={t("selectAll")} checked={rows.length > 0 && selected.size === rows.length} onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())} />
            </th>
            <th className="px-3 py-2 font-medium whitespace-nowrap">{t("title")}</th>
            <th className="px-3 py-2 font-medium whitespace-nowrap">{t("lang")}</th>
            <th className="px-3 py-2 font-medium whitespace-nowrap">{t("difficulty")}</th>
            <th className="px-3 py-2 font-medium whitespace-nowrap">{t("tagsColumn")}</th>
            <th className="px-3 py-2 font-medium whitespace-nowrap">{t("status")}</th>
            <th className="px-3 py-2 font-medium whitespace-nowrap">{t("version")}</th>
            <th className="px-3 py-2 font-medium whitespace-nowrap">{t("stats.timesAsked")}</th>
            <th className="px-3 py-2 font-medium whitespace-nowrap">{t("stats.meanScore")}</th>
            <th className="px-3 py-2 font-medium whitespace-nowrap">{t("lastEdited")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-100">
              <td className="px-3 py-2">
                <input type="checkbox" name="questionId" value={r.id} aria-label={t("selectRow", { title: r.title })} checked={selected.has(r.id)} onChange={() => toggle(r.id)} />
              </td>
              <td className="px-3 py-2">
                <Link href={`/author/${r.id}`} className="font-medium text-indigo-700 hover:underline">
                  {r.title || r.slug}
                </Link>
                <div className="font-mono text-xs text-slate-500">{r.slug}</div>
              </td>
              <td className="px-3 py-2 whitespace-nowrap uppercase">{r.lang}</td>
              <td className="px-3 py-2 whitespace-nowrap">{t(`difficultyNames.${r.difficulty as "easy"}`)}</td>
              <td className="px-3 py-2 text-xs text-slate-600">{r.tags.join(", ")}</td>
              <td className="px-3 py-2 whitespace-nowrap">{t(`statusNames.${r.status}`)}</td>
              <td className="px-3 py-2 whitespace-nowrap">{r.latestVersion ? `v${r.latestVersion}` : "—"}</td>
              <td className="px-3 py-2 whitespace-nowrap">{r.timesAsked}</td>
              <td className="px-3 py-2 whitespace-nowrap">{r.meanScore === null ? <span className="text-xs text-slate-500">{t("stats.notEnough")}</span> : r.meanScore.toFixed(2)}</td>
              <td className="px-3 py-2 whitespace-nowrap text-xs text-slate-600">{r.updatedAt.slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </form>
  );
}
