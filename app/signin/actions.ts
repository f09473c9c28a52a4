"use server";

import { AuthError } from "next-auth";
import { ZSignIn } from "@/lib/accounts";
import { issuesOf } from "@/lib/validation";
import { signIn } from "@/server/auth/next-auth";

export type FormState = { error?: string; fields?: Record<string, string>; values?: Record<string, string> };

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { email: String(form.get("email") ?? "") };
  const parsed = ZSignIn.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) {
    const fields = Object.fromEntries(issuesOf(parsed.error).map((i) => [i.path, `${i.path === "email" ? "Email" : "Password"} ${i.message}`]));
    return { error: "Check the highlighted fields.", fields, values };
  }
  try {
    // On success signIn throws Next's redirect, which must propagate.
    await signIn("credentials", { ...parsed.data, redirectTo: "/home" });
    return {};
  } catch (err) {
    if (err instanceof AuthError) return { error: "Email or password is incorrect.", values };
    throw err;
  }
}
