import type { Runtime } from "./runtime";

export type Health = {
  status: "ok" | "degraded" | "down";
  uptimeS: number;
  database: { ok: boolean; kind: string; latencyMs?: number; error?: string };
  queue: Runtime["status"]["queue"];
  models: Runtime["status"]["models"];
};

const DB_TIMEOUT_MS = 3_000;

/** Database is what decides up or down; a broken queue only degrades the service. */
export async function checkHealth(rt: Runtime): Promise<Health> {
  const t0 = performance.now();
  let database: Health["database"];
  try {
    await Promise.race([
      rt.db.withSql((sql) => sql.query("SELECT 1")),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS).unref()),
    ]);
    database = { ok: true, kind: rt.db.kind, latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
  } catch (err) {
    database = { ok: false, kind: rt.db.kind, error: (err as Error).message };
  }
  const queue = rt.status.queue;
  return {
    status: !database.ok ? "down" : queue.ok ? "ok" : "degraded",
    uptimeS: Math.round((Date.now() - rt.startedAt.getTime()) / 1000),
    database,
    queue,
    models: rt.status.models,
  };
}
