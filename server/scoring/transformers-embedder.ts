// Neural sentence embedder on transformers.js + onnxruntime-node, loading only from the local models/
// folder: remote loading is switched off before anything is loaded, so a missing file is an error here,
// never a download. Vectors are mean-pooled over the attention mask and L2-normalised (the
// sentence-transformers recipe the paraphrase-multilingual models were trained with).
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { AutoModel, AutoTokenizer, cat, env, mean_pooling, type Tensor } from "@huggingface/transformers";
import type { Logger } from "../logger";
import { modelId, readModelsManifest } from "./models";

/** Same shape as `Embedder` in lib/scoring/engine.ts (structural, so the server needs no engine import here). */
export type Embedder = { id: string; embed(texts: string[]): Promise<Float32Array[]> };
export type EmbedderDevice = "auto" | "cpu" | "cuda";
export type DeviceInfo = { requested: EmbedderDevice; device: "cpu" | "cuda"; reason: string };
export type TransformersEmbedder = Embedder & { dimensions: number; describeDevice(): DeviceInfo & { model: string } };

export const REQUIRED_MODEL_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json"] as const;
const ONNX_FILE = { fp32: "onnx/model.onnx", q8: "onnx/model_quantized.onnx" } as const;

export async function createTransformersEmbedder(opts: {
  modelsDir: string;
  modelName: string;
  device?: EmbedderDevice;
  dtype?: keyof typeof ONNX_FILE;
  /** Texts per forward pass; bounds peak memory on long batches. */
  maxBatchSize?: number;
  /** paraphrase-multilingual-MiniLM was trained on 128-token inputs; longer only costs time. */
  maxTokens?: number;
  logger?: Pick<Logger, "info" | "warn">;
}): Promise<TransformersEmbedder> {
  const dtype = opts.dtype ?? "fp32";
  const modelDir = path.join(opts.modelsDir, opts.modelName);
  // Fail fast with the exact path: transformers.js would otherwise report a generic "could not locate".
  for (const rel of [...REQUIRED_MODEL_FILES, ONNX_FILE[dtype]]) {
    const file = path.join(modelDir, rel);
    if (!existsSync(file)) throw new Error(`embedder model file missing: ${file} (run \`npm run models:fetch\`, see models/README.md)`);
  }
  const manifest = await readModelsManifest({ modelsDir: opts.modelsDir });
  const entry = manifest?.models.find((m) => m.name === opts.modelName);
  const id = entry ? modelId(entry) : `${opts.modelName}@local`;

  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = opts.modelsDir;

  const device = selectDevice({ requested: opts.device ?? "auto" });
  if (device.requested !== device.device) opts.logger?.warn({ device }, "embedder falls back to CPU");
  const loadOpts = { local_files_only: true } as const;
  const tokenizer = await AutoTokenizer.from_pretrained(opts.modelName, loadOpts);
  const model = await AutoModel.from_pretrained(opts.modelName, { ...loadOpts, device: device.device, dtype });
  const config = model.config as unknown as { hidden_size?: number };
  opts.logger?.info({ model: id, device }, "embedder loaded");

  const maxBatch = Math.max(1, opts.maxBatchSize ?? 32);
  const maxTokens = opts.maxTokens ?? 128;
  const forward = async (inputs: Record<string, Tensor>): Promise<Float32Array[]> => {
    const out = (await model(inputs)) as Record<string, Tensor | undefined>;
    const hidden = out.last_hidden_state;
    const mask = inputs.attention_mask;
    if (!hidden || !mask) throw new Error(`${id}: model output has no last_hidden_state`);
    const pooled = mean_pooling(hidden, mask).normalize(2, -1);
    const [rows = 0, dim = 0] = pooled.dims;
    const data = pooled.data as Float32Array;
    return Array.from({ length: rows }, (_, i) => data.slice(i * dim, (i + 1) * dim));
  };

  // One forward pass at a time: onnxruntime already uses every core, so overlapping runs only thrash.
  let queue: Promise<unknown> = Promise.resolve();
  const embed = (texts: string[]): Promise<Float32Array[]> => {
    const job = queue.then(async () => {
      if (texts.length === 0) return [];
      // Tokenized once, then run in batches of similar length (lengthBuckets): a padded batch costs every
      // row as much as its longest, and an answer's sentences or a question's key points vary a lot.
      const inputs = tokenizer(texts, { padding: true, truncation: true, max_length: maxTokens }) as Record<string, Tensor>;
      // Cutting a group to its longest row keeps its tokens only when padding is on the right.
      const cut = tokenizer.padding_side === "right";
      const vectors: Float32Array[] = new Array(texts.length);
      for (const { rows, width } of lengthBuckets({ mask: inputs.attention_mask!, maxBatch })) {
        const part = await forward(Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, takeRows(t, rows, cut ? width : t.dims[1]!)])));
        rows.forEach((row, k) => (vectors[row] = part[k]!));
      }
      return vectors;
    });
    queue = job.catch(() => undefined);
    return job;
  };

  return { id, dimensions: config.hidden_size ?? 0, embed, describeDevice: () => ({ ...device, model: id }) };
}

