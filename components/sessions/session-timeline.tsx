import { getTranslations } from "next-intl/server";
import { EVENT_LABEL_KEYS, isSessionEventType } from "@/lib/sessions/event-types";
import type { SessionSummary } from "@/server/sessions/session-summary";

/** The session's append-only timeline as a table (what happened, in the reader's language, who, when); payloads stay on the server. */
export async function SessionTimeline({ events }: { events: SessionSummary["timeline"] }) {
  const t = await getTranslations("summary");
  if (!events.length) return <p className="text-sm text-slate-500">{t("noEvents")}</p>;
  return (
    <div className="max-h-96 overflow-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="timeline">
        <thead className="sticky top-0 bg-slate-50 text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">#</th>
            <th className="px-3 py-2 font-medium">{t("time")}</th>
            <th className="px-3 py-2 font-medium">{t("event")}</th>
            <th className="px-3 py-2 font-medium">{t("actor")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq} className="border-t border-slate-100">
              <td className="px-3 py-1.5 text-xs text-slate-500">{e.seq}</td>
              <td className="px-3 py-1.5 font-mono text-xs">{e.at.slice(11, 19)}</td>
              <td className="px-3 py-1.5 whitespace-nowrap" data-event-type={e.type} title={e.type}>
                {isSessionEventType(e.type) ? t(`eventTypes.${EVENT_LABEL_KEYS[e.type]}`) : <span className="font-mono text-xs">{e.type}</span>}
              </td>
              <td className="px-3 py-1.5">{e.actor ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
