"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/components/ui";
import type { PlannableQuestion } from "@/server/sessions/list-plannable-questions";
import type { TemplateView } from "@/server/sessions/templates";
import { callApi, fieldErrors } from "./api";
import { QuestionPicker, type PlanDraftItem } from "./question-picker";
import { SessionCreated, type CreatedSessionView } from "./session-created";
import { OrgSelect } from "@/components/org-select";

export type OrgChoice = { orgId: string; orgName: string; bank: PlannableQuestion[]; templates: TemplateView[] };

type Created = CreatedSessionView & { plan: { questionId: string; minutes: number }[] };

const selectClass = "rounded-lg border border-slate-300 px-3 py-2 text-sm";

/** Creates a live session from picked questions or a saved template (POST /api/v1/sessions). */
export function NewSessionForm({ orgs, initialTemplateId }: { orgs: OrgChoice[]; initialTemplateId?: string | undefined }) {
  const t = useTranslations("interviews");
  const startOrg = orgs.find((o) => o.templates.some((tp) => tp.id === initialTemplateId)) ?? orgs[0];
  const [orgId, setOrgId] = useState(startOrg?.orgId ?? "");
  const [title, setTitle] = useState("");
  const [lang, setLang] = useState<"en" | "zh">("en");
  const [source, setSource] = useState<"questions" | "template">(initialTemplateId && startOrg?.templates.length ? "template" : "questions");
  const [items, setItems] = useState<PlanDraftItem[]>([]);
  const [templateId, setTemplateId] = useState(initialTemplateId && startOrg?.templates.some((tp) => tp.id === initialTemplateId) ? initialTemplateId : (startOrg?.templates[0]?.id ?? ""));
  const [scheduledAt, setScheduledAt] = useState("");
  const [saveAsTemplate, setSaveAsTemplate] = useState(false);
  const [templateName, setTemplateName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<Created | null>(null);
  const [templateNote, setTemplateNote] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  // An edited field's error goes away with the edit; the others stay until the next submit.
  const change = <T,>(set: (v: T) => void, key: string, value: T) => {
    set(value);
    setFields((f) => (key in f ? Object.fromEntries(Object.entries(f).filter(([k]) => k !== key)) : f));
  };
  const org = orgs.find((o) => o.orgId === orgId);
  if (!org) return <Alert>{t("noOrg")}</Alert>;
  const template = org.templates.find((tp) => tp.id === templateId);

  if (created) return <SessionCreated session={created} origin={window.location.origin} templateNote={templateNote} />;

  const changeOrg = (id: string) => {
    setOrgId(id);
    setItems([]);
    setTemplateId(orgs.find((o) => o.orgId === id)?.templates[0]?.id ?? "");
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setFields({});
    const local: Record<string, string> = {};
    if (saveAsTemplate && source === "questions" && !templateName.trim()) local.templateName = t("templateNameRequired");
    let when: string | undefined;
    if (scheduledAt) {
      const d = new Date(scheduledAt);
      if (Number.isNaN(d.getTime())) local.scheduledAt = t("badDate");
      else when = d.toISOString();
    }
    if (Object.keys(local).length) {
      setFields(local);
      setError(t("checkFields"));
      return;
    }
    setBusy(true);
    const body = {
      orgId,
      title,
      lang,
      ...(source === "questions" ? { questions: items } : template ? { templateId: template.id } : {}),
      ...(when ? { scheduledAt: when } : {}),
    };
    const r = await callApi<Created>("/api/v1/sessions", { json: body });
    if (!r.ok) {
      setBusy(false);
      setFields(fieldErrors(r.error));
      setError(r.error.message || t("createFailed"));
      return;
    }
    if (saveAsTemplate && source === "questions") {
      // The session exists whatever happens to the template, so its failure is reported beside the links.
      const tr = await callApi<TemplateView>(`/api/v1/orgs/${orgId}/templates`, { json: { name: templateName, items: r.data.plan.map((p) => ({ questionId: p.questionId, minutes: p.minutes })) } });
      setTemplateNote(tr.ok ? { tone: "ok", text: t("templateSaved", { name: tr.data.name }) } : { tone: "error", text: t("templateSaveFailed", { message: tr.error.message }) });
    }
    setBusy(false);
    setCreated({ ...r.data, title: title.trim() });
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-5" noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-[1fr_auto_auto]">
        <Field label={t("sessionTitle")} name="title" value={title} onChange={(e) => change(setTitle, "title", e.target.value)} required maxLength={120} error={fields.title} />
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("language")}</span>
          <select name="lang" value={lang} onChange={(e) => setLang(e.target.value === "zh" ? "zh" : "en")} className={selectClass}>
            <option value="en">English (en)</option>
            <option value="zh">中文 (zh)</option>
          </select>
        </label>
        {orgs.length > 1 ? (
          <OrgSelect label={t("organisation")} orgs={orgs.map((o) => ({ orgId: o.orgId, name: o.orgName }))} name="orgId" value={orgId} onChange={(e) => changeOrg(e.target.value)} className={selectClass} />
        ) : null}
      </div>
      {fields.orgId ? <p className="text-sm text-red-600">{fields.orgId}</p> : null}

      <fieldset className="space-y-3">
        <legend className="mb-2 text-sm font-medium text-slate-700">{t("questionsFrom")}</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-2 text-sm">
          <label className="flex items-center gap-1.5">
            <input type="radio" name="source" value="questions" checked={source === "questions"} onChange={() => setSource("questions")} />
            {t("fromBank")}
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="source" value="template" checked={source === "template"} onChange={() => setSource("template")} disabled={!org.templates.length} />
            {t("fromTemplate")}
            {!org.templates.length ? <span className="text-xs text-slate-500">({t("noTemplatesYet")})</span> : null}
          </label>
        </div>
        {source === "questions" ? (
          <QuestionPicker bank={org.bank} items={items} onChange={(next) => change(setItems, "questions", next)} lang={lang} error={fields.questions} />
        ) : (
          <div className="space-y-2">
            <label className="text-sm">
              <span className="mb-1 block font-medium text-slate-700">{t("template")}</span>
              <select name="templateId" value={templateId} onChange={(e) => setTemplateId(e.target.value)} className={selectClass}>
                {org.templates.map((tp) => (
                  <option key={tp.id} value={tp.id}>
                    {t("templateOption", { name: tp.name, count: tp.items.length, minutes: tp.totalMinutes })}
                  </option>
                ))}
              </select>
            </label>
            {fields.templateId || fields.questions ? <p className="text-sm text-red-600">{fields.templateId ?? fields.questions}</p> : null}
            {template ? (
              <ol className="list-decimal space-y-0.5 pl-6 text-sm text-slate-700" data-testid="template-items">
                {template.items.map((it) => (
                  <li key={it.questionId}>
                    {it.title} <span className="text-slate-500">· {t("minutesShort", { minutes: it.minutes })}</span>
                  </li>
                ))}
              </ol>
            ) : null}
          </div>
        )}
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("scheduleAt")} name="scheduledAt" type="datetime-local" value={scheduledAt} onChange={(e) => change(setScheduledAt, "scheduledAt", e.target.value)} error={fields.scheduledAt} />
        {source === "questions" ? (
          <div className="space-y-2">
            <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
              <input type="checkbox" checked={saveAsTemplate} onChange={(e) => setSaveAsTemplate(e.target.checked)} />
              {t("saveAsTemplate")}
            </label>
            {saveAsTemplate ? <Field label={t("templateName")} name="templateName" value={templateName} onChange={(e) => change(setTemplateName, "templateName", e.target.value)} maxLength={80} error={fields.templateName} /> : null}
          </div>
        ) : null}
      </div>
      <p className="text-xs text-slate-500">{t("scheduleHelp")}</p>

      <Button type="submit" disabled={busy}>
        {busy ? t("creating") : t("create")}
      </Button>
    </form>
  );
}
