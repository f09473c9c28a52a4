import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Markdown } from "@/components/markdown";
import { EmptyState } from "@/components/ui";
import type { CandidateHistoryItem } from "@/server/sessions/session-summary";

type Status = "SCHEDULED" | "LOBBY" | "ACTIVE" | "ENDED" | "CANCELLED";

/** A candidate's live sessions with the feedback the interviewer shared; no scores, notes or rubric. */
export async function CandidateHistory({ items }: { items: CandidateHistoryItem[] }) {
  const t = await getTranslations();
  if (!items.length) return <EmptyState>{t("sessions.historyEmpty")}</EmptyState>;
  return (
    <ul className="space-y-3" data-testid="candidate-history">
      {items.map((s) => (
        <li key={s.sessionId} className="rounded-xl border border-slate-200 bg-white p-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <Link href={`/room/${s.sessionId}`} className="font-medium text-indigo-700 hover:underline">
              {s.title}
            </Link>
            <span className="text-xs text-slate-600">
              {t(`sessions.status.${s.status as Status}`)}
              {s.endedAt ? ` · ${s.endedAt.slice(0, 10)}` : ""} · {t("sessions.answered", { count: s.answered })}
            </span>
          </div>
          {s.feedback ? (
            <div className="mt-3 border-t border-slate-100 pt-3" data-testid="shared-feedback">
              <p className="mb-1 text-xs font-semibold text-slate-500 uppercase">{t("sessions.feedbackFromInterviewer")}</p>
              <Markdown>{s.feedback}</Markdown>
            </div>
          ) : (
            <p className="mt-2 text-xs text-slate-500">{s.status === "ENDED" ? t("sessions.feedbackPending") : t("sessions.notEndedYet")}</p>
          )}
        </li>
      ))}
    </ul>
  );
}
