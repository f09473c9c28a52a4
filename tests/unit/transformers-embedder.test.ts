import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { env, Tensor } from "@huggingface/transformers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { planModelsFetch, runModelsFetch } from "@/scripts/models-fetch";
import { describeProvisionedModels, readModelsManifest, sha256File, writeModelsManifest } from "@/server/scoring/models";
import { createTransformersEmbedder, lengthBuckets, selectDevice, type TransformersEmbedder } from "@/server/scoring/transformers-embedder";
import { writeTinyModel } from "@/tests/helpers/tiny-model";

const MODEL = "tiny-bert";
const MODEL_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"];
const EN = ["attention is a scaled dot product of query and key", "lora fine tuning uses a low rank matrix"];
const ZH = ["注意力机制是查询和键的缩放点积", "低秩微调训练模型"];

let modelsDir: string;
let embedder: TransformersEmbedder;
const fetchSpy = vi.fn((..._args: unknown[]): Promise<Response> => Promise.reject(new Error("network is off in tests")));

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(tmpdir(), "mockroom-embedder-"));
  await writeTinyModel(path.join(modelsDir, MODEL));
  // Anything that tried the hub would hit this host or the stubbed fetch, and the test below would see it.
  env.remoteHost = "http://127.0.0.1:9/";
  vi.stubGlobal("fetch", fetchSpy);
  embedder = await createTransformersEmbedder({ modelsDir, modelName: MODEL, device: "cpu", maxBatchSize: 2 });
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await rm(modelsDir, { recursive: true, force: true });
});

