import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/client";

/** Plain SQL access on one connection, for migrations and health checks. */
export interface Sql {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  kind: "postgres" | "pglite";
  /** Where the data lives, without credentials (for logs and /api/health). */
  location: string;
  prisma: PrismaClient;
  /**
   * One parameterised statement on any pooled connection, without Prisma: for the hot batched writes
   * (the draft store's upserts) whose per-call cost in Prisma's query pipeline shows up in the realtime
   * server's latency. With `name`, PostgreSQL prepares it once per connection.
   */
  query<T = Record<string, unknown>>(sql: string, params: unknown[], name?: string): Promise<T[]>;
  withSql<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type OpenDatabaseOptions = {
  /** postgres:// URL; when absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** Folder for PGlite's files, or "memory://" for a throwaway in-memory database. */
  dataDir: string;
};

export async function openDatabase({ url, dataDir }: OpenDatabaseOptions): Promise<Database> {
  return url ? openPostgres(url) : openPglite(dataDir);
}

/** Closing twice (tests, shutdown racing a failed health check) must be harmless. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres";
  }
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    location: redact(url),
    prisma,
    query: async <T,>(sql: string, params: unknown[], name?: string) => (await pool.query({ text: sql, values: params, ...(name ? { name } : {}) })).rows as T[],
    async withSql(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (sql) => {
            await client.query(sql);
          },
          query: async <T,>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
        });
      } finally {
        client.release();
      }
    },
    close: once(async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    }),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const location = dataDir.startsWith("memory://") ? dataDir : path.resolve(dataDir, "pglite");
  if (!location.startsWith("memory://")) mkdirSync(location, { recursive: true });
  const db = await PGlite.create(location);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    kind: "pglite",
    location,
    prisma,
    query: async <T,>(sql: string, params: unknown[]) => (await db.query<T>(sql, params)).rows,
    withSql(fn) {
      return fn({
        exec: async (sql) => {
          await db.exec(sql);
        },
        query: async <T,>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
      });
    },
    close: once(async () => {
      await prisma.$disconnect();
      await db.close();
    }),
  };
}
