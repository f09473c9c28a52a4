"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/components/ui";
import type { PlannableQuestion } from "@/server/sessions/list-plannable-questions";
import type { TemplateView } from "@/server/sessions/templates";
import { callApi, fieldErrors } from "./api";
import { QuestionPicker, type PlanDraftItem } from "./question-picker";

type Editing = { id: string | null; name: string; items: PlanDraftItem[] };

/** An organisation's interview templates: list, create, edit and delete through /api/v1/orgs/<org>/templates. */
export function TemplateManager({ orgId, bank, initial }: { orgId: string; bank: PlannableQuestion[]; initial: TemplateView[] }) {
  const t = useTranslations("interviews");
  const [templates, setTemplates] = useState(initial);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const open = (e: Editing) => {
    setEditing(e);
    setError(null);
    setFields({});
    setMessage(null);
  };

  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!editing) return;
    setBusy(true);
    setError(null);
    setFields({});
    const base = `/api/v1/orgs/${orgId}/templates`;
    const r = await callApi<TemplateView>(editing.id ? `${base}/${editing.id}` : base, { method: editing.id ? "PUT" : "POST", json: { name: editing.name, items: editing.items } });
    setBusy(false);
    if (!r.ok) {
      setFields(fieldErrors(r.error));
      setError(r.error.message || t("saveFailed"));
      return;
    }
    setTemplates((list) => [r.data, ...list.filter((x) => x.id !== r.data.id)]);
    setMessage(t("templateSaved", { name: r.data.name }));
    setEditing(null);
  };

  const remove = async (tp: TemplateView) => {
    if (!window.confirm(t("confirmDelete", { name: tp.name }))) return;
    setBusy(true);
    const r = await callApi<{ deleted: boolean }>(`/api/v1/orgs/${orgId}/templates/${tp.id}`, { method: "DELETE" });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message || t("deleteFailed"));
      return;
    }
    setTemplates((list) => list.filter((x) => x.id !== tp.id));
    if (editing?.id === tp.id) setEditing(null);
    setMessage(t("templateDeleted", { name: tp.name }));
  };

  return (
    <div className="space-y-6">
      {message ? <Alert tone="success">{message}</Alert> : null}
      {error && !editing ? <Alert>{error}</Alert> : null}
      {editing ? (
        <form onSubmit={(e) => void save(e)} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5" noValidate aria-label={editing.id ? t("editTemplate") : t("newTemplate")}>
          <h2 className="font-semibold">{editing.id ? t("editTemplate") : t("newTemplate")}</h2>
          {error ? <Alert>{error}</Alert> : null}
          <Field label={t("templateName")} name="name" value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} maxLength={80} required error={fields.name} />
          <QuestionPicker bank={bank} items={editing.items} onChange={(items) => setEditing({ ...editing, items })} error={fields.items} />
          <div className="flex gap-3">
            <Button type="submit" disabled={busy}>
              {t("saveTemplate")}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setEditing(null)}>
              {t("cancel")}
            </Button>
          </div>
        </form>
      ) : (
        <Button type="button" onClick={() => open({ id: null, name: "", items: [] })}>
          {t("newTemplate")}
        </Button>
      )}
      {templates.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">{t("noTemplates")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white" data-testid="template-list">
          {templates.map((tp) => (
            <li key={tp.id} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3 text-sm">
              <div className="min-w-0">
                <p className="font-medium">{tp.name}</p>
                <p className="text-slate-600">{t("templateSummary", { count: tp.items.length, minutes: tp.totalMinutes })}</p>
                <p className="mt-0.5 text-xs text-slate-500">{tp.items.map((i) => `${i.title} (${i.minutes}′)`).join(" · ")}</p>
              </div>
              <div className="flex shrink-0 gap-2">
                <Link href={`/interviews/new?template=${tp.id}`} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium">
                  {t("useTemplate")}
                </Link>
                <button type="button" className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium" aria-label={t("editNamed", { name: tp.name })} onClick={() => open({ id: tp.id, name: tp.name, items: tp.items.map((i) => ({ questionId: i.questionId, minutes: i.minutes })) })}>
                  {t("edit")}
                </button>
                <button type="button" disabled={busy} className="rounded-md border border-red-300 bg-white px-2 py-1 text-xs font-medium text-red-700" aria-label={t("deleteNamed", { name: tp.name })} onClick={() => void remove(tp)}>
                  {t("delete")}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
