"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { AppError } from "@/lib/errors";
import { bulkUpdateQuestions } from "@/server/authoring/bulk-update-questions";
import { createQuestion } from "@/server/authoring/create-question";
import { importQuestionPack } from "@/server/authoring/question-pack";
import { sessionAuthContext } from "@/server/auth/request-auth";
import { getRuntime } from "@/server/runtime/runtime";

export type ActionState = { error?: string; fields?: Record<string, string>; message?: string };

function problemFields(err: AppError): Record<string, string> {
  const issues = (err.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
  return Object.fromEntries(issues.map((i) => [i.path, i.message]));
}

export async function createQuestionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const db = getRuntime().db;
  const ctx = await sessionAuthContext({ db });
  let id: string;
  try {
    const q = await createQuestion({ db, ctx, orgId: String(form.get("orgId") ?? ""), input: { slug: String(form.get("slug") ?? ""), lang: String(form.get("lang") ?? ""), title: String(form.get("title") ?? "") } });
    id = q.id;
  } catch (err) {
    if (err instanceof AppError) return { error: err.message, fields: problemFields(err) };
    throw err;
  }
  redirect(`/author/${id}`);
}

export async function bulkAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const db = getRuntime().db;
  const ctx = await sessionAuthContext({ db });
  try {
    const r = await bulkUpdateQuestions({ db, ctx, input: { action: String(form.get("action") ?? ""), questionIds: form.getAll("questionId").map(String) } });
    revalidatePath("/author");
    return r.failed.length ? { error: r.failed.map((f) => `${f.id}: ${f.message}`).join("\n"), message: `${r.ok.length}` } : { message: `${r.ok.length}` };
  } catch (err) {
    if (err instanceof AppError) return { error: err.message };
    throw err;
  }
}

export async function importPackAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const db = getRuntime().db;
  const ctx = await sessionAuthContext({ db });
  const file = form.get("pack");
  if (!(file instanceof File) || file.size === 0) return { error: "Choose a .zip or .yaml file to import." };
  try {
    const r = await importQuestionPack({ db, ctx, orgId: String(form.get("orgId") ?? ""), fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    revalidatePath("/author");
    return { message: JSON.stringify(r) };
  } catch (err) {
    if (err instanceof AppError) {
      const problems = (err.details as { problems?: { file: string; field: string; message: string }[] } | undefined)?.problems ?? [];
      return { error: [err.message, ...problems.map((p) => `${p.file}: ${p.field}: ${p.message}`)].join("\n") };
    }
    throw err;
  }
}
