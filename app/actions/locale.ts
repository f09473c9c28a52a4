"use server";

import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locales";
import { AppError } from "@/lib/errors";
import { sessionAuthContext } from "@/server/auth/request-auth";
import { getRuntime } from "@/server/runtime/runtime";

/** Remembers the interface language in a cookie and, for a signed-in user, on their account. */
export async function setLocaleAction(locale: string): Promise<void> {
  if (!isLocale(locale)) throw new AppError("VALIDATION_FAILED", "Unsupported language.");
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
  const db = getRuntime().db;
  const ctx = await sessionAuthContext({ db });
  if (ctx) await db.prisma.user.update({ where: { id: ctx.user.id }, data: { locale } });
}
