"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { signUpAction, type FormState } from "./actions";

export function SignUpForm({ callbackUrl }: { callbackUrl?: string | null }) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState<FormState, FormData>(signUpAction, {});
  const type = state.values?.accountType ?? "candidate";
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert>{state.error}</Alert> : null}
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <Field label={t("name")} name="name" autoComplete="name" required defaultValue={state.values?.name} error={state.fields?.name} />
      <Field label={t("email")} name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={state.fields?.email} />
      <Field label={t("newPassword")} name="password" type="password" autoComplete="new-password" required error={state.fields?.password} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t("iWantTo")}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="accountType" value="candidate" defaultChecked={type === "candidate"} /> {t("typeCandidate")}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="accountType" value="team" defaultChecked={type === "team"} /> {t("typeTeam")}
        </label>
      </fieldset>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? t("creating") : t("createAccount")}
      </Button>
    </form>
  );
}
