import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { FollowUpInput, QuestionFile } from "../../lib/questions/schema";
import { LANGS } from "../../lib/questions/schema";
import { parseQuestionText, serializeQuestion } from "../../lib/questions/serialize";
import { openDatabase, type Database } from "../db/database";
import { migrateDatabase } from "../db/migrate";
import { ZEnv } from "../env";
import { ExportError, exportQuestionBank } from "./export-question-bank";
import { canonicalJson, contentHash, importQuestionBank } from "./import-question-bank";
import { loadQuestionBank, type BankFile, type BankProblem } from "./load-question-bank";

export type CliIo = { stdout(s: string): void; stderr(s: string): void; env: Record<string, string | undefined> };

const USAGE = `Usage: npm run questions -- <command> [options]

  check  [--dir questions]                  validate every file; exit 1 on any problem
  format [--dir questions]                  rewrite valid files in canonical form
  list   [--json] [--dir questions] [--db --org <orgSlug>]
                                            one row per file; version is a content hash,
                                            or the latest database version with --db
  import --org <orgSlug> [--dir questions]  publish changed files as new versions
  export --org <orgSlug> --out <dir>        write the latest versions back to files

The database is DATABASE_URL, or else the embedded PGlite in DATA_DIR (default ./data),
which only one process may open: stop the server before using it from here.
`;

const dir = z.string().min(1).default("questions");
const org = z.string({ error: "is required" }).min(1);
const ZArgs = z.discriminatedUnion("command", [
  z.strictObject({ command: z.literal("check"), dir }),
  z.strictObject({ command: z.literal("format"), dir }),
  z
    .strictObject({ command: z.literal("list"), dir, json: z.boolean().default(false), db: z.boolean().default(false), org: org.optional() })
    .refine((a) => !a.db || a.org, { path: ["org"], message: "is required with --db" }),
  z.strictObject({ command: z.literal("import"), dir, org }),
  z.strictObject({ command: z.literal("export"), org, out: z.string({ error: "is required" }).min(1) }),
]);
type Args = z.infer<typeof ZArgs>;

/** Expected failures: the message is the whole story, exit 1. */
class CliError extends Error {}

function parseArgv(argv: string[]): { ok: true; args: Args } | { ok: false; message: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { dir: { type: "string" }, out: { type: "string" }, org: { type: "string" }, json: { type: "boolean" }, db: { type: "boolean" } },
    });
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const [command, ...extra] = parsed.positionals;
  if (!command) return { ok: false, message: "missing command" };
  if (!ZArgs.options.some((o) => o.shape.command.value === command)) return { ok: false, message: `unknown command "${command}"` };
  if (extra.length) return { ok: false, message: `unexpected argument "${extra[0]}"` };
  const r = ZArgs.safeParse({ command, ...parsed.values });
  if (r.success) return { ok: true, args: r.data };
  const issue = r.error.issues[0];
  const keys = issue?.code === "unrecognized_keys" ? issue.keys : issue?.path.map(String);
  const flags = (keys ?? []).map((k) => `--${k}`).join(", ");
  return { ok: false, message: issue?.code === "unrecognized_keys" ? `${command} does not take ${flags}` : `${flags}: ${issue?.message}` };
}

type Folder = { valid: (BankFile & { text: string })[]; problems: BankProblem[] };

/** The loader's result, with problem-free files only and each file's text (for the format check). */
async function readFolder(root: string): Promise<Folder> {
  const { questions, problems } = await loadQuestionBank({ dir: path.resolve(root) });
  const bad = new Set(problems.map((p) => p.file));
  const valid = await Promise.all(
    questions.filter((q) => !bad.has(q.file)).map(async (q) => ({ ...q, text: await readFile(path.resolve(root, q.file), "utf8") })),
  );
  return { valid, problems };
}

const problemLine = (root: string, p: BankProblem) => `${path.join(root, p.file)}: ${p.field}: ${p.message}\n`;

