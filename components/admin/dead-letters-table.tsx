"use client";

import { useRouter } from "next/navigation";
import { DataTable } from "@/components/ui";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { utcStamp } from "@/lib/i18n/utc-stamp";

export type DeadLetterRow = { jobId: string; version: number; jobKey: string; payload: string; error: string; attempts: number; failedAt: string };

/** Jobs that failed for good, with a button that runs one again (POST /api/v1/admin/jobs/dead-letters/retry). */
export function DeadLettersTable({ rows }: { rows: DeadLetterRow[] }) {
  const t = useTranslations("admin.deadLetters");
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const retry = async (row: DeadLetterRow) => {
    setBusy(row.jobKey);
    setMessage(null);
    const r = await fetch("/api/v1/admin/jobs/dead-letters/retry", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jobId: row.jobId, jobKey: row.jobKey }) });
    setBusy(null);
    setMessage(r.ok ? t("retried") : t("retryFailed"));
    router.refresh();
  };

  if (rows.length === 0) return <p className="text-sm text-slate-500">{t("empty")}</p>;
  return (
    <>
      {message ? <p className="mb-2 text-sm text-slate-600" role="status">{message}</p> : null}
      <DataTable>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-4 py-2 font-medium whitespace-nowrap">{t("job")}</th>
            <th className="px-4 py-2 font-medium whitespace-nowrap">{t("payload")}</th>
            <th className="px-4 py-2 font-medium whitespace-nowrap">{t("error")}</th>
            <th className="px-4 py-2 font-medium whitespace-nowrap">{t("attempts")}</th>
            <th className="px-4 py-2 font-medium whitespace-nowrap">{t("failedAt")}</th>
            <th className="px-4 py-2" />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.jobId}/${r.jobKey}`} className="border-t border-slate-100 align-top">
              <td className="px-4 py-2 font-mono text-xs">
                {r.jobId}.v{r.version}
              </td>
              <td className="max-w-48 truncate px-4 py-2 font-mono text-xs" title={r.payload}>
                {r.payload}
              </td>
              <td className="px-4 py-2 text-xs text-red-700">{r.error}</td>
              <td className="px-4 py-2">{r.attempts}</td>
              <td className="px-4 py-2 text-xs">{utcStamp(r.failedAt, "second")}</td>
              <td className="px-4 py-2">
                <button type="button" disabled={busy !== null} onClick={() => void retry(r)} className="rounded-md border border-slate-300 px-2 py-1 text-xs disabled:opacity-50">
                  {t("retry")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}
