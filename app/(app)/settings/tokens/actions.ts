"use server";

import { revalidatePath } from "next/cache";
import { AppError } from "@/lib/errors";
import { createApiToken, revokeApiToken } from "@/server/accounts/api-tokens";
import { requireAuth } from "@/server/auth/guards";
import { sessionAuthContext } from "@/server/auth/request-auth";
import { getRuntime } from "@/server/runtime/runtime";

export type CreateTokenState = { error?: string; token?: string };

export async function createTokenAction(_prev: CreateTokenState, form: FormData): Promise<CreateTokenState> {
  const db = getRuntime().db;
  const ctx = requireAuth(await sessionAuthContext({ db }));
  try {
    const { token } = await createApiToken({ db, userId: ctx.user.id, input: { name: String(form.get("name") ?? ""), orgId: String(form.get("orgId") ?? "") || undefined } });
    revalidatePath("/settings/tokens");
    return { token };
  } catch (err) {
    if (err instanceof AppError) return { error: err.message };
    throw err;
  }
}

export async function revokeTokenAction(form: FormData): Promise<void> {
  const db = getRuntime().db;
  const ctx = requireAuth(await sessionAuthContext({ db }));
  await revokeApiToken({ db, userId: ctx.user.id, tokenId: String(form.get("tokenId") ?? "") });
  revalidatePath("/settings/tokens");
}
