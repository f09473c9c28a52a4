"use server";

import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { AppError } from "@/lib/errors";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locales";
import { signUp } from "@/server/accounts/sign-up";
import { signIn } from "@/server/auth/next-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { safeCallbackPath } from "../signin/callback-path";

export type FormState = { error?: string; fields?: Record<string, string>; values?: Record<string, string> };

const FIELD_ERRORS: Record<string, string> = { name: "nameRequired", email: "emailInvalid", password: "passwordShort" };

export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const t = await getTranslations("auth.errors");
  const input = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    password: String(form.get("password") ?? ""),
    accountType: String(form.get("accountType") ?? "candidate"),
  };
  const values = { name: input.name, email: input.email, accountType: input.accountType };
  try {
    // A language chosen before signing up is the account's choice; otherwise the browser's language keeps applying.
    const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
    await signUp({ db: getRuntime().db, input, locale: isLocale(chosen) ? chosen : null });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === "EMAIL_TAKEN") return { error: t("emailTaken"), fields: { email: t("emailTakenField") }, values };
    const issues = (err.details as { issues?: { path: string }[] } | undefined)?.issues ?? [];
    const fields = Object.fromEntries(issues.flatMap((i) => { const key = FIELD_ERRORS[i.path]; return key ? [[i.path, t(key)]] : []; }));
    return { error: t("checkFields"), fields, values };
  }
  await signIn("credentials", { email: input.email, password: input.password, redirectTo: safeCallbackPath(form.get("callbackUrl")) ?? "/home" });
  return {};
}
