import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ZQuestionFile, type QuestionFile } from "../../lib/questions/schema";

export type BankProblem = { file: string; field: string; message: string };
export type BankFile = { file: string; question: QuestionFile };
export type BankLoadResult = { questions: BankFile[]; problems: BankProblem[] };

const FILE_RE = /^(?<id>[a-z0-9-]+)\.(?<lang>zh|en)\.ya?ml$/;

async function listYamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return out;
    throw err;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listYamlFiles(full)));
    else if (/\.ya?ml$/.test(e.name)) out.push(full);
  }
  return out;
}

function zodProblems(file: string, error: z.ZodError): BankProblem[] {
  return error.issues.map((i) => ({
    file,
    field: i.path.length ? i.path.join(".") : "(file)",
    message: i.message,
  }));
}

/**
 * Reads and validates every question file under `dir`. All-or-nothing by design: callers
 * must refuse to load anything when `problems` is non-empty, so a bad file never half-loads.
 */
export async function loadQuestionBank({ dir }: { dir: string }): Promise<BankLoadResult> {
  const files = await listYamlFiles(dir);
  const questions: BankFile[] = [];
  const problems: BankProblem[] = [];
  const seen = new Map<string, string>();

  for (const full of files) {
    const rel = path.relative(dir, full);
    const m = FILE_RE.exec(path.basename(full));
    if (!m?.groups) {
      problems.push({ file: rel, field: "(file name)", message: "file name must be <id>.<zh|en>.yaml" });
      continue;
    }
    let raw: unknown;
    try {
      raw = parseYaml(await readFile(full, "utf8"), { prettyErrors: true });
    } catch (err) {
      problems.push({ file: rel, field: "(yaml)", message: (err as Error).message.split("\n")[0] ?? "invalid YAML" });
      continue;
    }
    const parsed = ZQuestionFile.safeParse(raw);
    if (!parsed.success) {
      problems.push(...zodProblems(rel, parsed.error));
      continue;
    }
    const q = parsed.data;
    if (q.id !== m.groups.id) problems.push({ file: rel, field: "id", message: `id "${q.id}" does not match the file name "${m.groups.id}"` });
    if (q.lang !== m.groups.lang) problems.push({ file: rel, field: "lang", message: `lang "${q.lang}" does not match the file name "${m.groups.lang}"` });
    const key = `${q.id}.${q.lang}`;
    const prev = seen.get(key);
    if (prev) problems.push({ file: rel, field: "id", message: `duplicate of ${prev}` });
    seen.set(key, rel);
    questions.push({ file: rel, question: q });
  }
  return { questions, problems };
}
