import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scoreAnswer } from "@/lib/scoring/engine";
import { createLogger } from "@/server/logger";
import { writeModelsManifest } from "@/server/scoring/models";
import { openScoringModels } from "@/server/scoring/scoring-models";
import { writeTinyModel } from "../helpers/tiny-model";

const logger = createLogger({ level: "silent" });

describe("scoring models at start-up", () => {
  it("without a manifest the server scores lexically and says how to provision models", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mr-models-"));
    const models = await openScoringModels({ modelsDir: dir, device: "cpu", logger });
    expect(models.status.mode).toBe("lexical");
    expect(models.status.detail).toMatch(/models:fetch/);
    expect(await models.embedder()).toBeUndefined();
  });

  it("an unreadable manifest is reported, not fatal", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mr-models-"));
    await writeFile(path.join(dir, "manifest.json"), "{ not json");
    const models = await openScoringModels({ modelsDir: dir, device: "cpu", logger });
    expect(models.status.mode).toBe("lexical");
  });

  it("a provisioned embedder (generated tiny model) loads once through transformers.js and feeds the engine", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mr-models-"));
    await writeTinyModel(path.join(dir, "tiny-embedder"));
    await writeModelsManifest({ modelsDir: dir, models: [{ name: "tiny-embedder", role: "embedder", files: ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"] }] });
    const models = await openScoringModels({ modelsDir: dir, device: "cpu", logger });
    expect(models.status.mode).toBe("neural");
    const [a, b] = await Promise.all([models.embedder(), models.embedder()]);
    expect(a).toBeDefined();
    expect(a).toBe(b);
    expect(models.status.device).toMatch(/^cpu/);
    const r = await scoreAnswer({ question: { prompt: "Why scale attention?", referenceAnswer: "Divide by sqrt(d_k) so softmax does not saturate." }, answer: "We divide by sqrt(d_k) to keep softmax from saturating.", embedder: a });
    expect(r.overall5).toBeGreaterThan(0);
    expect(r.engineVersion).toMatch(/^mockroom-engine\//);
  });
});
