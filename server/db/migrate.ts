import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "./database";

const DEFAULT_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
// Any constant works; it only has to be the same for every Mockroom process.
const LOCK_KEY = 727_001;

export type MigrationResult = { applied: string[]; alreadyApplied: number };

/**
 * Applies prisma/migrations/NNNN_name/migration.sql files in order, each in its own
 * transaction, recording name and checksum. Concurrent starts are serialised by an advisory
 * lock; an edited, already-applied migration is refused rather than silently skipped.
 */
export async function migrateDatabase({ db, dir = DEFAULT_DIR }: { db: Database; dir?: string }): Promise<MigrationResult> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && /^\d{4}_[a-z0-9_]+$/.test(e.name))
    .map((e) => e.name)
    .sort();

  return db.withSql(async (sql) => {
    await sql.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    try {
      await sql.exec(`CREATE TABLE IF NOT EXISTS "_mockroom_migrations" (
        "name" TEXT PRIMARY KEY,
        "checksum" TEXT NOT NULL,
        "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const rows = await sql.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "_mockroom_migrations"`);
      const done = new Map(rows.map((r) => [r.name, r.checksum]));
      const applied: string[] = [];
      for (const name of names) {
        const text = await readFile(path.join(dir, name, "migration.sql"), "utf8");
        const checksum = createHash("sha256").update(text).digest("hex");
        const prev = done.get(name);
        if (prev !== undefined) {
          if (prev !== checksum) throw new Error(`Migration ${name} was changed after it was applied; add a new migration instead.`);
          continue;
        }
        await sql.exec("BEGIN");
        try {
          await sql.exec(text);
          await sql.query(`INSERT INTO "_mockroom_migrations" ("name", "checksum") VALUES ($1, $2)`, [name, checksum]);
          await sql.exec("COMMIT");
        } catch (err) {
          await sql.exec("ROLLBACK");
          throw new Error(`Migration ${name} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(name);
      }
      return { applied, alreadyApplied: done.size };
    } finally {
      await sql.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
  });
}
