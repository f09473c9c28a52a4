// `npm test`: every check, in order of cost: typecheck, lint, unit, build, integration
// (PostgreSQL and PGlite), end-to-end (Chromium). Stops at the first failing step.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { buildIfNeeded } from "./build-if-needed.mjs";

const bin = (name) => `node_modules/.bin/${name}`;
// Not under test-results/: Playwright empties that folder when it starts.
const REPORTS = ".test-reports";
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const steps = [
  ["typecheck", () => run(bin("tsc"), ["--noEmit"])],
  ["lint", () => run(bin("eslint"), ["--max-warnings", "0", "."])],
  ["unit", () => run(bin("vitest"), ["run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${REPORTS}/unit.json`])],
  ["build", () => buildIfNeeded()],
  [
    "integration",
    () => run(bin("vitest"), ["run", "--project", "integration-postgres", "--project", "integration-pglite", "--reporter=default", "--reporter=json", `--outputFile.json=${REPORTS}/integration.json`]),
  ],
  ["e2e", () => run(bin("playwright"), ["test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${REPORTS}/e2e.json` })],
];

function run(cmd, args, extraEnv = {}) {
  return spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } }).status ?? 1;
}

function counts() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const f of ["unit", "integration"]) {
    const p = `${REPORTS}/${f}.json`;
    if (!existsSync(p)) continue;
    const r = JSON.parse(readFileSync(p, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
  }
  const e2e = `${REPORTS}/e2e.json`;
  if (existsSync(e2e)) {
    const s = JSON.parse(readFileSync(e2e, "utf8")).stats;
    passed += s.expected + s.flaky;
    failed += s.unexpected;
    skipped += s.skipped;
  }
  return { passed, failed, skipped };
}

const timings = [];
let failedStep;
for (const [name, fn] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  const status = fn();
  timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  if (status !== 0) {
    failedStep = name;
    break;
  }
}
const c = counts();
console.log(`\n${timings.join(" · ")}`);
if (failedStep) console.log(`step failed: ${failedStep}`);
console.log(`${c.passed} passed, ${c.failed + (failedStep && c.failed === 0 ? 1 : 0)} failed, ${c.skipped} skipped`);
process.exit(failedStep ? 1 : 0);
