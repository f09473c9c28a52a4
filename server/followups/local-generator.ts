import { describeProvisionedModels } from "../scoring/models";

/** A small local text-generation model (models/ manifest role "generator") that rewords a follow-up. */
export interface LocalGenerator {
  /** `<name>@<sha8>` from the manifest, so a stored proposal names the exact weights. */
  readonly model: string;
  generate(prompt: string, opts?: { maxNewTokens?: number }): Promise<string>;
}

/**
 * The provisioned generator, or undefined when the manifest lists none (or its files are incomplete):
 * the caller then falls back to authored follow-ups. transformers.js is imported only when a model
 * exists, and never fetches anything (allowRemoteModels = false).
 */
export async function createLocalGenerator({ modelsDir, modelName }: { modelsDir: string; modelName?: string }): Promise<LocalGenerator | undefined> {
  const status = await describeProvisionedModels({ modelsDir });
  const entry = status.models.find((m) => m.role === "generator" && m.complete && (modelName === undefined || m.name === modelName));
  if (!entry) return undefined;
  const { env, pipeline } = await import("@huggingface/transformers");
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = modelsDir;
  const generator = await pipeline("text-generation", entry.name, { local_files_only: true });
  return {
    model: entry.id,
    async generate(prompt, opts) {
      const out = await generator(prompt, { max_new_tokens: opts?.maxNewTokens ?? 80, do_sample: false, return_full_text: false });
      const first = (Array.isArray(out) ? out[0] : out) as { generated_text?: unknown } | undefined;
      return typeof first?.generated_text === "string" ? first.generated_text : "";
    },
  };
}
