// Child process of `bench:realtime`: the product's realtime path, exactly as server/app-server.ts wires
// it (createRealtimeServer: token handshake, zod validation, role filtering, batched draft persistence
// to PostgreSQL), on a bare node:http server without Next.js, so the process's CPU and memory are the
// realtime server's own. Prints {"ready":PORT,...} once listening; SIGTERM closes it cleanly.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "../../server/db/database";
import { loadEnv } from "../../server/env";
import { createLogger } from "../../server/logger";
import { createRealtimeServer } from "../../server/realtime/create-realtime-server";
import { probeWindowOnSignal } from "./window-probe";

const env = loadEnv(process.env);
probeWindowOnSignal("product");
if (!env.DATABASE_URL) throw new Error("product-server needs DATABASE_URL (the benchmark's PostgreSQL database)");
const logger = createLogger({ level: env.LOG_LEVEL, name: "bench-product" });
const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
const httpServer = createServer((_req, res) => res.writeHead(404).end());
const realtime = createRealtimeServer(httpServer, { db, logger, secret: env.AUTH_SECRET });
await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
const { port } = httpServer.address() as AddressInfo;
console.log(JSON.stringify({ ready: port, describe: "createRealtimeServer on node:http (no Next.js), PostgreSQL, no Redis adapter, no job queue" }));

// Closing flushes drafts and writes every participant's leave event; bounded, so a slow database
// cannot hold up the next run (the parent would SIGKILL it anyway).
const CLOSE_BOUND_MS = 8_000;
let stopping = false;
process.on("SIGTERM", () => {
  if (stopping) return;
  stopping = true;
  const bound = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_BOUND_MS).unref());
  void Promise.race([realtime.close().then(() => db.close()), bound]).finally(() => process.exit(0));
});
