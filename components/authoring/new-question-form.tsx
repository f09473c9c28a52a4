"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { createQuestionAction, type ActionState } from "@/app/(app)/author/actions";
import { Alert, Button, Field } from "@/components/ui";
import { OrgSelect } from "@/components/org-select";

export function NewQuestionForm({ orgs }: { orgs: { orgId: string; orgName: string }[] }) {
  const t = useTranslations("authoring");
  const [state, action, pending] = useActionState<ActionState, FormData>(createQuestionAction, {});
  return (
    <form action={action} className="space-y-3">
      {state.error ? <Alert>{state.error}</Alert> : null}
      <Field label={t("newSlug")} name="slug" placeholder="kv-cache-sizing" required error={state.fields?.slug} />
      <Field label={t("title")} name="title" required error={state.fields?.title} />
      <div className="flex flex-wrap gap-3">
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("lang")}</span>
          <select name="lang" className="rounded-lg border border-slate-300 px-3 py-2">
            <option value="zh">中文 (zh)</option>
            <option value="en">English (en)</option>
          </select>
        </label>
        <OrgSelect label={t("org")} orgs={orgs.map((o) => ({ orgId: o.orgId, name: o.orgName }))} name="orgId" />
      </div>
      <Button type="submit" disabled={pending}>
        {t("create")}
      </Button>
    </form>
  );
}
