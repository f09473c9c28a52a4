import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZQuestionFile } from "@/lib/questions/schema";
import { serializeQuestion } from "@/lib/questions/serialize";
import { exportQuestionBank } from "@/server/bank/export-question-bank";
import { importQuestionBank } from "@/server/bank/import-question-bank";
import { loadQuestionBank } from "@/server/bank/load-question-bank";
import { runQuestionsCli } from "@/server/bank/questions-cli";
import { questionFile, seedOrg } from "../helpers/factories";
import { createTestDatabase, testDbKind, type TestDatabase } from "../helpers/test-db";

const kind = testDbKind();
const REAL_BANK = path.resolve(import.meta.dirname, "../../questions");
const tempDirs: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Canonical files of fresh factory questions: two under llm/, one at the root (collection ""). */
async function fixtureBank(): Promise<{ dir: string; ids: string[] }> {
  const dir = await tempDir("mr-bank-");
  await mkdir(path.join(dir, "llm"));
  const nested = questionFile({
    followUps: [
      { id: "why-variance", keyPoint: "variance", when: "missing", prompt: "Why does the variance grow?", followUps: [{ id: "what-if", when: "any", prompt: "And if d_k = 1: does it matter?" }] },
      { id: "softmax", keyPoint: "softmax-saturation", when: "weak", prompt: "What does a saturated softmax do to gradients?" },
    ],
  });
  const files = [
    ["llm", nested],
    ["llm", questionFile({ lang: "zh", title: "为什么要除以 √d_k？", prompt: "请解释：缩放点积注意力里为什么除以 $\\sqrt{d_k}$？" })],
    ["", questionFile()],
  ] as const;
  for (const [folder, q] of files) await writeFile(path.join(dir, folder, `${q.id}.${q.lang}.yaml`), serializeQuestion(ZQuestionFile.parse(q)));
  return { dir, ids: files.map(([, q]) => q.id) };
}

async function yamlFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".yaml")).sort();
}

async function expectSameFiles(exported: string, source: string) {
  const files = await yamlFiles(source);
  expect(await yamlFiles(exported)).toEqual(files);
  for (const f of files) expect(await readFile(path.join(exported, f), "utf8"), f).toBe(await readFile(path.join(source, f), "utf8"));
}

