"use server";

import { AppError } from "@/lib/errors";
import { signUp } from "@/server/accounts/sign-up";
import { signIn } from "@/server/auth/next-auth";
import { getRuntime } from "@/server/runtime/runtime";

export type FormState = { error?: string; fields?: Record<string, string>; values?: Record<string, string> };

const LABELS: Record<string, string> = { name: "Name", email: "Email", password: "Password", accountType: "Account type", orgName: "Team name" };

export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const input = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    password: String(form.get("password") ?? ""),
    accountType: String(form.get("accountType") ?? "candidate"),
  };
  const values = { name: input.name, email: input.email, accountType: input.accountType };
  try {
    await signUp({ db: getRuntime().db, input });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === "EMAIL_TAKEN") return { error: err.message, fields: { email: "This email is already registered." }, values };
    const issues = (err.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
    return { error: "Check the highlighted fields.", fields: Object.fromEntries(issues.map((i) => [i.path, `${LABELS[i.path] ?? i.path} ${i.message}`])), values };
  }
  await signIn("credentials", { email: input.email, password: input.password, redirectTo: "/home" });
  return {};
}
