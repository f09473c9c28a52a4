"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { signInAction, type FormState } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl?: string | null }) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert>{state.error}</Alert> : null}
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <Field label={t("email")} name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={state.fields?.email} />
      <Field label={t("password")} name="password" type="password" autoComplete="current-password" required error={state.fields?.password} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? t("signingIn") : t("signInTitle")}
      </Button>
    </form>
  );
}
