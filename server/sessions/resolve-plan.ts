import { z } from "zod";
import { AppError } from "../../lib/errors";
import type { Plan } from "../../lib/sessions/plan";
import type { Database } from "../db/database";

export const ZPlanRequestItem = z.strictObject({
  questionId: z.string().min(1).max(40),
  /** Minutes for this question; the question's own time budget when omitted. */
  minutes: z.number().int().min(1).max(120).optional(),
});

/**
 * Resolves requested questions to their latest published versions, in the caller's order. A
 * draft-only, archived or foreign question is refused by name: a session can only ask what is published.
 */
export async function resolvePlan({ db, orgId, items }: { db: Database; orgId: string; items: { questionId: string; minutes?: number | undefined }[] }): Promise<Plan> {
  const ids = [...new Set(items.map((i) => i.questionId))];
  const rows = await db.prisma.question.findMany({
    where: { id: { in: ids }, orgId, status: "PUBLISHED" },
    select: { id: true, slug: true, versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, title: true, content: true } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return items.map((item) => {
    const q = byId.get(item.questionId);
    const v = q?.versions[0];
    if (!q || !v) throw new AppError("VALIDATION_FAILED", `Question ${item.questionId} is not a published question of this organisation.`);
    const ownMinutes = (v.content as { timeMinutes?: unknown }).timeMinutes;
    return { questionId: q.id, questionVersionId: v.id, title: v.title, minutes: item.minutes ?? (typeof ownMinutes === "number" ? ownMinutes : 10) };
  });
}

