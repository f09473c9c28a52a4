// `npm start`: build when needed, then run the one-port server (Next + Socket.IO + in-process
// workers) in production mode. With no DATABASE_URL it uses embedded PGlite under ./data.
import { spawn } from "node:child_process";
import { buildIfNeeded } from "./build-if-needed.mjs";

const status = buildIfNeeded();
if (status !== 0) process.exit(status);

// A larger young generation cuts GC pauses on the realtime relay (see ARCHITECTURE.md).
const child = spawn(process.execPath, ["--max-semi-space-size=128", "--import", "tsx", "server/index.ts"], {
  stdio: "inherit",
  env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...process.env },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
