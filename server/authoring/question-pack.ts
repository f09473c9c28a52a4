import path from "node:path";
import { unzipSync, zipSync, strToU8 } from "fflate";
import { AppError } from "../../lib/errors";
import { parseQuestionText } from "../../lib/questions/serialize";
import type { AuthContext } from "../auth/context";
import { requireOrgRole } from "../auth/guards";
import { planQuestionExport } from "../bank/export-question-bank";
import { importQuestionBank, type ImportSummary } from "../bank/import-question-bank";
import type { BankFile, BankProblem } from "../bank/load-question-bank";
import type { Database } from "../db/database";

export const MAX_PACK_BYTES = 5 * 1024 * 1024;
const MAX_FILES = 500;
// A zip bomb is refused from the sizes its directory declares, before anything is inflated.
const MAX_UNZIPPED_BYTES = 20 * 1024 * 1024;
const FILE_RE = /^(?<id>[a-z0-9-]+)\.(?<lang>zh|en)\.ya?ml$/;

function readEntries(fileName: string, bytes: Uint8Array): Map<string, Uint8Array> {
  if (bytes.byteLength > MAX_PACK_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `A question pack may be at most ${MAX_PACK_BYTES / 1024 / 1024} MB.`);
  if (/\.ya?ml$/i.test(fileName)) return new Map([[path.posix.basename(fileName), bytes]]);
  if (!/\.zip$/i.test(fileName)) throw new AppError("VALIDATION_FAILED", "Import a .zip of question files or a single .yaml question file.");
  let declared = 0;
  let count = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name.endsWith("/") || f.name.startsWith("__MACOSX/") || !/\.ya?ml$/i.test(f.name)) return false;
        declared += f.originalSize;
        count++;
        if (count > MAX_FILES) throw new AppError("PAYLOAD_TOO_LARGE", `A question pack may hold at most ${MAX_FILES} files.`);
        if (declared > MAX_UNZIPPED_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "The pack unpacks to more than 20 MB.");
        return true;
      },
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError("VALIDATION_FAILED", "The file is not a readable zip archive.");
  }
  // Packs exported from Mockroom hold collection folders; a leading "questions/" is tolerated.
  return new Map(Object.entries(files).map(([name, data]) => [name.replace(/^questions\//, ""), data]));
}

/** Validates every file of a pack first; only a pack without a single problem is imported. */
export async function importQuestionPack({ db, ctx, orgId, fileName, bytes }: { db: Database; ctx: AuthContext | null; orgId: string; fileName: string; bytes: Uint8Array }): Promise<ImportSummary & { files: number }> {
  requireOrgRole(ctx, orgId, ["AUTHOR"]);
  const entries = readEntries(fileName, bytes);
  if (!entries.size) throw new AppError("VALIDATION_FAILED", "The pack holds no question files (<id>.<zh|en>.yaml).");
  const files: BankFile[] = [];
  const problems: BankProblem[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (const [name, data] of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
    if (name.split("/").some((seg) => seg === ".." || seg === "")) {
      problems.push({ file: name, field: "(file name)", message: "unsafe path" });
      continue;
    }
    const m = FILE_RE.exec(path.posix.basename(name));
    if (!m?.groups) {
      problems.push({ file: name, field: "(file name)", message: "file name must be <id>.<zh|en>.yaml" });
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(data);
    } catch {
      problems.push({ file: name, field: "(file)", message: "not UTF-8 text" });
      continue;
    }
    const parsed = parseQuestionText(text);
    if (!parsed.ok) {
      problems.push(...parsed.problems.map((p) => ({ file: name, ...p })));
      continue;
    }
    if (parsed.question.id !== m.groups.id || parsed.question.lang !== m.groups.lang) {
      problems.push({ file: name, field: "id", message: "id and lang must match the file name" });
      continue;
    }
    files.push({ file: name, question: parsed.question });
  }
  if (problems.length) throw new AppError("VALIDATION_FAILED", `The pack was not imported: ${problems.length} problem(s) in its files.`, { problems });
  const summary = await importQuestionBank({ db, orgId, files, actorId: ctx?.user.id });
  return { ...summary, files: files.length };
}

/** The organisation's published questions as a zip of canonical files (collection folders kept). */
export async function exportQuestionPack({ db, ctx, orgId }: { db: Database; ctx: AuthContext | null; orgId: string }): Promise<{ zip: Uint8Array; files: number }> {
  requireOrgRole(ctx, orgId, ["AUTHOR"]);
  const planned = await planQuestionExport({ db, orgId });
  // A fixed timestamp keeps the archive reproducible for the same content.
  const zip = zipSync(Object.fromEntries(planned.map((p) => [p.file, [strToU8(p.text), { mtime: new Date("2020-01-01T00:00:00Z") }]])), { level: 6 });
  return { zip, files: planned.length };
}
