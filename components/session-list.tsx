import { getTranslations } from "next-intl/server";
import type { SessionSummary } from "@/server/sessions/list-sessions";
import { EmptyState } from "./ui";

type Kind = "LIVE" | "SOLO";
type Status = "SCHEDULED" | "LOBBY" | "ACTIVE" | "ENDED" | "CANCELLED";

export async function SessionList({ sessions, empty }: { sessions: SessionSummary[]; empty: string }) {
  const t = await getTranslations();
  if (!sessions.length) return <EmptyState>{empty}</EmptyState>;
  return (
    <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
      {sessions.map((s) => (
        <li key={s.id} className="flex items-center justify-between px-4 py-3 text-sm">
          <div>
            <p className="font-medium">{s.title}</p>
            <p className="text-slate-600">{s.participants.map((p) => `${p.name} (${t(`common.roles.${p.role as "CANDIDATE"}`)})`).join(", ")}</p>
          </div>
          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
            {t(`sessions.kind.${s.kind as Kind}`)} · {t(`sessions.status.${s.status as Status}`)}
          </span>
        </li>
      ))}
    </ul>
  );
}
