import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ZLang, ZQuestionFile } from "../../lib/questions/schema";
import { serializeQuestion } from "../../lib/questions/serialize";
import type { Database } from "../db/database";

export type ExportSummary = { written: number; files: string[] };

// Collections and slugs come from the database and become paths: a row must never write outside
// `dir`, so empty, "." and ".." segments, backslashes and NUL are refused.
const isSafeSegment = (s: string) => s !== "" && s !== "." && s !== ".." && !/[\\\0]/.test(s);
const ZExportRow = z.object({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  lang: ZLang,
  collection: z.union([z.literal(""), z.string().refine((c) => c.split("/").every(isSafeSegment), "not a safe relative folder")]),
});

export class ExportError extends Error {}

export type PlannedFile = { file: string; text: string };

/**
 * The canonical file of the latest published version of every question of an organisation,
 * at `<collection>/<slug>.<lang>.yaml` (posix, relative). Throws on the first bad row, so
 * callers (folder export, zip download) never produce a partial bank.
 */
export async function planQuestionExport({ db, orgId }: { db: Database; orgId: string }): Promise<PlannedFile[]> {
  const rows = await db.prisma.question.findMany({
    where: { orgId, versions: { some: {} } },
    select: { slug: true, lang: true, collection: true, versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, content: true } } },
    orderBy: [{ collection: "asc" }, { slug: "asc" }, { lang: "asc" }],
  });
  return rows.map((row) => {
    const where = `${row.collection ? `${row.collection}/` : ""}${row.slug}.${row.lang}`;
    const meta = ZExportRow.safeParse(row);
    if (!meta.success) throw new ExportError(`${where}: ${meta.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const latest = row.versions[0];
    const content = ZQuestionFile.safeParse(latest?.content);
    if (!latest || !content.success) throw new ExportError(`${where}: version ${latest?.version ?? "?"} does not match the question schema`);
    return { file: path.posix.join(meta.data.collection, `${meta.data.slug}.${meta.data.lang}.yaml`), text: serializeQuestion(content.data) };
  });
}

/**
 * Writes the organisation's bank back to `dir` in canonical form, so importing the folder again
 * changes nothing and the export of a formatted source folder is byte-identical to it.
 * Every file is planned (and validated) before the first one is written.
 */
export async function exportQuestionBank({ db, orgId, dir }: { db: Database; orgId: string; dir: string }): Promise<ExportSummary> {
  const planned = await planQuestionExport({ db, orgId });
  for (const { file, text } of planned) {
    const full = path.join(dir, ...file.split("/"));
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text, "utf8");
  }
  return { written: planned.length, files: planned.map((p) => p.file) };
}
