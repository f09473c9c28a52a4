import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "@/server/env";

const dataDir = () => mkdtempSync(path.join(tmpdir(), "mr-env-"));

describe("environment", () => {
  it("defaults to the embedded database on port 3000", () => {
    const env = loadEnv({ DATA_DIR: dataDir() });
    expect(env).toMatchObject({ PORT: 3000, SEED_DEMO: true });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it("fails fast naming each bad variable", () => {
    expect(() => loadEnv({ DATABASE_URL: "mysql://x", PORT: "eighty", DATA_DIR: dataDir() })).toThrow(EnvError);
    try {
      loadEnv({ DATABASE_URL: "mysql://x", PORT: "eighty", REDIS_URL: "http://r", DATA_DIR: dataDir() });
    } catch (err) {
      expect((err as Error).message).toMatch(/DATABASE_URL: must start with postgres/);
      expect((err as Error).message).toMatch(/PORT:/);
      expect((err as Error).message).toMatch(/REDIS_URL: must start with redis/);
    }
  });

  it("TRUST_PROXY is off unless set to true or 1, and anything else is refused by name", () => {
    expect(loadEnv({ DATA_DIR: dataDir() }).TRUST_PROXY).toBe(false);
    expect(loadEnv({ DATA_DIR: dataDir(), TRUST_PROXY: "1" }).TRUST_PROXY).toBe(true);
    expect(() => loadEnv({ DATA_DIR: dataDir(), TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
  });

  it("rejects a short AUTH_SECRET and treats empty strings as unset", () => {
    expect(() => loadEnv({ AUTH_SECRET: "short", DATA_DIR: dataDir() })).toThrow(/AUTH_SECRET/);
    expect(loadEnv({ DATABASE_URL: "", DATA_DIR: dataDir() }).DATABASE_URL).toBeUndefined();
  });

  it("generates an auth secret once and keeps it in DATA_DIR across restarts", () => {
    const dir = dataDir();
    const first = loadEnv({ DATA_DIR: dir }).AUTH_SECRET;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadEnv({ DATA_DIR: dir }).AUTH_SECRET).toBe(first);
    expect(readFileSync(path.join(dir, "auth-secret"), "utf8").trim()).toBe(first);
    expect(loadEnv({ DATA_DIR: dir, AUTH_SECRET: "x".repeat(40) }).AUTH_SECRET).toBe("x".repeat(40));
  });
});
