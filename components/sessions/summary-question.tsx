import { getTranslations } from "next-intl/server";
import { Markdown } from "@/components/markdown";
import { isFollowUpSource, type NoteView } from "@/lib/realtime/contract";
import type { SummaryQuestion } from "@/server/sessions/session-summary";
import { EngineCautions, EngineWrongLines } from "./engine-wrong-lines";
import { EvidenceQuotes } from "./evidence-quotes";
import { proposalWhy } from "./proposal-why";
import { utcStamp } from "@/lib/i18n/utc-stamp";

const KP_TONE: Record<string, string> = {
  covered: "bg-emerald-100 text-emerald-800",
  partly: "bg-amber-100 text-amber-800",
  missing: "bg-slate-100 text-slate-700",
  contradicted: "bg-red-100 text-red-800",
};
const KP_STATUSES = ["covered", "partly", "missing", "contradicted"] as const;

const fmt = (n: number, digits = 1) => (Math.round(n * 10 ** digits) / 10 ** digits).toString();

/** One asked question of a summary: prompt, answer, the engine's and the interviewer's scores, AI proposals, notes. */
export async function SummaryQuestionCard({ q, notes, names }: { q: SummaryQuestion; notes: NoteView[]; names: Map<string, string> }) {
  const t = await getTranslations("summary");
  const tc = await getTranslations("common");
  const tr = await getTranslations("room");
  const e = q.engine;
  const criterionName = (id: string) => q.criteria.find((c) => c.id === id)?.name ?? id;
  const kpLabel = (s: string) => ((KP_STATUSES as readonly string[]).includes(s) ? t(`kp.${s as "covered"}`) : s);
  return (
    <article className="space-y-4 rounded-xl border border-slate-200 bg-white p-5" data-testid="summary-question" aria-labelledby={`q-${q.turnId}`}>
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`q-${q.turnId}`} className="font-semibold">
          {t("questionN", { n: q.index + 1 })} · {q.title}
        </h3>
        {q.followUp ? <span className="rounded-full bg-violet-100 px-2 py-0.5 text-xs text-violet-800">{t("followUp", { source: q.followUpSource ?? "—" })}</span> : null}
      </header>
      <section>
        <h4 className="mb-1 text-xs font-semibold text-slate-500 uppercase">{t("prompt")}</h4>
        <Markdown>{q.prompt}</Markdown>
      </section>
      <section>
        <h4 className="mb-1 text-xs font-semibold text-slate-500 uppercase">{t("answer")}</h4>
        {q.answer ? (
          <div className="rounded-lg bg-slate-50 p-3" data-testid="summary-answer">
            <Markdown>{q.answer.text}</Markdown>
            <p className="mt-2 text-xs text-slate-500">{t("submittedAt", { at: utcStamp(q.answer.submittedAt, "second") })}</p>
          </div>
        ) : q.draft ? (
          <div className="rounded-lg border border-dashed border-amber-300 bg-amber-50/40 p-3" data-testid="summary-draft">
            <p className="mb-1 text-xs font-medium text-amber-800">{t("unsubmittedDraft", { at: utcStamp(q.draft.savedAt, "second") })}</p>
            <Markdown>{q.draft.text}</Markdown>
          </div>
        ) : (
          <p className="text-sm text-slate-500">{t("noAnswer")}</p>
        )}
      </section>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <section className="space-y-2" data-testid="engine-score">
          <h4 className="text-xs font-semibold text-slate-500 uppercase">{t("engineScore")}</h4>
          {e ? (
            <>
              <p className="text-sm">
                <span className="text-2xl font-semibold">{fmt(e.overall5, 2)}</span> / 5 · {fmt(e.overall100, 0)} / 100
                {e.confidence !== null ? <span className="text-slate-500"> · {t("confidence", { pct: Math.round(e.confidence * 100) })}</span> : null}
              </p>
              {e.criteria.length ? (
                <ul className="space-y-0.5 text-sm">
                  {e.criteria.map((c) => (
                    <li key={c.criterionId}>
                      <span className="font-medium">{criterionName(c.criterionId)}</span>: {t("level", { level: c.level })}
                      {c.label ? <span className="text-slate-500"> — {c.label}</span> : null}
                    </li>
                  ))}
                </ul>
              ) : null}
              {e.keyPoints.length ? (
                <ul className="space-y-1 text-sm">
                  {e.keyPoints.map((k) => (
                    <li key={k.id} className="flex items-start gap-2">
                      <span className={`shrink-0 rounded px-1.5 py-0.5 text-xs whitespace-nowrap ${KP_TONE[k.status] ?? "bg-slate-100"}`}>{kpLabel(k.status)}</span>
                      <span className="min-w-0">
                        {k.statement}
                        <EvidenceQuotes quotes={k.evidence} label={(quoted) => t("evidence", { quotes: quoted })} />
                      </span>
                    </li>
                  ))}
                </ul>
              ) : null}
              <EngineWrongLines lines={e.feedback?.wrong} className="space-y-1 text-sm" />
              <EngineCautions lines={e.feedback?.cautions} className="space-y-1 text-sm" />
              {e.engineVersion ? <p className="text-xs text-slate-400">{t("engineVersion", { version: e.engineVersion })}</p> : null}
            </>
          ) : (
            <p className="text-sm text-slate-500">{q.answer ? t("notScored") : "—"}</p>
          )}
        </section>
        <section className="space-y-2" data-testid="human-scores">
          <h4 className="text-xs font-semibold text-slate-500 uppercase">{t("rubricScores")}</h4>
          {q.human.length ? (
            q.human.map((h) => (
              <div key={h.scoreId} className="text-sm">
                <p>
                  <span className="text-xl font-semibold">{fmt(h.overall5, 2)}</span> / 5 <span className="text-slate-500">· {names.get(h.raterId) ?? t("unknownRater")}</span>
                </p>
                <ul className="space-y-0.5">
                  {h.criteria.map((c) => (
                    <li key={c.criterionId}>
                      <span className="font-medium">{criterionName(c.criterionId)}</span>: {t("level", { level: c.level })}
                    </li>
                  ))}
                </ul>
                {h.comment ? <p className="mt-1 text-slate-700">{h.comment}</p> : null}
              </div>
            ))
          ) : (
            <p className="text-sm text-slate-500">{t("noRubricScores")}</p>
          )}
        </section>
      </div>
      {q.proposals.length ? (
        <section className="space-y-1" data-testid="proposals">
          <h4 className="text-xs font-semibold text-slate-500 uppercase">{t("proposals")}</h4>
          <ul className="space-y-2 text-sm">
            {q.proposals.map((p, i) => (
              <li key={i} className="rounded-lg border border-slate-200 p-2">
                <p className="font-medium">
                  {p.action === "follow-up" ? t("proposedFollowUp") : t("proposedAdvance")}
                  {p.source ? <span className="font-normal text-slate-500"> · {isFollowUpSource(p.source) ? tc(`followUpSources.${p.source}`) : p.source}</span> : null}
                </p>
                {p.prompt ? <p className="mt-0.5">{p.prompt}</p> : null}
                <p className="mt-0.5 text-xs text-slate-600" title={p.reason} data-testid="proposal-why">
                  {t("reason", {
                    reason: proposalWhy(p, (id) => e?.keyPoints.find((k) => k.id === id)?.statement, {
                      gap: (gap, point) => tr(`staff.why.${gap}`, { point }),
                      advance: (code) => tr(`staff.advanceWhy.${code}`),
                    }),
                  })}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {notes.length ? (
        <section className="space-y-1">
          <h4 className="text-xs font-semibold text-slate-500 uppercase">{t("privateNotes")}</h4>
          <NoteList notes={notes} />
        </section>
      ) : null}
    </article>
  );
}

export function NoteList({ notes }: { notes: NoteView[] }) {
  return (
    <ul className="space-y-1 text-sm" data-testid="notes">
      {notes.map((n) => (
        <li key={n.id}>
          <span className="text-xs text-slate-500">
            {n.createdAt.slice(11, 19)} · {n.authorName}:
          </span>{" "}
          <span className="whitespace-pre-wrap">{n.body}</span>
        </li>
      ))}
    </ul>
  );
}
