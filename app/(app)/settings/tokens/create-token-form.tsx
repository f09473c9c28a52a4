"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { createTokenAction, type CreateTokenState } from "./actions";
import { OrgSelect } from "@/components/org-select";

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
        <OrgSelect label={t("org")} orgs={orgs.map((o) => ({ orgId: o.orgId, name: o.orgName }))} name="orgId" />
        <Button type="submit" disabled={pending}>
          {t("create")}
        </Button>
      </div>
    </form>
  );
}
