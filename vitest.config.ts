import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

// Integration tests run twice: once on PostgreSQL (127.0.0.1:5432) and once on embedded PGlite.
const integration = (db: "postgres" | "pglite") => ({
  resolve: { alias },
  test: {
    name: `integration-${db}`,
    include: ["tests/integration/**/*.test.ts"],
    env: { TEST_DB: db },
    pool: "forks" as const,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      integration("postgres"),
      integration("pglite"),
    ],
  },
});
