import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { SessionSummary } from "@/server/sessions/list-sessions";
import { EmptyState } from "./ui";

type Kind = "LIVE" | "SOLO";
type Status = "SCHEDULED" | "LOBBY" | "ACTIVE" | "ENDED" | "CANCELLED";

/**
 * Sessions as rows. For lists of the viewer's own sessions, `roomLinks` links live ones to their
 * room and `summaries` links ended ones to the end-of-session summary (for interviewers and
 * observers; never offered to candidates, who are refused it).
 */
export async function SessionList({ sessions, empty, roomLinks = false, summaries = false }: { sessions: SessionSummary[]; empty: string; roomLinks?: boolean; summaries?: boolean }) {
  const t = await getTranslations();
  if (!sessions.length) return <EmptyState>{empty}</EmptyState>;
  return (
    <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white" data-testid="session-list">
      {sessions.map((s) => (
        <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
          <div className="min-w-0">
            {roomLinks && s.kind === "LIVE" && s.status !== "CANCELLED" ? (
              <Link href={`/room/${s.id}`} className="font-medium text-indigo-700 hover:underline">
                {s.title}
              </Link>
            ) : (
              <p className="font-medium">{s.title}</p>
            )}
            <p className="text-slate-600">{s.participants.map((p) => `${p.name} (${t(`sessions.participantRole.${p.role as "CANDIDATE"}`)})`).join(", ")}</p>
          </div>
          <div className="flex items-center gap-3">
            {summaries && s.kind === "LIVE" && s.status === "ENDED" ? (
              <Link href={`/interviews/${s.id}/summary`} className="text-xs font-medium text-indigo-700 hover:underline">
                {t("sessions.summaryLink")}
              </Link>
            ) : null}
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
              {t(`sessions.kind.${s.kind as Kind}`)} · {t(`sessions.status.${s.status as Status}`)}
            </span>
            <time className="text-xs text-slate-500" dateTime={s.createdAt}>
              {s.createdAt.slice(0, 10)}
            </time>
          </div>
        </li>
      ))}
    </ul>
  );
}
