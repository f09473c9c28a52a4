import { createLocalGenerator } from "../followups/local-generator";
import { llmClientFromEnv } from "../followups/llm-client";
import type { Database } from "../db/database";
import type { Env } from "../env";
import type { Logger } from "../logger";
import type { ScoringModels } from "../scoring/scoring-models";
import type { JobServices } from "./registry";

/**
 * What job handlers get, built the same way in the web process (in-process queue) and in
 * workers: the database, logs, scoring models, and the optional follow-up wording sources (a
 * hosted LLM when OPENAI_API_KEY is set, a local generation model when one is provisioned), and the
 * hosted grader when OPENAI_GRADING is on.
 */
export async function createJobServices({ env, db, logger, models }: { env: Env; db: Database; logger: Logger; models: ScoringModels }): Promise<JobServices> {
  const llm = llmClientFromEnv(env);
  const generator = await createLocalGenerator({ modelsDir: env.MODELS_DIR }).catch((err: unknown) => {
    logger.warn({ err }, "local generation model failed to load; follow-ups use the hosted LLM or authored wording");
    return undefined;
  });
  const grader = env.OPENAI_GRADING ? llm : undefined;
  logger.info({ hostedLlm: llm ? env.OPENAI_MODEL : null, localGenerator: generator ? "provisioned" : null, llmGrading: grader ? env.OPENAI_MODEL : null }, "follow-up wording sources");
  return { db, logger, models, ...(llm ? { llm } : {}), ...(generator ? { generator } : {}), ...(grader ? { grader } : {}) };
}
