"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { DiffLine } from "@/server/authoring/diff-versions";
import { Section } from "./editor-fields";
import { utcStamp } from "@/lib/i18n/utc-stamp";

type Version = { version: number; title: string; publishedAt: string; publishedBy: string | null };

const LINE_STYLE: Record<DiffLine["kind"], string> = {
  added: "bg-emerald-50 text-emerald-900",
  removed: "bg-red-50 text-red-900",
  context: "text-slate-600",
  hunk: "bg-slate-100 text-slate-500",
};
const MARK: Record<DiffLine["kind"], string> = { added: "+", removed: "-", context: " ", hunk: "" };

/** Published versions and a readable diff between any two of them. */
export function HistoryPanel({ questionId, versions }: { questionId: string; versions: Version[] }) {
  const t = useTranslations("authoring");
  const [from, setFrom] = useState(versions[1]?.version ?? versions[0]?.version ?? 1);
  const [to, setTo] = useState(versions[0]?.version ?? 1);
  const [diff, setDiff] = useState<{ lines: DiffLine[]; added: number; removed: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!versions.length) return <Section title={t("history")}>{<p className="text-sm text-slate-600">{t("noVersions")}</p>}</Section>;
  const pick = (value: number, set: (n: number) => void, label: string) => (
    <label className="text-xs font-medium text-slate-600">
      {label}{" "}
      <select className="rounded border border-slate-300 px-1 py-0.5 text-sm" value={value} onChange={(e) => set(Number(e.target.value))}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Section title={t("history")}>
      <ul className="space-y-1 text-sm">
        {versions.map((v) => (
          <li key={v.version}>
            <span className="font-medium">v{v.version}</span> · {v.title} · {utcStamp(v.publishedAt)}
            {v.publishedBy ? ` · ${v.publishedBy}` : ""}
          </li>
        ))}
      </ul>
      <div className="flex items-center gap-3">
        {pick(from, setFrom, t("from"))}
        {pick(to, setTo, t("to"))}
        <button
          type="button"
          className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium"
          onClick={() => {
            setError(null);
            void fetch(`/api/v1/questions/${questionId}/diff?from=${from}&to=${to}`)
              .then(async (r) => {
                const body = (await r.json()) as { lines: DiffLine[]; added: number; removed: number } & { error?: { message: string } };
                if (!r.ok) throw new Error(body.error?.message ?? r.statusText);
                setDiff(body);
              })
              .catch((e: Error) => setError(e.message));
          }}
        >
          {t("showDiff")}
        </button>
      </div>
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
      {diff ? (
        <div data-testid="version-diff">
          <p className="mb-1 text-xs text-slate-600">{t("diffSummary", { added: diff.added, removed: diff.removed })}</p>
          <pre className="max-h-96 overflow-auto rounded-lg border border-slate-200 text-xs">
            {diff.lines.length === 0 ? <div className="p-2 text-slate-600">{t("noDifferences")}</div> : null}
            {diff.lines.map((l, i) => (
              <div key={i} className={`px-2 whitespace-pre-wrap ${LINE_STYLE[l.kind]}`} data-kind={l.kind}>
                {MARK[l.kind]} {l.text}
              </div>
            ))}
          </pre>
        </div>
      ) : null}
    </Section>
  );
}