function cli(env: Record<string, string | undefined> = {}) {
  const out = { stdout: "", stderr: "" };
  const run = (...argv: string[]) => runQuestionsCli(argv, { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env });
  return { out, run };
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe(`[${kind}] importQuestionBank and exportQuestionBank`, () => {
  it("[IMPORT] a second import of the same folder creates nothing; one changed file makes exactly one new version", async () => {
    const org = await seedOrg({ db: t.db });
    const { dir, ids } = await fixtureBank();
    const load = async () => (await loadQuestionBank({ dir })).questions;
    expect(await importQuestionBank({ db: t.db, orgId: org.id, files: await load() })).toEqual({ created: 3, newVersions: 0, unchanged: 0 });
    expect(await importQuestionBank({ db: t.db, orgId: org.id, files: await load() })).toEqual({ created: 0, newVersions: 0, unchanged: 3 });

    const file = path.join(dir, "llm", `${ids[0]}.en.yaml`);
    await writeFile(file, (await readFile(file, "utf8")).replace("title: Why scale", "title: Why do we scale"));
    expect(await importQuestionBank({ db: t.db, orgId: org.id, files: await load() })).toEqual({ created: 0, newVersions: 1, unchanged: 2 });
    const versions = await t.db.prisma.questionVersion.findMany({ where: { question: { orgId: org.id } }, select: { version: true, title: true } });
    expect(versions).toHaveLength(4);
    expect(versions.filter((v) => v.version === 2)).toEqual([{ version: 2, title: "Why do we scale dot-product attention?" }]);
  });

  it("[EXPORT] the shipped bank comes back out of the database byte for byte, and re-importing it changes nothing", async () => {
    const org = await seedOrg({ db: t.db });
    const { questions, problems } = await loadQuestionBank({ dir: REAL_BANK });
    expect(problems).toEqual([]);
    await importQuestionBank({ db: t.db, orgId: org.id, files: questions });

    const out = await tempDir("mr-export-");
    const summary = await exportQuestionBank({ db: t.db, orgId: org.id, dir: out });
    expect(summary.written).toBe(questions.length);
    await expectSameFiles(out, REAL_BANK);
    const again = await loadQuestionBank({ dir: out });
    expect(await importQuestionBank({ db: t.db, orgId: org.id, files: again.questions })).toEqual({ created: 0, newVersions: 0, unchanged: questions.length });
    // The whole shipped bank, twice, one transaction per file: slower than the default budget allows on a busy machine.
  }, 90_000);

  it("[EXPORT] writes only the latest version, and nothing of other organisations", async () => {
    const [mine, other] = [await seedOrg({ db: t.db }), await seedOrg({ db: t.db })];
    const { dir, ids } = await fixtureBank();
    await importQuestionBank({ db: t.db, orgId: other.id, files: (await loadQuestionBank({ dir })).questions });
    const rootFile = path.join(dir, `${ids[2]}.en.yaml`);
    const v1 = (await loadQuestionBank({ dir })).questions;
    await importQuestionBank({ db: t.db, orgId: mine.id, files: v1.filter((f) => f.file === path.basename(rootFile)) });
    await writeFile(rootFile, (await readFile(rootFile, "utf8")).replace("timeMinutes: 5", "timeMinutes: 7"));
    await importQuestionBank({ db: t.db, orgId: mine.id, files: (await loadQuestionBank({ dir })).questions.filter((f) => f.file === path.basename(rootFile)) });

    const out = await tempDir("mr-export-");
    expect(await exportQuestionBank({ db: t.db, orgId: mine.id, dir: out })).toEqual({ written: 1, files: [`${ids[2]}.en.yaml`] });
    expect(await readFile(path.join(out, `${ids[2]}.en.yaml`), "utf8")).toBe(await readFile(rootFile, "utf8"));
  });

  it("[EXPORT] refuses a collection that would write outside the folder, and writes nothing at all", async () => {
    const org = await seedOrg({ db: t.db });
    const { dir } = await fixtureBank();
    await importQuestionBank({ db: t.db, orgId: org.id, files: (await loadQuestionBank({ dir })).questions });
    const victim = await t.db.prisma.question.findFirstOrThrow({ where: { orgId: org.id, collection: "llm" } });
    await t.db.prisma.question.update({ where: { id: victim.id }, data: { collection: "../escaped" } });
    const out = await tempDir("mr-export-");
    await expect(exportQuestionBank({ db: t.db, orgId: org.id, dir: path.join(out, "inner") })).rejects.toThrow(/not a safe relative folder/);
    expect(await readdir(out, { recursive: true })).toEqual([]);
  });
});

describe(`[${kind}] questions CLI on files`, () => {
  it("[CHECK] a bad file gives `path: field: reason` lines and exit 1; nothing is imported", async () => {
    const { dir } = await fixtureBank();
    await writeFile(path.join(dir, "llm", "broken.en.yaml"), stringify({ ...questionFile({ id: "broken" }), timeMinutes: 500, keyPoints: [] }));
    const { out, run } = cli();
    expect(await run("check", "--dir", dir)).toBe(1);
    const lines = out.stdout.trimEnd().split("\n");
    const bad = path.join(dir, "llm", "broken.en.yaml");
    expect(lines).toContain(`${bad}: timeMinutes: Too big: expected number to be <=120`);
    expect(lines.filter((l) => l.startsWith(`${bad}: keyPoints: `))).toHaveLength(1);
    expect(lines.at(-1)).toBe("3 files valid (en: 2, zh: 1), 2 problems");

    const before = await t.db.prisma.questionVersion.count();
    const db = cli({ DATABASE_URL: t.url, DATA_DIR: "/nonexistent-unused" });
    expect(await db.run("import", "--org", "any-org", "--dir", dir)).toBe(1);
    expect(db.out.stderr).toContain(`${bad}: timeMinutes: `);
    expect(db.out.stderr).toContain("nothing imported: 2 problems");
    expect(await t.db.prisma.questionVersion.count()).toBe(before);
  });

  it("[FORMAT] check flags a valid but hand-formatted file; format rewrites it canonically without changing its content", async () => {
    const { dir } = await fixtureBank();
    const q = questionFile({ prompt: "Why divide by sqrt(d_k)? Explain: with an example.", hints: ["- think about variance"] });
    const file = path.join(dir, "llm", `${q.id}.en.yaml`);
    await writeFile(file, stringify(q, { lineWidth: 40 }));
    const { out, run } = cli();
    expect(await run("check", "--dir", dir)).toBe(1);
    expect(out.stdout).toContain(`${file}: (format): not in canonical form; run \`npm run questions -- format\``);

    expect(await run("format", "--dir", dir)).toBe(0);
    expect(out.stdout).toContain("1 files formatted, 3 already canonical");
    expect(await readFile(file, "utf8")).toBe(serializeQuestion(ZQuestionFile.parse(q)));
    out.stdout = "";
    expect(await run("check", "--dir", dir)).toBe(0);
    expect(out.stdout).toBe("4 files valid (en: 3, zh: 1), 0 problems\n");
  });

  it("[FORMAT] refuses to write anything while any file is invalid", async () => {
    const { dir } = await fixtureBank();
    const messy = path.join(dir, "llm", "messy.en.yaml");
    const text = stringify(questionFile({ id: "messy" }), { lineWidth: 40 });
    await writeFile(messy, text);
    await writeFile(path.join(dir, "llm", "bad.en.yaml"), "id: bad\n");
    const { out, run } = cli();
    expect(await run("format", "--dir", dir)).toBe(1);
    expect(out.stderr).toMatch(/nothing formatted: \d+ problems/);
    expect(await readFile(messy, "utf8")).toBe(text);
  });

  it("[LIST] --json prints one JSON array with per-file counts, nested follow-ups included", async () => {
    const { dir, ids } = await fixtureBank();
    const { out, run } = cli();
    expect(await run("list", "--json", "--dir", dir)).toBe(0);
    expect(out.stderr).toBe("");
    const list = JSON.parse(out.stdout) as Record<string, unknown>[];
    expect(list).toHaveLength(3);
    const nested = list.find((e) => e.id === ids[0]);
    expect(nested).toMatchObject({ lang: "en", title: "Why scale dot-product attention?", keyPoints: 3, criteria: 2, followUps: 3, tags: ["attention"] });
    expect(nested?.version).toMatch(/^[0-9a-f]{12}$/);
    expect(list.find((e) => e.id === ids[1])).toMatchObject({ lang: "zh", title: "为什么要除以 √d_k？", followUps: 0 });
  });

  it("[USAGE] an unknown command or a flag the command does not take prints usage and exits 2", async () => {
    const { out, run } = cli();
    expect(await run("publish")).toBe(2);
    expect(out.stderr).toContain('unknown command "publish"');
    expect(await run("check", "--org", "x")).toBe(2);
    expect(await run("export", "--org", "x")).toBe(2);
    expect(out.stderr).toContain("--out: is required");
    expect(await run("list", "--db")).toBe(2);
    expect(out.stdout).toBe("");
  });
});

// The CLI opens its own database from DATABASE_URL; an in-memory PGlite cannot be shared with
// another opener, so the CLI's database path runs on PostgreSQL only (the functions it calls
// are covered on both databases above).
describe.skipIf(kind === "pglite")(`[${kind}] questions CLI against the database (PostgreSQL only: the CLI cannot open the test's in-memory PGlite)`, () => {
  it("[IMPORT/EXPORT] import twice creates nothing the second time, one edit makes one version, export is byte-identical", async () => {
    const org = await seedOrg({ db: t.db });
    const { dir, ids } = await fixtureBank();
    const { out, run } = cli({ DATABASE_URL: t.url, DATA_DIR: "/nonexistent-unused" });
    const summary = async (...argv: string[]) => {
      out.stdout = "";
      expect(await run(...argv), out.stderr).toBe(0);
      return JSON.parse(out.stdout) as unknown;
    };
    expect(await summary("import", "--org", org.slug, "--dir", dir)).toEqual({ created: 3, newVersions: 0, unchanged: 0 });
    expect(await summary("import", "--org", org.slug, "--dir", dir)).toEqual({ created: 0, newVersions: 0, unchanged: 3 });
    const file = path.join(dir, "llm", `${ids[1]}.zh.yaml`);
    await writeFile(file, (await readFile(file, "utf8")).replace("timeMinutes: 5", "timeMinutes: 6"));
    expect(await summary("import", "--org", org.slug, "--dir", dir)).toEqual({ created: 0, newVersions: 1, unchanged: 2 });

    const list = (await summary("list", "--json", "--db", "--org", org.slug, "--dir", dir)) as { id: string; version: unknown }[];
    expect(Object.fromEntries(list.map((e) => [e.id, e.version]))).toEqual({ [ids[0]!]: 1, [ids[1]!]: 2, [ids[2]!]: 1 });

    const exported = await tempDir("mr-cli-export-");
    out.stdout = "";
    expect(await run("export", "--org", org.slug, "--out", exported)).toBe(0);
    expect(out.stdout).toContain("3 files written");
    await expectSameFiles(exported, dir);
  });

  it("[IMPORT] an unknown organisation is an error and nothing is stored", async () => {
    const { dir } = await fixtureBank();
    const before = await t.db.prisma.questionVersion.count();
    const { out, run } = cli({ DATABASE_URL: t.url });
    expect(await run("import", "--org", "no-such-org", "--dir", dir)).toBe(1);
    expect(out.stderr).toContain('no organisation with slug "no-such-org"');
    expect(await t.db.prisma.questionVersion.count()).toBe(before);
  });
});
