import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalUrl = (protocols: string[], hint: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .url()
      .refine((u) => protocols.some((p) => u.startsWith(p)), { message: hint })
      .optional(),
  );

export const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: optionalUrl(["postgres://", "postgresql://"], "must start with postgres:// or postgresql://"),
  DATA_DIR: z.string().min(1).default("./data"),
  REDIS_URL: optionalUrl(["redis://", "rediss://"], "must start with redis:// or rediss://"),
  /** Prefix of the BullMQ keys; web and worker processes of one deployment must agree. */
  JOBS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1-64 letters, digits, _ . -").default("mockroom"),
  AUTH_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  MODELS_DIR: z.string().min(1).default("./models"),
  /** Where the neural embedder runs: auto picks CUDA when a GPU and onnxruntime's CUDA library are present. */
  EMBEDDER_DEVICE: z.enum(["auto", "cpu", "cuda"]).default("auto"),
  QUESTIONS_DIR: z.string().min(1).default("./questions"),
  SEED_DEMO: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  /** Behind a reverse proxy that sets X-Forwarded-For: the client's address is its first hop (sign-in throttling). */
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  OPENAI_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  OPENAI_BASE_URL: optionalUrl(["http://", "https://"], "must be an http(s) URL"),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  /** Optional hosted-LLM grading beside the engine's score (job llm-grade-answer); needs OPENAI_API_KEY. */
  OPENAI_GRADING: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
});
export type Env = z.infer<typeof ZEnv> & { AUTH_SECRET: string };

export class EnvError extends Error {}

/**
 * Parses the environment; a bad value fails fast with the variable's name. Without
 * AUTH_SECRET a random secret is generated once and kept in DATA_DIR, so sign-ins survive
 * restarts on the embedded default.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const r = ZEnv.safeParse(source);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = r.data;
  if (env.OPENAI_GRADING && !env.OPENAI_API_KEY) throw new EnvError("Invalid environment:\n  OPENAI_GRADING: needs OPENAI_API_KEY (the grading model is the hosted one)");
  return { ...env, AUTH_SECRET: env.AUTH_SECRET ?? persistedSecret(env.DATA_DIR) };
}

function persistedSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start: fall through and create it
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}