export type Bucket = { rows: number[]; width: number };

/**
 * Rows of a right-padded batch grouped by token count (from the attention mask), shortest first: a row joins
 * the current group while the group's padding stays under a quarter of its tokens, and at most `maxBatch`
 * rows go in one group. Each group is cut to its own longest row (`width`).
 */
export function lengthBuckets({ mask, maxBatch }: { mask: Pick<Tensor, "dims" | "data">; maxBatch: number }): Bucket[] {
  const [rows = 0, cols = 0] = mask.dims;
  const data = mask.data as ArrayLike<number | bigint>;
  const lengths = Array.from({ length: rows }, (_, r) => {
    let n = 0;
    for (let c = 0; c < cols; c++) n += Number(data[r * cols + c]);
    return Math.max(1, n);
  });
  const order = lengths.map((_, r) => r).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const buckets: Bucket[] = [];
  let current: Bucket | undefined;
  let tokens = 0;
  for (const row of order) {
    const width = lengths[row]!;
    // Sorted, so this row is the group's longest: padding = rows × width − tokens.
    const fits = current && current.rows.length < maxBatch && (current.rows.length + 1) * width - (tokens + width) <= 0.25 * (tokens + width);
    if (!current || !fits) {
      current = { rows: [], width };
      tokens = 0;
      buckets.push(current);
    }
    current.rows.push(row);
    current.width = width;
    tokens += width;
  }
  return buckets;
}

/** The given rows of a [rows, cols] tensor, cut to the first `width` columns. */
function takeRows(t: Tensor, rows: readonly number[], width: number): Tensor {
  return cat(rows.map((r) => t.slice([r, r + 1], [0, width])), 0);
}

/** "auto" takes CUDA only when both a GPU and onnxruntime's CUDA provider library are present. */
export function selectDevice({ requested, probe = probeCuda() }: { requested: EmbedderDevice; probe?: CudaProbe }): DeviceInfo {
  if (requested === "cpu") return { requested, device: "cpu", reason: "CPU requested" };
  if (probe.gpu && probe.provider) return { requested, device: "cuda", reason: `GPU found (${probe.gpu}), CUDA execution provider installed` };
  const why = !probe.gpu ? "no NVIDIA GPU found" : "onnxruntime-node has no CUDA execution provider (libonnxruntime_providers_cuda.so)";
  if (requested === "cuda") throw new Error(`embedder device "cuda" unavailable: ${why}`);
  return { requested, device: "cpu", reason: why };
}

export type CudaProbe = { gpu: string | null; provider: boolean };

function probeCuda(): CudaProbe {
  const onPath = (process.env.PATH ?? "").split(path.delimiter).some((d) => d && existsSync(path.join(d, "nvidia-smi")));
  const gpu = existsSync("/proc/driver/nvidia") ? "/proc/driver/nvidia" : onPath ? "nvidia-smi" : null;
  let provider = false;
  try {
    // The CUDA provider is an optional download of onnxruntime-node's install script, beside its binding.
    const bin = path.join(path.dirname(createRequire(import.meta.url).resolve("onnxruntime-node/package.json")), "bin");
    const stack = [bin];
    while (stack.length > 0 && !provider) {
      const dir = stack.pop() as string;
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) stack.push(path.join(dir, e.name));
        else if (e.name.startsWith("libonnxruntime_providers_cuda")) provider = true;
      }
    }
  } catch {
    provider = false;
  }
  return { gpu, provider };
}
