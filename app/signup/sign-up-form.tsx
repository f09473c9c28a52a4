"use client";

import { useActionState } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { signUpAction, type FormState } from "./actions";

export function SignUpForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(signUpAction, {});
  const type = state.values?.accountType ?? "candidate";
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert>{state.error}</Alert> : null}
      <Field label="Name" name="name" autoComplete="name" required defaultValue={state.values?.name} error={state.fields?.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={state.fields?.email} />
      <Field label="Password (at least 8 characters)" name="password" type="password" autoComplete="new-password" required error={state.fields?.password} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">I want to</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="accountType" value="candidate" defaultChecked={type === "candidate"} /> practise interviews (candidate)
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="accountType" value="team" defaultChecked={type === "team"} /> run interviews with my team (creates a team you administer)
        </label>
      </fieldset>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}
