// Builds the Next.js app only when its inputs changed since the last build, so `npm start`
// is fast after the first run and never serves a stale build.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const INPUTS = ["app", "components", "lib", "server", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const STAMP = ".next/mockroom-build-fingerprint";

function walk(p, out) {
  if (!existsSync(p)) return;
  const st = statSync(p);
  if (st.isDirectory()) {
    if (p.endsWith(path.join("db", "generated"))) return; // regenerated from the schema, which is an input
    for (const name of readdirSync(p).sort()) walk(path.join(p, name), out);
  } else {
    out.push(p);
  }
}

export function fingerprint() {
  const files = [];
  for (const i of INPUTS) walk(i, files);
  const h = createHash("sha256");
  for (const f of files) h.update(f).update("\0").update(readFileSync(f)).update("\0");
  return h.digest("hex");
}

export function buildIfNeeded() {
  const fp = fingerprint();
  if (existsSync(".next/BUILD_ID") && existsSync(STAMP) && readFileSync(STAMP, "utf8") === fp) {
    console.log("build is up to date");
    return 0;
  }
  console.log("building the web app (next build)…");
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (r.status === 0) writeFileSync(STAMP, fp);
  return r.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(buildIfNeeded());
