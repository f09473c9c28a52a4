import type { SessionSummary } from "@/server/sessions/list-sessions";
import { EmptyState } from "./ui";

export function SessionList({ sessions, empty }: { sessions: SessionSummary[]; empty: string }) {
  if (!sessions.length) return <EmptyState>{empty}</EmptyState>;
  return (
    <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
      {sessions.map((s) => (
        <li key={s.id} className="flex items-center justify-between px-4 py-3 text-sm">
          <div>
            <p className="font-medium">{s.title}</p>
            <p className="text-slate-600">{s.participants.map((p) => `${p.name} (${p.role.toLowerCase()})`).join(", ")}</p>
          </div>
          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
            {s.kind.toLowerCase()} · {s.status.toLowerCase()}
          </span>
        </li>
      ))}
    </ul>
  );
}
