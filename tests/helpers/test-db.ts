import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/server/db/database";
import { migrateDatabase } from "@/server/db/migrate";

export type DbKind = "postgres" | "pglite";

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export function testDbKind(): DbKind {
  return process.env.TEST_DB === "pglite" ? "pglite" : "postgres";
}

export type TestDatabase = { db: Database; url?: string; drop(): Promise<void> };

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database created on the
 * test server (dropped afterwards), or an in-memory PGlite. Nothing is shared between files.
 * `migrationsDir` replaces the project's migrations (upgrade tests start from an older set).
 */
export async function createTestDatabase(kind: DbKind = testDbKind(), { migrationsDir }: { migrationsDir?: string } = {}): Promise<TestDatabase> {
  if (kind === "pglite") {
    const db = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase({ db, dir: migrationsDir });
    return { db, drop: () => db.close() };
  }
  const name = `mockroom_t_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), dataDir: "unused" });
  await migrateDatabase({ db, dir: migrationsDir });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
