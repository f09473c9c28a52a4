// The models/ folder and its manifest: what `npm run models:fetch` wrote, with sizes and checksums, so a
// stored score can name the exact weights it ran on and a half-copied folder is caught before loading.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

export const MANIFEST_FILE = "manifest.json";

export const ZModelRole = z.enum(["embedder", "cross-encoder", "generator"]);
export const ZModelEntry = z.object({
  name: z.string().min(1),
  role: ZModelRole,
  source: z.string().optional(),
  files: z.array(z.object({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() })).min(1),
});
export const ZModelsManifest = z.object({ version: z.literal(1), createdAt: z.string().optional(), models: z.array(ZModelEntry) });
export type ModelEntry = z.infer<typeof ZModelEntry>;
export type ModelsManifest = z.infer<typeof ZModelsManifest>;

/** null when there is no manifest (a hand-copied folder still loads, as `@local`); throws on a bad one. */
export async function readModelsManifest({ modelsDir }: { modelsDir: string }): Promise<ModelsManifest | null> {
  const file = path.join(modelsDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  const parsed = ZModelsManifest.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a valid models manifest: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export type ModelsStatus = {
  /** "neural" when an embedder is provisioned: the engine can add semantic similarity. */
  mode: "neural" | "lexical";
  models: { name: string; role: ModelEntry["role"]; id: string; complete: boolean; missing: string[] }[];
};

/** Which manifest models are present on disk (sizes checked, not hashes: cheap enough for /api/health). */
export async function describeProvisionedModels({ modelsDir }: { modelsDir: string }): Promise<ModelsStatus> {
  const manifest = await readModelsManifest({ modelsDir });
  const models = await Promise.all(
    (manifest?.models ?? []).map(async (m) => {
      const missing: string[] = [];
      for (const f of m.files) {
        const size = await stat(path.join(modelsDir, m.name, f.path)).then((s) => s.size, () => -1);
        if (size !== f.bytes) missing.push(f.path);
      }
      return { name: m.name, role: m.role, id: modelId(m), complete: missing.length === 0, missing };
    }),
  );
  const neural = models.some((m) => m.role === "embedder" && m.complete);
  return { mode: neural ? "neural" : "lexical", models };
}

/** `<name>@<sha8>`, the sha over the entry's file hashes, so any changed weight file changes the id. */
export function modelId(entry: Pick<ModelEntry, "name" | "files">): string {
  const h = createHash("sha256");
  for (const f of [...entry.files].sort((a, b) => a.path.localeCompare(b.path))) h.update(`${f.path}\0${f.sha256}\n`);
  return `${entry.name}@${h.digest("hex").slice(0, 8)}`;
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** Hashes the files as they lie in `modelsDir/<name>/` and writes the manifest (replacing entries by name). */
export async function writeModelsManifest(opts: {
  modelsDir: string;
  models: { name: string; role: ModelEntry["role"]; source?: string; files: string[] }[];
  now?: Date;
}): Promise<ModelsManifest> {
  const previous = (await readModelsManifest({ modelsDir: opts.modelsDir }))?.models ?? [];
  const fresh: ModelEntry[] = [];
  for (const m of opts.models) {
    const files = [];
    for (const rel of [...m.files].sort()) {
      const abs = path.join(opts.modelsDir, m.name, rel);
      files.push({ path: rel, sha256: await sha256File(abs), bytes: (await stat(abs)).size });
    }
    fresh.push({ name: m.name, role: m.role, ...(m.source ? { source: m.source } : {}), files });
  }
  const names = new Set(fresh.map((m) => m.name));
  const manifest: ModelsManifest = {
    version: 1,
    createdAt: (opts.now ?? new Date()).toISOString(),
    models: [...previous.filter((m) => !names.has(m.name)), ...fresh].sort((a, b) => a.name.localeCompare(b.name)),
  };
  await writeFile(path.join(opts.modelsDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
