"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { getTranslations } from "next-intl/server";
import { ZSignIn } from "@/lib/accounts";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locales";
import { signIn } from "@/server/auth/next-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { safeCallbackPath } from "./callback-path";

export type FormState = { error?: string; fields?: Record<string, string>; values?: Record<string, string> };

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const t = await getTranslations("auth.errors");
  const values = { email: String(form.get("email") ?? "") };
  const parsed = ZSignIn.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      if (issue.path[0] === "email") fields.email = t("emailInvalid");
      if (issue.path[0] === "password") fields.password = t("passwordRequired");
    }
    return { error: t("checkFields"), fields, values };
  }
  // The account's chosen interface language follows the user to this browser; with no choice saved, the browser's language applies.
  const saved = await getRuntime().db.prisma.user.findUnique({ where: { email: parsed.data.email }, select: { locale: true } });
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (err) {
    if (err instanceof AuthError) return { error: t((err as AuthError & { code?: unknown }).code === "too_many_attempts" ? "tooManyAttempts" : "invalidCredentials"), values };
    throw err;
  }
  if (saved && isLocale(saved.locale)) (await cookies()).set(LOCALE_COOKIE, saved.locale, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
  redirect(safeCallbackPath(form.get("callbackUrl")) ?? "/home");
}
