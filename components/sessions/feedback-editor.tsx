"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Markdown } from "@/components/markdown";
import { Alert, Button } from "@/components/ui";
import { callApi, fieldErrors } from "./api";
import { utcStamp } from "@/lib/i18n/utc-stamp";

/** The interviewer's written feedback in Markdown, saved privately or shared with the candidate. */
export function FeedbackEditor({ sessionId, initial, sharedAt: initialShared }: { sessionId: string; initial: string; sharedAt: string | null }) {
  const t = useTranslations("summary");
  const [text, setText] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [sharedAt, setSharedAt] = useState(initialShared);
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  const save = async (share: boolean) => {
    setBusy(true);
    setMessage(null);
    const r = await callApi<{ feedback: string; sharedAt: string | null }>(`/api/v1/sessions/${sessionId}/feedback`, { method: "PUT", json: { feedback: text, share } });
    setBusy(false);
    if (!r.ok) {
      setMessage({ tone: "error", text: fieldErrors(r.error).feedback ?? (r.error.message || t("saveFailed")) });
      return;
    }
    setSaved(r.data.feedback);
    setSharedAt(r.data.sharedAt);
    setMessage({ tone: "success", text: share ? t("sharedDone") : t("savedDone") });
  };

  const tabClass = (on: boolean) => `rounded-md px-3 py-1 text-sm ${on ? "bg-slate-200 font-medium" : "text-slate-600"}`;
  return (
    <section aria-labelledby="feedback-heading" className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="feedback-heading" className="font-semibold">
          {t("feedback")}
        </h2>
        <p className="text-xs text-slate-600" data-testid="feedback-state">
          {sharedAt ? t("sharedOn", { date: utcStamp(sharedAt) }) : t("notShared")}
          {text !== saved ? ` · ${t("unsaved")}` : ""}
        </p>
      </div>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div role="tablist" className="flex gap-1">
        <button type="button" role="tab" aria-selected={tab === "write"} className={tabClass(tab === "write")} onClick={() => setTab("write")}>
          {t("write")}
        </button>
        <button type="button" role="tab" aria-selected={tab === "preview"} className={tabClass(tab === "preview")} onClick={() => setTab("preview")}>
          {t("preview")}
        </button>
      </div>
      {tab === "write" ? (
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={10} maxLength={20_000} aria-label={t("feedbackMarkdown")} placeholder={t("feedbackPlaceholder")} className="w-full rounded-lg border border-slate-300 px-3 py-2 font-mono text-sm" />
      ) : (
        <div className="min-h-40 rounded-lg border border-slate-200 p-3" data-testid="feedback-preview">
          {text.trim() ? <Markdown>{text}</Markdown> : <p className="text-sm text-slate-500">{t("nothingToPreview")}</p>}
        </div>
      )}
      <p className="text-xs text-slate-500">{t("shareHelp")}</p>
      <div className="flex flex-wrap gap-3">
        <Button type="button" variant="secondary" disabled={busy || !text.trim()} onClick={() => void save(false)}>
          {t("save")}
        </Button>
        <Button type="button" disabled={busy || !text.trim()} onClick={() => void save(true)}>
          {t("saveAndShare")}
        </Button>
      </div>
    </section>
  );
}