async function withOrg<T>(env: CliIo["env"], orgSlug: string, fn: (db: Database, orgId: string) => Promise<T>): Promise<T> {
  // Only the two database variables: loadEnv would also mint and store an AUTH_SECRET, which a
  // command-line tool has no business writing into DATA_DIR.
  const e = ZEnv.pick({ DATABASE_URL: true, DATA_DIR: true }).safeParse(env);
  if (!e.success) throw new CliError(`Invalid environment: ${e.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const db = await openDatabase({ url: e.data.DATABASE_URL, dataDir: e.data.DATA_DIR });
  try {
    await migrateDatabase({ db });
    const found = await db.prisma.organization.findUnique({ where: { slug: orgSlug }, select: { id: true } });
    if (!found) throw new CliError(`no organisation with slug "${orgSlug}"`);
    return await fn(db, found.id);
  } finally {
    await db.close();
  }
}

async function check(args: { dir: string }, io: CliIo): Promise<number> {
  const { valid, problems } = await readFolder(args.dir);
  for (const f of valid) {
    if (serializeQuestion(f.question) !== f.text) {
      problems.push({ file: f.file, field: "(format)", message: "not in canonical form; run `npm run questions -- format`" });
    }
  }
  for (const p of problems) io.stdout(problemLine(args.dir, p));
  const perLang = LANGS.slice()
    .sort()
    .map((l) => `${l}: ${valid.filter((f) => f.question.lang === l).length}`);
  io.stdout(`${valid.length} files valid (${perLang.join(", ")}), ${problems.length} problems\n`);
  return problems.length ? 1 : 0;
}

async function format(args: { dir: string }, io: CliIo): Promise<number> {
  const { valid, problems } = await readFolder(args.dir);
  if (problems.length) {
    for (const p of problems) io.stderr(problemLine(args.dir, p));
    io.stderr(`nothing formatted: ${problems.length} problems\n`);
    return 1;
  }
  let changed = 0;
  for (const f of valid) {
    const text = serializeQuestion(f.question);
    if (text === f.text) continue;
    // Belt and braces: a formatter that altered content would silently change the bank.
    const again = parseQuestionText(text);
    if (!again.ok || canonicalJson(again.question) !== canonicalJson(f.question)) throw new CliError(`${f.file}: canonical form would change the content; nothing written for it`);
    await writeFile(path.resolve(args.dir, f.file), text, "utf8");
    io.stdout(`formatted ${path.join(args.dir, f.file)}\n`);
    changed++;
  }
  io.stdout(`${changed} files formatted, ${valid.length - changed} already canonical\n`);
  return 0;
}

const countFollowUps = (list: FollowUpInput[]): number => list.reduce((n, f) => n + 1 + countFollowUps(f.followUps ?? []), 0);

async function list(args: Extract<Args, { command: "list" }>, io: CliIo): Promise<number> {
  const { valid, problems } = await readFolder(args.dir);
  if (problems.length) {
    for (const p of problems) io.stderr(problemLine(args.dir, p));
    return 1;
  }
  let versionOf = (q: QuestionFile): string | number | null => contentHash(q).slice(0, 12);
  if (args.db && args.org) {
    const rows = await withOrg(io.env, args.org, (db, orgId) =>
      db.prisma.question.findMany({ where: { orgId }, select: { slug: true, lang: true, versions: { orderBy: { version: "desc" }, take: 1, select: { version: true } } } }),
    );
    const versions = new Map(rows.map((r) => [`${r.slug}.${r.lang}`, r.versions[0]?.version ?? null]));
    versionOf = (q) => versions.get(`${q.id}.${q.lang}`) ?? null;
  }
  const entries = valid.map(({ question: q }) => ({
    id: q.id,
    lang: q.lang,
    title: q.title,
    version: versionOf(q),
    keyPoints: q.keyPoints.length,
    criteria: q.rubric.length,
    followUps: countFollowUps(q.followUps),
    tags: q.tags,
  }));
  if (args.json) {
    io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  const header = ["id", "lang", "version", "kp", "crit", "fu", "title"];
  const rows = entries.map((e) => [e.id, e.lang, String(e.version ?? "-"), String(e.keyPoints), String(e.criteria), String(e.followUps), e.title]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  for (const r of [header, ...rows]) io.stdout(`${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")}\n`);
  io.stdout(`${entries.length} files\n`);
  return 0;
}

async function importCommand(args: { dir: string; org: string }, io: CliIo): Promise<number> {
  const { valid, problems } = await readFolder(args.dir);
  if (problems.length) {
    for (const p of problems) io.stderr(problemLine(args.dir, p));
    io.stderr(`nothing imported: ${problems.length} problems\n`);
    return 1;
  }
  const summary = await withOrg(io.env, args.org, (db, orgId) => importQuestionBank({ db, orgId, files: valid }));
  io.stdout(`${JSON.stringify(summary)}\n`);
  return 0;
}

async function exportCommand(args: { org: string; out: string }, io: CliIo): Promise<number> {
  const out = path.resolve(args.out);
  const summary = await withOrg(io.env, args.org, (db, orgId) => exportQuestionBank({ db, orgId, dir: out }));
  for (const f of summary.files) io.stdout(`wrote ${path.join(args.out, f)}\n`);
  io.stdout(`${summary.written} files written to ${args.out}\n`);
  return 0;
}

/** `npm run questions -- <command>`: returns the exit code (0 ok, 1 problems or failure, 2 usage). */
export async function runQuestionsCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help")) {
    io.stdout(USAGE);
    return 0;
  }
  const parsed = parseArgv(argv);
  if (!parsed.ok) {
    io.stderr(`error: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const { args } = parsed;
  try {
    switch (args.command) {
      case "check":
        return await check(args, io);
      case "format":
        return await format(args, io);
      case "list":
        return await list(args, io);
      case "import":
        return await importCommand(args, io);
      case "export":
        return await exportCommand(args, io);
    }
  } catch (err) {
    io.stderr(`error: ${err instanceof CliError || err instanceof ExportError ? err.message : String((err as Error).stack ?? err)}\n`);
    return 1;
  }
}
