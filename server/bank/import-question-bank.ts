import { createHash } from "node:crypto";
import path from "node:path";
import type { QuestionFile } from "../../lib/questions/schema";
import type { Database } from "../db/database";
import type { BankFile } from "./load-question-bank";

/** Stable JSON (sorted keys) so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(q: QuestionFile): string {
  return createHash("sha256").update(canonicalJson(q)).digest("hex");
}

export type ImportSummary = { created: number; newVersions: number; unchanged: number };

/**
 * Publishes validated bank files into an organisation. Idempotent: a file whose content
 * matches the latest version creates nothing; changed content becomes a new immutable version.
 */
export async function importQuestionBank({
  db,
  orgId,
  files,
  actorId,
}: {
  db: Database;
  orgId: string;
  files: BankFile[];
  actorId?: string;
}): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, newVersions: 0, unchanged: 0 };
  for (const { file, question: q } of files) {
    const collection = path.dirname(file) === "." ? "" : path.dirname(file).split(path.sep).join("/");
    const hash = contentHash(q);
    await db.prisma.$transaction(async (tx) => {
      const existing = await tx.question.findUnique({
        where: { orgId_slug_lang: { orgId, slug: q.id, lang: q.lang } },
        include: { versions: { orderBy: { version: "desc" }, take: 1 } },
      });
      const latest = existing?.versions[0];
      if (latest?.contentHash === hash) {
        summary.unchanged++;
        return;
      }
      const question =
        existing ??
        (await tx.question.create({
          data: { orgId, slug: q.id, lang: q.lang, collection, status: "PUBLISHED", draft: q, createdById: actorId ?? null },
        }));
      if (existing) await tx.question.update({ where: { id: existing.id }, data: { draft: q, collection, status: "PUBLISHED" } });
      await tx.questionVersion.create({
        data: {
          questionId: question.id,
          version: (latest?.version ?? 0) + 1,
          content: q,
          contentHash: hash,
          title: q.title,
          difficulty: q.difficulty,
          tags: q.tags,
          publishedById: actorId ?? null,
        },
      });
      if (existing) summary.newVersions++;
      else summary.created++;
    });
  }
  return summary;
}