describe("transformers embedder on a generated model", () => {
  it("embeds English and Chinese sentences into unit-length vectors of the model's width", async () => {
    const vectors = await embedder.embed([...EN, ...ZH]);
    expect(vectors).toHaveLength(4);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(16);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect(embedder.dimensions).toBe(16);
  });

  it("gives the same vectors on every call and from a freshly loaded embedder", async () => {
    const first = await embedder.embed(ZH);
    const again = await embedder.embed(ZH);
    const fresh = await createTransformersEmbedder({ modelsDir, modelName: MODEL, device: "cpu" });
    expect(again).toEqual(first);
    expect(await fresh.embed(ZH)).toEqual(first);
  });

  it("gives identical texts identical vectors and different texts different ones, whatever the batching", async () => {
    const [a, b, c] = await embedder.embed([EN[0]!, EN[1]!, EN[0]!]);
    expect(Array.from(c!)).toEqual(Array.from(a!));
    expect(cosine(a!, b!)).toBeLessThan(0.99);
    const [zhAlone] = await embedder.embed([ZH[0]!]);
    const [, zhInBatch] = await embedder.embed([EN[1]!, ZH[0]!]);
    for (let i = 0; i < 16; i++) expect(zhInBatch![i]).toBeCloseTo(zhAlone![i]!, 5);
  });

  it("runs texts of very different lengths in separate batches and returns each vector in its place", async () => {
    const long = `${EN.join(" and ")} ${ZH.join("，")} ${EN[0]}`;
    const texts = [ZH[1]!, long, EN[1]!, "attention", long.slice(0, 60)];
    const together = await embedder.embed(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embed([text]);
      for (let d = 0; d < 16; d++) expect(together[i]![d]).toBeCloseTo(alone![d]!, 5);
    }
  });

  it("returns nothing for no texts and still embeds an empty string", async () => {
    expect(await embedder.embed([])).toEqual([]);
    const [empty] = await embedder.embed([""]);
    expect(norm(empty!)).toBeCloseTo(1, 5);
  });

  it("loads with remote loading off and never touches the network", () => {
    expect(env.allowRemoteModels).toBe(false);
    expect(env.localModelPath).toBe(modelsDir);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("fails fast naming the missing file of an incomplete model folder", async () => {
    const broken = path.join(modelsDir, "broken");
    await cp(path.join(modelsDir, MODEL), broken, { recursive: true });
    await rm(path.join(broken, "tokenizer.json"));
    await expect(createTransformersEmbedder({ modelsDir, modelName: "broken", device: "cpu" })).rejects.toThrow(
      path.join(broken, "tokenizer.json"),
    );
    await expect(createTransformersEmbedder({ modelsDir, modelName: "absent", device: "cpu" })).rejects.toThrow(
      path.join(modelsDir, "absent", "config.json"),
    );
  });
});

describe("length buckets", () => {
  /** A right-padded attention mask with the given row lengths. */
  const maskOf = (lengths: number[]) => {
    const cols = Math.max(...lengths);
    const data = new BigInt64Array(lengths.length * cols);
    lengths.forEach((n, r) => data.fill(1n, r * cols, r * cols + n));
    return new Tensor("int64", data, [lengths.length, cols]);
  };

  it("groups rows of similar length, shortest first, each group cut to its longest row", () => {
    const lengths = [40, 3, 38, 4, 120, 3];
    const buckets = lengthBuckets({ mask: maskOf(lengths), maxBatch: 32 });
    expect(buckets).toEqual([
      { rows: [1, 5, 3], width: 4 },
      { rows: [2, 0], width: 40 },
      { rows: [4], width: 120 },
    ]);
    for (const b of buckets) {
      const tokens = b.rows.reduce((s, r) => s + lengths[r]!, 0);
      expect(b.rows.length * b.width - tokens).toBeLessThanOrEqual(0.25 * tokens);
    }
  });

  it("takes every row once and no more than maxBatch rows in a group", () => {
    const lengths = Array.from({ length: 9 }, () => 7);
    const buckets = lengthBuckets({ mask: maskOf(lengths), maxBatch: 4 });
    expect(buckets.map((b) => b.rows.length)).toEqual([4, 4, 1]);
    expect(buckets.flatMap((b) => b.rows).sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
  });
});

describe("models manifest", () => {
  it("names the embedder by its manifest checksum, and the id changes when a weight file changes", async () => {
    expect(embedder.id).toBe(`${MODEL}@local`);
    const manifest = await writeModelsManifest({ modelsDir, models: [{ name: MODEL, role: "embedder", files: MODEL_FILES }] });
    expect(manifest.models[0]?.files.map((f) => f.path)).toEqual([...MODEL_FILES].sort());
    expect(await readModelsManifest({ modelsDir })).toEqual(manifest);
    const pinned = await createTransformersEmbedder({ modelsDir, modelName: MODEL, device: "cpu" });
    expect(pinned.id).toMatch(/^tiny-bert@[0-9a-f]{8}$/);
    expect(pinned.describeDevice()).toMatchObject({ device: "cpu", model: pinned.id });

    const other = path.join(modelsDir, "other");
    await writeTinyModel(other, { seed: 99 });
    await writeModelsManifest({ modelsDir, models: [{ name: "other", role: "embedder", files: MODEL_FILES }] });
    const before = (await createTransformersEmbedder({ modelsDir, modelName: "other", device: "cpu" })).id;
    await writeTinyModel(other, { seed: 100 });
    await writeModelsManifest({ modelsDir, models: [{ name: "other", role: "embedder", files: MODEL_FILES }] });
    const after = (await createTransformersEmbedder({ modelsDir, modelName: "other", device: "cpu" })).id;
    expect(after).not.toBe(before);
    expect((await readModelsManifest({ modelsDir }))?.models.map((m) => m.name)).toEqual(["other", MODEL]);
  });

  it("reports neural mode only while an embedder's files are all there at their recorded sizes", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mockroom-models-"));
    try {
      expect(await describeProvisionedModels({ modelsDir: dir })).toEqual({ mode: "lexical", models: [] });
      await writeTinyModel(path.join(dir, MODEL));
      await writeModelsManifest({ modelsDir: dir, models: [{ name: MODEL, role: "embedder", files: MODEL_FILES }] });
      expect((await describeProvisionedModels({ modelsDir: dir })).mode).toBe("neural");
      await writeFile(path.join(dir, MODEL, "onnx/model.onnx"), "truncated");
      const status = await describeProvisionedModels({ modelsDir: dir });
      expect(status.mode).toBe("lexical");
      expect(status.models[0]).toMatchObject({ complete: false, missing: ["onnx/model.onnx"] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects a malformed manifest naming the file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mockroom-models-"));
    try {
      await writeFile(path.join(dir, "manifest.json"), JSON.stringify({ version: 1, models: [{ name: "x", role: "oracle", files: [] }] }));
      await expect(readModelsManifest({ modelsDir: dir })).rejects.toThrow(path.join(dir, "manifest.json"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("embedder device selection", () => {
  it("takes CUDA on auto only when a GPU and the CUDA provider are both present", () => {
    expect(selectDevice({ requested: "auto", probe: { gpu: "nvidia-smi", provider: true } }).device).toBe("cuda");
    expect(selectDevice({ requested: "auto", probe: { gpu: "nvidia-smi", provider: false } })).toMatchObject({
      device: "cpu", reason: expect.stringContaining("CUDA execution provider") as unknown,
    });
    expect(selectDevice({ requested: "auto", probe: { gpu: null, provider: true } })).toMatchObject({ device: "cpu", reason: "no NVIDIA GPU found" });
    expect(selectDevice({ requested: "cpu", probe: { gpu: "nvidia-smi", provider: true } }).device).toBe("cpu");
  });

  it("refuses an explicit CUDA request it cannot honour instead of silently running on the CPU", () => {
    expect(() => selectDevice({ requested: "cuda", probe: { gpu: null, provider: false } })).toThrow(/cuda.*no NVIDIA GPU/);
  });
});

describe("models:fetch", () => {
  const io = () => {
    const out = { stdout: "", stderr: "" };
    return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
  };
  const EMBEDDER = planModelsFetch()[0]!;

  it("prints the plan with --dry-run and touches neither the network nor the folder", async () => {
    const dir = path.join(modelsDir, "dry-run");
    const fakeFetch = vi.fn<typeof fetch>();
    const { out, io: sink } = io();
    expect(await runModelsFetch({ argv: ["--dry-run", "--models-dir", dir], io: sink, fetch: fakeFetch })).toBe(0);
    expect(fakeFetch).not.toHaveBeenCalled();
    expect(out.stdout).toContain(`https://huggingface.co/${EMBEDDER.name}/resolve/main/onnx/model.onnx`);
    expect(out.stdout).not.toContain("model_quantized");
    expect(await readModelsManifest({ modelsDir: dir })).toBeNull();
  });

  it("downloads every planned file, checks LFS checksums and writes a manifest the embedder loads", async () => {
    const source = path.join(modelsDir, MODEL);
    const dir = await mkdtemp(path.join(tmpdir(), "mockroom-fetch-"));
    try {
      // A stand-in hub serving the generated model's bytes, with the sha256 header the real hub sends for LFS files.
      const hub: typeof fetch = async (input) => {
        const file = String(input as string).split("/resolve/main/")[1]!;
        const bytes = await readFile(path.join(source, file));
        const headers = file.endsWith(".onnx") ? { "x-linked-etag": `"${await sha256File(path.join(source, file))}"` } : undefined;
        return new Response(new Uint8Array(bytes), { headers });
      };
      const { out, io: sink } = io();
      expect(await runModelsFetch({ argv: ["--models-dir", dir], io: sink, fetch: hub })).toBe(0);
      const manifest = await readModelsManifest({ modelsDir: dir });
      expect(manifest?.models[0]).toMatchObject({ name: EMBEDDER.name, role: "embedder" });
      expect(manifest?.models[0]?.files.map((f) => f.path)).toEqual([...EMBEDDER.files].sort());
      expect(out.stdout).toContain("manifest.json");
      const fetched = await createTransformersEmbedder({ modelsDir: dir, modelName: EMBEDDER.name, device: "cpu" });
      expect(fetched.id).toMatch(/@[0-9a-f]{8}$/);
      expect(await fetched.embed(ZH)).toEqual(await embedder.embed(ZH));

      const second = io();
      expect(await runModelsFetch({ argv: ["--models-dir", dir], io: second.io, fetch: vi.fn<typeof fetch>() })).toBe(0);
      expect(second.out.stdout).toContain(`have ${path.join(EMBEDDER.name, "onnx/model.onnx")}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a download whose checksum differs from the hub's and leaves no file behind", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mockroom-fetch-"));
    try {
      const lying: typeof fetch = () => Promise.resolve(new Response("tampered", { headers: { "x-linked-etag": "0".repeat(64) } }));
      const { out, io: sink } = io();
      expect(await runModelsFetch({ argv: ["--models-dir", dir], io: sink, fetch: lying })).toBe(1);
      expect(out.stderr).toMatch(/sha256 [0-9a-f]{64} does not match/);
      await expect(readFile(path.join(dir, EMBEDDER.name, "config.json"))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("says the machine looks offline when the hub cannot be reached", async () => {
    const offline: typeof fetch = () => Promise.reject(new TypeError("fetch failed", { cause: { code: "ENOTFOUND" } }));
    const { out, io: sink } = io();
    expect(await runModelsFetch({ argv: ["--models-dir", path.join(modelsDir, "offline")], io: sink, fetch: offline })).toBe(1);
    expect(out.stderr).toContain("cannot reach https://huggingface.co (ENOTFOUND)");
    expect(out.stderr).toContain("offline");
  });
});
