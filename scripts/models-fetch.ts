// `npm run models:fetch [-- --dry-run] [--quantized] [--force] [--models-dir DIR]`, on a machine with
// internet: downloads the scoring models from the Hugging Face hub into models/, checks each LFS file
// against the sha256 the hub publishes, and writes models/manifest.json. Copy the folder to offline hosts.
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { pathToFileURL } from "node:url";
import { readModelsManifest, sha256File, writeModelsManifest, type ModelEntry } from "../server/scoring/models";

export type PlannedModel = { name: string; role: ModelEntry["role"]; revision: string; files: string[] };

/**
 * paraphrase-multilingual-MiniLM-L12-v2: 50+ languages incl. Chinese and English in one 384-d space, trained
 * on paraphrase pairs (what "does this answer say the reference's point" needs), 12 small layers (CPU p50
 * within the 150 ms). We take the fp32 graph: int8 quantisation shifts cosines by ~0.01-0.03 and its
 * integer kernels are CPU-only, while fp32 also runs on the CUDA provider. `--quantized` adds the q8 file.
 */
export function planModelsFetch({ quantized = false }: { quantized?: boolean } = {}): PlannedModel[] {
  const onnx = quantized ? ["onnx/model.onnx", "onnx/model_quantized.onnx"] : ["onnx/model.onnx"];
  return [
    {
      name: "Xenova/paraphrase-multilingual-MiniLM-L12-v2",
      role: "embedder",
      revision: "main",
      files: ["config.json", "tokenizer.json", "tokenizer_config.json", ...onnx],
    },
  ];
}

type Io = { stdout: (s: string) => void; stderr: (s: string) => void };
const DEFAULT_DIR = path.resolve(import.meta.dirname, "../models");

export async function runModelsFetch(opts: { argv: string[]; io: Io; fetch?: typeof fetch; endpoint?: string }): Promise<number> {
  const { argv, io } = opts;
  const flag = (f: string) => argv.includes(f);
  const dirAt = argv.indexOf("--models-dir");
  const modelsDir = path.resolve(dirAt >= 0 ? (argv[dirAt + 1] ?? "") : DEFAULT_DIR);
  const endpoint = (opts.endpoint ?? process.env.HF_ENDPOINT ?? "https://huggingface.co").replace(/\/+$/, "");
  const plan = planModelsFetch({ quantized: flag("--quantized") });
  const url = (m: PlannedModel, f: string) => `${endpoint}/${m.name}/resolve/${m.revision}/${f}`;

  if (flag("--dry-run")) {
    io.stdout(`models:fetch plan (dry run, no network) into ${modelsDir}\n`);
    for (const m of plan) for (const f of m.files) io.stdout(`  ${m.role.padEnd(13)} ${url(m, f)} -> ${path.join(m.name, f)}\n`);
    io.stdout(`then write ${path.join(modelsDir, "manifest.json")} (sha256 and size of every file)\n`);
    return 0;
  }

  const doFetch = opts.fetch ?? fetch;
  const known = (await readModelsManifest({ modelsDir }))?.models ?? [];
  try {
    for (const m of plan) {
      for (const f of m.files) {
        const dest = path.join(modelsDir, m.name, f);
        const recorded = known.find((k) => k.name === m.name)?.files.find((k) => k.path === f);
        const size = await stat(dest).then((s) => s.size, () => -1);
        if (!flag("--force") && recorded && recorded.bytes === size) {
          io.stdout(`have ${path.join(m.name, f)}\n`);
          continue;
        }
        await downloadFile({ url: url(m, f), dest, doFetch });
        io.stdout(`got  ${path.join(m.name, f)} (${(await stat(dest)).size} bytes)\n`);
      }
    }
  } catch (err) {
    io.stderr(`models:fetch failed: ${describeFetchError(err, endpoint)}\n`);
    return 1;
  }
  const manifest = await writeModelsManifest({
    modelsDir,
    models: plan.map((m) => ({ name: m.name, role: m.role, source: `${endpoint}/${m.name}@${m.revision}`, files: m.files })),
  });
  io.stdout(`wrote ${path.join(modelsDir, "manifest.json")} (${manifest.models.length} models)\n`);
  return 0;
}

async function downloadFile(o: { url: string; dest: string; doFetch: typeof fetch }): Promise<void> {
  const res = await o.doFetch(o.url, { redirect: "follow" });
  if (!res.ok || !res.body) throw new Error(`${o.url}: HTTP ${res.status}`);
  // Written beside the target and renamed, so an interrupted run never leaves a plausible-looking file.
  const tmp = `${o.dest}.part`;
  await mkdir(path.dirname(o.dest), { recursive: true });
  await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(tmp));
  // The hub sends an LFS file's sha256 as x-linked-etag; small git files carry a git sha1 we cannot check.
  const expected = (res.headers.get("x-linked-etag") ?? "").replace(/"/g, "");
  if (/^[0-9a-f]{64}$/.test(expected)) {
    const actual = await sha256File(tmp);
    if (actual !== expected) {
      await rm(tmp, { force: true });
      throw new Error(`${o.url}: sha256 ${actual} does not match the hub's ${expected}`);
    }
  }
  await rename(tmp, o.dest);
}

export function describeFetchError(err: unknown, endpoint: string): string {
  const cause = (err as { cause?: { code?: string } } | null)?.cause?.code;
  if (err instanceof TypeError || (cause && /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH/.test(cause))) {
    return `cannot reach ${endpoint} (${cause ?? (err as Error).message}); this machine looks offline. Run models:fetch ` +
      "where there is internet and copy models/ here (see models/README.md), or set HF_ENDPOINT to a mirror.";
  }
  return err instanceof Error ? err.message : String(err);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };
  process.exitCode = await runModelsFetch({ argv: process.argv.slice(2), io });
}
