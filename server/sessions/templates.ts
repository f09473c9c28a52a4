import { z } from "zod";
import { AppError } from "../../lib/errors";
import type { Database } from "../db/database";
import type { Prisma } from "../db/generated/client";
import { resolvePlan, ZPlanRequestItem } from "./resolve-plan";

export const ZTemplateInput = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(80),
  items: z.array(ZPlanRequestItem.extend({ minutes: z.number().int().min(1).max(120) })).min(1, "needs at least one question").max(30),
});
export type TemplateInput = z.infer<typeof ZTemplateInput>;
export type TemplateView = { id: string; name: string; items: { questionId: string; title: string; minutes: number }[]; totalMinutes: number; updatedAt: string };

const ZStoredItems = z.array(z.object({ questionId: z.string(), minutes: z.number() }));

/** A saved interview template of `orgId`: its questions in order with a time plan. */
export async function loadTemplate({ db, orgId, templateId }: { db: Database; orgId: string; templateId: string }): Promise<{ id: string; name: string; items: { questionId: string; minutes: number }[] }> {
  const t = await db.prisma.interviewTemplate.findFirst({ where: { id: templateId, orgId }, select: { id: true, name: true, items: true } });
  if (!t) throw new AppError("NOT_FOUND", "No such template in this organisation.");
  return { id: t.id, name: t.name, items: ZStoredItems.catch([]).parse(t.items) };
}

export async function saveTemplate({ db, orgId, userId, input, templateId }: { db: Database; orgId: string; userId: string; input: TemplateInput; templateId?: string }): Promise<TemplateView> {
  // Validates every question now, so a template never names a draft or another org's question.
  const plan = await resolvePlan({ db, orgId, items: input.items });
  const items = input.items.map((i) => ({ questionId: i.questionId, minutes: i.minutes })) as Prisma.InputJsonValue;
  const row = templateId
    ? await db.prisma.interviewTemplate.update({ where: { id: (await loadTemplate({ db, orgId, templateId })).id }, data: { name: input.name, items } })
    : await db.prisma.interviewTemplate.create({ data: { orgId, name: input.name, items, createdById: userId } });
  return { id: row.id, name: row.name, items: plan.map((p) => ({ questionId: p.questionId, title: p.title, minutes: p.minutes })), totalMinutes: plan.reduce((s, p) => s + p.minutes, 0), updatedAt: row.updatedAt.toISOString() };
}

export async function listTemplates({ db, orgId }: { db: Database; orgId: string }): Promise<TemplateView[]> {
  const rows = await db.prisma.interviewTemplate.findMany({ where: { orgId }, orderBy: { updatedAt: "desc" }, take: 200 });
  const all = rows.map((r) => ({ r, items: ZStoredItems.catch([]).parse(r.items) }));
  const ids = [...new Set(all.flatMap((a) => a.items.map((i) => i.questionId)))];
  const qs = await db.prisma.question.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true, versions: { orderBy: { version: "desc" }, take: 1, select: { title: true } } } });
  const title = new Map(qs.map((q) => [q.id, q.versions[0]?.title ?? q.slug]));
  return all.map(({ r, items }) => ({
    id: r.id,
    name: r.name,
    items: items.map((i) => ({ questionId: i.questionId, title: title.get(i.questionId) ?? "(deleted question)", minutes: i.minutes })),
    totalMinutes: items.reduce((s, i) => s + i.minutes, 0),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export async function deleteTemplate({ db, orgId, templateId }: { db: Database; orgId: string; templateId: string }): Promise<void> {
  const { id } = await loadTemplate({ db, orgId, templateId });
  await db.prisma.interviewTemplate.delete({ where: { id } });
}
