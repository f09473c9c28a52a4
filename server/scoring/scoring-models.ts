import type { Logger } from "../logger";
import { describeProvisionedModels } from "./models";
import { createTransformersEmbedder, type TransformersEmbedder, type EmbedderDevice } from "./transformers-embedder";

export type ModelsRuntimeStatus = { mode: "neural" | "lexical"; detail: string; embedder?: string; device?: string };

/**
 * The process's scoring models: reads models/manifest.json at start-up and, when an embedder is
 * provisioned, loads it once on first use (CUDA where present, else CPU). Without models the
 * engine scores lexically and /api/health says so.
 */
export async function openScoringModels({ modelsDir, device, logger }: { modelsDir: string; device: EmbedderDevice; logger: Logger }) {
  const provisioned = await describeProvisionedModels({ modelsDir }).catch((err: unknown) => {
    logger.warn({ err }, "models/manifest.json is unreadable; scoring without neural models");
    return { mode: "lexical" as const, models: [] };
  });
  const entry = provisioned.models.find((m) => m.role === "embedder" && m.complete);
  const status: ModelsRuntimeStatus = entry
    ? { mode: "neural", detail: `embedder ${entry.id} provisioned; loads on first use`, embedder: entry.id }
    : { mode: "lexical", detail: provisioned.models.length ? "the manifest's embedder files are incomplete" : `no models in ${modelsDir} (npm run models:fetch provisions them)` };
  let loading: Promise<TransformersEmbedder | undefined> | undefined;
  return {
    status,
    /** The embedder, or undefined when none is provisioned or it failed to load (logged once). */
    embedder(): Promise<TransformersEmbedder | undefined> {
      if (!entry) return Promise.resolve(undefined);
      loading ??= createTransformersEmbedder({ modelsDir, modelName: entry.name, device, logger })
        .then((e) => {
          const d = e.describeDevice();
          status.device = `${d.device} (${d.reason})`;
          status.detail = `embedder ${e.id} loaded on ${d.device}`;
          logger.info({ embedder: e.id, device: d.device, reason: d.reason }, "scoring embedder loaded");
          return e;
        })
        .catch((err: unknown) => {
          status.mode = "lexical";
          status.detail = `embedder failed to load: ${(err as Error).message}`;
          logger.error({ err }, "scoring embedder failed to load; scoring lexically");
          return undefined;
        });
      return loading;
    },
  };
}
export type ScoringModels = Awaited<ReturnType<typeof openScoringModels>>;
