import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { QuestionStats, Statistic } from "@/lib/stats/question-stats";

function Value({ s, format, reasons }: { s: Statistic; format: (v: number) => string; reasons: Record<string, string> }) {
  return s.value === null ? <span className="text-slate-500">{reasons[s.reason] ?? s.reason}</span> : <span className="font-medium">{format(s.value)}</span>;
}

/** Usage statistics of one question; below the sample threshold each says so instead of guessing. */
export async function StatsPanel({ stats }: { stats: QuestionStats }) {
  const t = await getTranslations("authoring.stats");
  const reasons = { "not enough data": t("notEnough"), "no variance": t("noVariance") };
  const rows: { label: string; help: string; node: ReactNode; n?: number }[] = [
    { label: t("timesAsked"), help: t("timesAskedHelp"), node: <span className="font-medium">{stats.timesAsked}</span> },
    { label: t("answered"), help: t("answeredHelp"), node: <span className="font-medium">{stats.answered}</span> },
    { label: t("meanScore"), help: t("meanScoreHelp"), node: <Value reasons={reasons} s={stats.meanScore} format={(v) => `${v.toFixed(2)} / 5`} />, n: stats.meanScore.n },
    { label: t("facility"), help: t("facilityHelp"), node: <Value reasons={reasons} s={stats.facility} format={(v) => v.toFixed(2)} />, n: stats.facility.n },
    { label: t("discrimination"), help: t("discriminationHelp"), node: <Value reasons={reasons} s={stats.discrimination} format={(v) => v.toFixed(2)} />, n: stats.discrimination.n },
    { label: t("raterDisagreement"), help: t("raterDisagreementHelp"), node: <Value reasons={reasons} s={stats.raterDisagreement} format={(v) => `${v.toFixed(2)}`} />, n: stats.raterDisagreement.n },
    { label: t("aiHumanGap"), help: t("aiHumanGapHelp"), node: <Value reasons={reasons} s={stats.aiHumanGap} format={(v) => `${v >= 0 ? "+" : ""}${v.toFixed(2)}`} />, n: stats.aiHumanGap.n },
  ];
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4" data-testid="stats-panel">
      <h2 className="mb-3 font-semibold">{t("title")}</h2>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        {rows.map((r) => (
          <div key={r.label} className="flex items-baseline justify-between gap-2 border-b border-slate-100 pb-1" title={r.help}>
            <dt className="text-slate-600">{r.label}</dt>
            <dd>
              {r.node}
              {r.n !== undefined ? <span className="ml-1 text-xs text-slate-400">n={r.n}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
