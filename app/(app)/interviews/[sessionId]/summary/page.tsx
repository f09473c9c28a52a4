import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { FeedbackEditor } from "@/components/sessions/feedback-editor";
import { SessionTimeline } from "@/components/sessions/session-timeline";
import { NoteList, SummaryQuestionCard } from "@/components/sessions/summary-question";
import { Markdown } from "@/components/markdown";
import { Alert, PageTitle } from "@/components/ui";
import { AppError } from "@/lib/errors";
import { pageAuth } from "@/server/auth/page-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { sessionSummary, type SessionSummary } from "@/server/sessions/session-summary";
import { utcStamp } from "@/lib/i18n/utc-stamp";

export const metadata = { title: "Session summary" };

type Status = "SCHEDULED" | "LOBBY" | "ACTIVE" | "ENDED" | "CANCELLED";

/** The end-of-session picture for the interviewer and observers; candidates and outsiders are refused. */
export default async function SummaryPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const t = await getTranslations();
  const { ctx } = await pageAuth();
  const { sessionId } = await params;
  let summary: SessionSummary;
  try {
    summary = await sessionSummary({ db: getRuntime().db, sessionId, userId: ctx.user.id });
  } catch (err) {
    if (!(err instanceof AppError) || !["FORBIDDEN", "NOT_FOUND"].includes(err.code)) throw err;
    return (
      <div className="max-w-xl" data-testid="summary-refused">
        <PageTitle title={err.code === "FORBIDDEN" ? t("summary.forbiddenTitle") : t("summary.notFoundTitle")} />
        <Alert>{err.code === "FORBIDDEN" ? t("summary.forbidden") : t("summary.notFound")}</Alert>
        <p className="mt-4 text-sm">
          <Link href="/home" className="font-medium text-indigo-700 hover:underline">
            {t("join.goHome")}
          </Link>
        </p>
      </div>
    );
  }
  const me = summary.participants.find((p) => p.userId === ctx.user.id);
  const names = new Map(summary.participants.map((p) => [p.userId, p.name]));
  const generalNotes = summary.notes.filter((n) => !n.turnId || !summary.questions.some((q) => q.turnId === n.turnId));
  const fmt = (n: number | null) => (n === null ? "—" : n.toFixed(2));
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageTitle title={t("summary.title", { title: summary.title })} subtitle={t("summary.subtitle", { status: t(`sessions.status.${summary.status as Status}`), started: (summary.startedAt ? utcStamp(summary.startedAt) : "—"), ended: (summary.endedAt ? utcStamp(summary.endedAt) : "—") })} />
        <div className="flex gap-3 text-sm">
          <Link href={`/room/${summary.id}`} className="font-medium text-indigo-700 hover:underline">
            {t("summary.openRoom")}
          </Link>
          <Link href="/interviews" className="font-medium text-indigo-700 hover:underline">
            {t("interviews.backToList")}
          </Link>
        </div>
      </div>
      <section className="grid gap-4 sm:grid-cols-3" aria-label={t("summary.overview")}>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <p className="text-xs font-semibold text-slate-500 uppercase">{t("summary.participants")}</p>
          <ul className="mt-1 text-sm">
            {summary.participants.map((p) => (
              <li key={p.userId}>
                {p.name} <span className="text-slate-500">({t(`sessions.participantRole.${p.role as "CANDIDATE"}`)})</span>
              </li>
            ))}
          </ul>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <p className="text-xs font-semibold text-slate-500 uppercase">{t("summary.engineAverage")}</p>
          <p className="mt-1 text-2xl font-semibold" data-testid="engine-average">
            {fmt(summary.averages.engine)}
            <span className="text-sm font-normal text-slate-500"> / 5</span>
          </p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <p className="text-xs font-semibold text-slate-500 uppercase">{t("summary.humanAverage")}</p>
          <p className="mt-1 text-2xl font-semibold">
            {fmt(summary.averages.human)}
            <span className="text-sm font-normal text-slate-500"> / 5</span>
          </p>
        </div>
      </section>
      <section className="space-y-4">
        <h2 className="font-semibold">{t("summary.questions", { count: summary.questions.length })}</h2>
        {summary.questions.length ? (
          summary.questions.map((q) => <SummaryQuestionCard key={q.turnId} q={q} notes={summary.notes.filter((n) => n.turnId === q.turnId)} names={names} />)
        ) : (
          <p className="text-sm text-slate-500">{t("summary.noQuestions")}</p>
        )}
      </section>
      {generalNotes.length ? (
        <section className="space-y-2">
          <h2 className="font-semibold">{t("summary.generalNotes")}</h2>
          <NoteList notes={generalNotes} />
        </section>
      ) : null}
      {me?.role === "INTERVIEWER" ? (
        <FeedbackEditor sessionId={summary.id} initial={summary.feedback ?? ""} sharedAt={summary.feedbackSharedAt} />
      ) : (
        <section className="space-y-2 rounded-xl border border-slate-200 bg-white p-5">
          <h2 className="font-semibold">{t("summary.feedback")}</h2>
          {summary.feedback ? <Markdown>{summary.feedback}</Markdown> : <p className="text-sm text-slate-500">{t("summary.noFeedback")}</p>}
        </section>
      )}
      <section className="space-y-2">
        <h2 className="font-semibold">{t("summary.timeline")}</h2>
        <SessionTimeline events={summary.timeline} />
      </section>
    </div>
  );
}
