"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { CopyButton } from "./copy-button";

export type CreatedSessionView = { id: string; roomCode: string; inviteToken: string; status: string; title: string };

/** What the interviewer hands out after creating a session: room code, candidate and observer links. */
export function SessionCreated({ session, origin, templateNote }: { session: CreatedSessionView; origin: string; templateNote?: { tone: "ok" | "error"; text: string } | null }) {
  const t = useTranslations("interviews");
  const invite = `${origin}/join/${session.inviteToken}`;
  const observer = `${invite}?as=observer`;
  const row = (label: string, value: string, testId: string) => (
    <div className="space-y-1">
      <p className="text-sm font-medium text-slate-700">{label}</p>
      <div className="flex items-center gap-2">
        <input readOnly value={value} aria-label={label} data-testid={testId} onFocus={(e) => e.target.select()} className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-slate-50 px-3 py-1.5 font-mono text-sm" />
        <CopyButton text={value} label={t("copyWhat", { what: label })} />
      </div>
    </div>
  );
  return (
    <div className="space-y-5" data-testid="session-created">
      <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
        {session.status === "SCHEDULED" ? t("createdScheduled", { title: session.title }) : t("created", { title: session.title })}
      </div>
      {templateNote ? (
        <p role={templateNote.tone === "error" ? "alert" : "status"} className={`text-sm ${templateNote.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {templateNote.text}
        </p>
      ) : null}
      <div>
        <p className="text-sm font-medium text-slate-700">{t("roomCode")}</p>
        <div className="mt-1 flex items-center gap-3">
          <span className="font-mono text-3xl font-semibold tracking-[0.3em]" data-testid="room-code">
            {session.roomCode}
          </span>
          <CopyButton text={session.roomCode} label={t("copyWhat", { what: t("roomCode") })} />
        </div>
        <p className="mt-1 text-xs text-slate-500">{t("roomCodeHelp")}</p>
      </div>
      {row(t("inviteLink"), invite, "invite-link")}
      {row(t("observerLink"), observer, "observer-link")}
      <div className="flex flex-wrap gap-3">
        <Link href={`/room/${session.id}`} className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
          {t("openRoom")}
        </Link>
        <Link href="/interviews" className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
          {t("backToList")}
        </Link>
      </div>
    </div>
  );
}
