"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { createTokenAction, type CreateTokenState } from "./actions";

export function CreateTokenForm({ orgs }: { orgs: { orgId: string; orgName: string }[] }) {
  const t = useTranslations("tokens");
  const [state, action, pending] = useActionState<CreateTokenState, FormData>(createTokenAction, {});
  return (
    <form action={action} className="space-y-3">
      {state.error ? <Alert>{state.error}</Alert> : null}
      {state.token ? (
        <Alert tone="success">
          {t("copyNow")}
          <code data-testid="new-token" className="mt-2 block break-all rounded bg-white p-2 font-mono text-xs text-slate-900">
            {state.token}
          </code>
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <Field label={t("name")} name="name" placeholder={t("namePlaceholder")} required />
        </div>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("org")}</span>
          <select name="orgId" className="rounded-lg border border-slate-300 px-3 py-2">
            {orgs.map((o) => (
              <option key={o.orgId} value={o.orgId}>
                {o.orgName}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" disabled={pending}>
          {t("create")}
        </Button>
      </div>
    </form>
  );
}
