import { z } from "zod";
import { AppError } from "../../lib/errors";
import { parseOrThrow } from "../../lib/validation";
import type { AuthContext } from "../auth/context";
import type { Database } from "../db/database";
import { publishQuestion } from "./publish-question";
import { setQuestionArchived } from "./set-question-status";

export const ZBulkAction = z.strictObject({
  action: z.enum(["publish", "archive", "restore"]),
  questionIds: z.array(z.string().min(1).max(40)).min(1, "select at least one question").max(200),
});

export type BulkResult = { ok: string[]; failed: { id: string; code: string; message: string }[] };

/**
 * Applies one action to many questions. Each question succeeds or fails on its own (a draft
 * that is not yet valid cannot be published), and the result says which and why.
 */
export async function bulkUpdateQuestions({ db, ctx, input }: { db: Database; ctx: AuthContext | null; input: unknown }): Promise<BulkResult> {
  const { action, questionIds } = parseOrThrow(ZBulkAction, input, "bulk action");
  const result: BulkResult = { ok: [], failed: [] };
  for (const questionId of new Set(questionIds)) {
    try {
      if (action === "publish") await publishQuestion({ db, ctx, questionId });
      else await setQuestionArchived({ db, ctx, questionId, archived: action === "archive" });
      result.ok.push(questionId);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      result.failed.push({ id: questionId, code: err.code, message: err.message });
    }
  }
  return result;
}
