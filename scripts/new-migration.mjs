// Authors a new SQL migration: diffs the schema snapshot of the newest migration against
// prisma/schema.prisma (no database needed) and writes prisma/migrations/NNNN_<name>/.
// Usage: npm run db:migration -- <name>
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name in snake_case>");
  process.exit(2);
}
const dir = "prisma/migrations";
const existing = readdirSync(dir).filter((d) => /^\d{4}_/.test(d)).sort();
const last = existing.at(-1);
const from = last ? ["--from-schema-datamodel", path.join(dir, last, "schema.prisma")] : ["--from-empty"];
const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true", PRISMA_QUERY_ENGINE_LIBRARY: "/bin/true" };
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], { env, encoding: "utf8" });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(r.status ?? 1);
}
if (/This is an empty migration/.test(r.stdout)) {
  console.log("schema unchanged: no migration written");
  process.exit(0);
}
const next = String(existing.length + 1).padStart(4, "0");
const target = path.join(dir, `${next}_${name}`);
mkdirSync(target);
// The CLI prints its config notices on stdout too; keep only the SQL.
const sql = r.stdout
  .split("\n")
  .filter((l) => !/^(Loaded Prisma config|Prisma config detected)/.test(l))
  .join("\n")
  .trimEnd();
writeFileSync(path.join(target, "migration.sql"), sql + "\n");
copyFileSync("prisma/schema.prisma", path.join(target, "schema.prisma"));
console.log(`wrote ${target}/migration.sql`);
