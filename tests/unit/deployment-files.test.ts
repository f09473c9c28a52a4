import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { describe, expect, it } from "vitest";

// No Docker engine runs here, so the compose file is checked structurally: the services a
// deployment needs, wired to each other, with a GPU reservation for the workers.
const ZService = z.object({
  image: z.string().optional(),
  build: z.unknown().optional(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.enum(["service_started", "service_healthy"]) })).optional(),
  deploy: z.unknown().optional(),
  profiles: z.array(z.string()).optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
});
const ZCompose = z.object({ services: z.record(z.string(), ZService), volumes: z.record(z.string(), z.unknown()).optional() });

describe("docker-compose.yml", () => {
  const compose = ZCompose.parse(parse(readFileSync("docker-compose.yml", "utf8")));

  it("defines postgres, redis, web, a CPU worker started by default and a GPU worker behind the gpu profile", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["postgres", "redis", "web", "worker", "worker-gpu"]);
    expect(compose.services.worker?.profiles).toBeUndefined();
    expect(compose.services["worker-gpu"]?.profiles).toEqual(["gpu"]);
    expect(JSON.stringify(compose.services["worker-gpu"]?.deploy)).toContain('"capabilities":["gpu"]');
    expect(compose.services["worker-gpu"]?.environment?.EMBEDDER_DEVICE).toBe("cuda");
  });

  it("points web and worker at the compose database and Redis, and every dependency exists", () => {
    for (const name of ["web", "worker", "worker-gpu"]) {
      const s = compose.services[name]!;
      expect(s.environment?.DATABASE_URL).toMatch(/^postgresql:\/\/.+@postgres:5432\//);
      expect(s.environment?.REDIS_URL).toBe("redis://redis:6379");
      for (const dep of Object.keys(s.depends_on ?? {})) expect(compose.services[dep]).toBeDefined();
    }
  });
});
