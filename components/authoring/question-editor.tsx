"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Markdown } from "@/components/markdown";
import type { QuestionDraft } from "@/lib/questions/draft";
import type { QuestionForEditor } from "@/server/authoring/get-question";
import { normalizeDraft, publishProblems } from "./draft-utils";
import { ListInput, Section, SmallButton, TextArea, TextInput, type Problems } from "./editor-fields";
import { FollowUpEditor } from "./follow-up-editor";
import { KeyPointsEditor } from "./key-points-editor";
import { RubricEditor } from "./rubric-editor";
import { TryAnswerPanel } from "./try-answer-panel";

type ApiError = { error?: { code: string; message: string; details?: { issues?: { path: string; message: string }[] } } };

async function call(url: string, init: RequestInit): Promise<{ ok: boolean; status: number; body: unknown }> {
  const r = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  return { ok: r.ok, status: r.status, body: (await r.json().catch(() => null)) as unknown };
}

export function QuestionEditor({ initial }: { initial: QuestionForEditor }) {
  const t = useTranslations("authoring");
  const router = useRouter();
  const [question, setQuestion] = useState(initial);
  const [draft, setDraft] = useState<QuestionDraft>(initial.draft);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [serverProblems, setServerProblems] = useState<Problems>(new Map());
  // Publish-time validation runs live, so every problem shows next to its field while typing.
  const problems = useMemo(() => new Map([...publishProblems(draft), ...serverProblems]), [draft, serverProblems]);

  const update = useCallback((fn: (d: QuestionDraft) => void) => {
    setDraft((d) => {
      const next = structuredClone(d);
      fn(next);
      return next;
    });
    setDirty(true);
    setServerProblems(new Map());
  }, []);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const fail = (body: unknown) => {
    const err = (body as ApiError).error;
    setMessage({ tone: "error", text: err?.message ?? t("saveFailed") });
    setServerProblems(new Map((err?.details?.issues ?? []).map((i) => [i.path, i.message])));
  };

  const save = async (): Promise<boolean> => {
    if (!dirty) return true;
    setBusy(true);
    const r = await call(`/api/v1/questions/${question.id}/draft`, { method: "PUT", body: JSON.stringify({ draft: normalizeDraft(draft), baseUpdatedAt: question.updatedAt }) });
    setBusy(false);
    if (!r.ok) {
      fail(r.body);
      return false;
    }
    const fresh = r.body as QuestionForEditor;
    setQuestion(fresh);
    setDirty(false);
    setMessage({ tone: "ok", text: t("saved") });
    return true;
  };

  const publish = async () => {
    if (!(await save())) return;
    setBusy(true);
    const r = await call(`/api/v1/questions/${question.id}/publish`, { method: "POST" });
    setBusy(false);
    if (!r.ok) return fail(r.body);
    const { version, created } = r.body as { version: number; created: boolean };
    setMessage({ tone: "ok", text: created ? t("published", { version }) : t("alreadyPublished", { version }) });
    router.refresh();
  };

  const setArchived = async (archived: boolean) => {
    setBusy(true);
    const r = await call(`/api/v1/questions/${question.id}/${archived ? "archive" : "restore"}`, { method: "POST" });
    setBusy(false);
    if (!r.ok) return fail(r.body);
    router.refresh();
  };

  useEffect(() => {
    // A refresh after publish brings new server data; take it when nothing is being edited.
    if (!dirty) {
      setQuestion(initial);
      setDraft(initial.draft);
    }
  }, [initial]);

  return (
    <div className="space-y-4">
      <div className="sticky top-0 z-10 flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white/95 px-4 py-3 shadow-sm backdrop-blur">
        <span className="font-mono text-sm text-slate-600">
          {question.slug}.{question.lang}
        </span>
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs" data-testid="question-status">
          {t(`statusNames.${question.status}`)}
        </span>
        {question.unpublishedChanges || dirty ? <span className="text-xs text-amber-700">{t("unpublishedChanges")}</span> : null}
        <span className="text-xs text-slate-500" data-testid="problem-count">
          {problems.size ? t("problemCount", { count: problems.size }) : question.unpublishedChanges || dirty ? t("readyToPublish") : t("upToDate")}
        </span>
        <div className="ml-auto flex gap-2">
          <SmallButton onClick={() => void save()}>{busy ? t("working") : t("saveDraft")}</SmallButton>
          <button type="button" disabled={busy || problems.size > 0} onClick={() => void publish()} className="rounded-md bg-indigo-600 px-3 py-1 text-xs font-medium text-white disabled:bg-indigo-300">
            {t("publish")}
          </button>
          {question.status === "ARCHIVED" ? <SmallButton onClick={() => void setArchived(false)}>{t("restore")}</SmallButton> : <SmallButton tone="danger" onClick={() => void setArchived(true)}>{t("archive")}</SmallButton>}
        </div>
      </div>
      {message ? (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {message.text}
        </p>
      ) : null}

      <div className="grid gap-4 xl:grid-cols-2">
        <div className="space-y-4">
          <Section title={t("basics")}>
            <TextInput label={t("title")} value={draft.title} problems={problems} path="title" onChange={(v) => update((d) => void (d.title = v))} />
            <div className="grid grid-cols-2 gap-2">
              <label className="text-xs font-medium text-slate-600">
                {t("difficulty")}
                <select className="mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" value={draft.difficulty} onChange={(e) => update((d) => void (d.difficulty = e.target.value as QuestionDraft["difficulty"]))}>
                  {(["easy", "medium", "hard"] as const).map((x) => (
                    <option key={x} value={x}>
                      {t(`difficultyNames.${x}`)}
                    </option>
                  ))}
                </select>
              </label>
              <TextInput label={t("timeMinutes")} type="number" value={draft.timeMinutes} problems={problems} path="timeMinutes" onChange={(v) => update((d) => void (d.timeMinutes = Math.round(Number(v))))} />
            </div>
            <ListInput label={t("tags")} rows={1} value={draft.tags} problems={problems} path="tags" onChange={(v) => update((d) => void (d.tags = v))} />
          </Section>
          <Section title={t("prompt")}>
            <TextArea label={t("promptMarkdown")} rows={4} value={draft.prompt} problems={problems} path="prompt" onChange={(v) => update((d) => void (d.prompt = v))} />
            <ListInput label={t("hints")} rows={3} by="lines" value={draft.hints} problems={problems} path="hints" onChange={(v) => update((d) => void (d.hints = v))} />
          </Section>
          <Section title={t("referenceAnswer")}>
            <TextArea label={t("referenceMarkdown")} rows={12} mono value={draft.referenceAnswer} problems={problems} path="referenceAnswer" onChange={(v) => update((d) => void (d.referenceAnswer = v))} />
          </Section>
        </div>
        <div className="space-y-4">
          <Section title={t("preview")}>
            <div data-testid="preview" className="space-y-3">
              <h3 className="text-lg font-semibold">{draft.title || t("untitled")}</h3>
              <Markdown>{draft.prompt || t("emptyPrompt")}</Markdown>
              <hr className="border-slate-200" />
              <p className="text-xs font-medium text-slate-500 uppercase">{t("referenceAnswer")}</p>
              <Markdown>{draft.referenceAnswer || t("emptyReference")}</Markdown>
            </div>
          </Section>
          <TryAnswerPanel draft={draft} />
        </div>
      </div>
      <KeyPointsEditor draft={draft} update={update} problems={problems} />
      <RubricEditor draft={draft} update={update} problems={problems} />
      <FollowUpEditor draft={draft} update={update} problems={problems} />
    </div>
  );
}
