// `npm run -s bench:scoring [-- --device cpu|auto|cuda]`: per-answer latency of scoreAnswer without a
// neural model and with an embedder of real paraphrase-multilingual-MiniLM-L12 shape (generated, random
// weights: the time is real, the similarities are not). Last line is JSON for CI and the issue note.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { quantile } from "simple-statistics";
import YAML from "yaml";
import { scoreAnswer, type Embedder, type ScoringQuestion } from "../lib/scoring/engine";
import { ZQuestionFile } from "../lib/questions/schema";
import { createTransformersEmbedder, type EmbedderDevice } from "../server/scoring/transformers-embedder";
import { writeMiniLmShapedModel } from "../tests/helpers/tiny-model";

type Case = { question: ScoringQuestion; answer: string };
type Stats = { p50: number; p95: number; answersPerSecond: number };
type Timed = (c: Case) => Promise<unknown>;
const WARMUP = 20;

async function loadCases(): Promise<Case[]> {
  const dir = path.resolve(import.meta.dirname, "../questions/llm");
  const cases: Case[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".yaml")).sort()) {
    const q = ZQuestionFile.parse(YAML.parse(await readFile(path.join(dir, file), "utf8")));
    const question: ScoringQuestion = { prompt: q.prompt, referenceAnswer: q.referenceAnswer, lang: q.lang, keyPoints: q.keyPoints, rubric: q.rubric };
    for (const answer of perturb(q.referenceAnswer, q.lang, cases.length)) cases.push({ question, answer });
  }
  return cases;
}

/** Four answers per question, like real ones: complete, partial, reordered, and half-right with a denial. */
function perturb(reference: string, lang: "zh" | "en", seed: number): string[] {
  const sentences = reference.split(lang === "zh" ? /(?<=[。！？\n])/ : /(?<=[.!?\n])\s*/).map((s) => s.trim()).filter(Boolean);
  const rotated = sentences.map((_, i) => sentences[(i * 7 + seed) % sentences.length] ?? "");
  const half = sentences.slice(0, Math.max(1, Math.ceil(sentences.length / 2)));
  const denial = lang === "zh" ? "我认为这些都不需要，也没有什么区别。" : "I do not think any of this is needed; it makes no difference.";
  return [reference, half.join(" "), rotated.join(" "), `${sentences.slice(0, 2).join(" ")} ${denial}`];
}

/** Every word and CJK character of the corpus, so the generated tokenizer emits ~one token per word. */
function corpusWords(cases: Case[]): string[] {
  const words = new Set<string>();
  for (const c of [...cases.map((x) => x.answer), ...new Set(cases.map((x) => x.question.referenceAnswer))]) {
    for (const w of c.toLowerCase().match(/[a-z0-9]+|\p{Script=Han}/gu) ?? []) words.add(w);
  }
  return [...words];
}

async function measure(cases: Case[], run: Timed): Promise<Stats> {
  for (const c of cases.slice(0, WARMUP)) await run(c);
  const times: number[] = [];
  const start = performance.now();
  for (const c of cases) {
    const t0 = performance.now();
    await run(c);
    times.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(quantile(times, 0.5)), p95: round(quantile(times, 0.95)), answersPerSecond: round((cases.length * 1000) / total) };
}

/** The modes the engine reported: an engine that ignores the embedder must not pass for a neural figure. */
function scoreWith(embedder: Embedder | undefined, modes: Set<string>): Timed {
  return async (c) => modes.add((await scoreAnswer({ ...c, embedder })).mode);
}

const argv = process.argv.slice(2);
const deviceAt = argv.indexOf("--device");
// CPU by default: the issue's latency target is for CPU, and "auto" would silently change what is measured.
const device = (deviceAt >= 0 ? argv[deviceAt + 1] : "cpu") as EmbedderDevice;
if (!["cpu", "auto", "cuda"].includes(device)) throw new Error(`--device must be cpu, auto or cuda, not ${device}`);
const cases = await loadCases();
const langs = cases.reduce((m, c) => m.set(c.question.lang ?? "?", (m.get(c.question.lang ?? "?") ?? 0) + 1), new Map<string, number>());
console.log(`bench:scoring ${cases.length} answers (${[...langs].map(([l, n]) => `${l} ${n}`).join(", ")}), warm-up ${WARMUP} per mode`);

const lexicalModes = new Set<string>();
const lexical = await measure(cases, scoreWith(undefined, lexicalModes));
console.log(`lexical  p50 ${lexical.p50} ms  p95 ${lexical.p95} ms  ${lexical.answersPerSecond} answers/s`);

const modelsDir = await mkdtemp(path.join(tmpdir(), "mockroom-bench-"));
try {
  const t0 = performance.now();
  await writeMiniLmShapedModel(path.join(modelsDir, "minilm-l12-shaped"), undefined, { words: corpusWords(cases) });
  const embedder = await createTransformersEmbedder({ modelsDir, modelName: "minilm-l12-shaped", device });
  const info = embedder.describeDevice();
  console.log(`embedder ${info.model} on ${info.device} (${info.reason}), generated and loaded in ${Math.round(performance.now() - t0)} ms`);
  const neuralModes = new Set<string>();
  const neural = { ...(await measure(cases, scoreWith(embedder, neuralModes))), engineMode: [...neuralModes].join("+") };
  console.log(`neural   p50 ${neural.p50} ms  p95 ${neural.p95} ms  ${neural.answersPerSecond} answers/s (engine mode: ${neural.engineMode})`);
  if (!neuralModes.has("neural")) console.log("warning: scoreAnswer did not use the embedder; the neural row is lexical time. See embedAnswer for the model's own cost.");
  // The model's own cost per answer (one forward pass over the answer, up to 128 tokens): the least a neural path pays.
  const embedAnswer = await measure(cases, (c) => embedder.embed([c.answer]));
  console.log(`embed    p50 ${embedAnswer.p50} ms  p95 ${embedAnswer.p95} ms  ${embedAnswer.answersPerSecond} answers/s (embedder alone, answer text)`);
  console.log(JSON.stringify({ lexical: { ...lexical, engineMode: [...lexicalModes].join("+") }, neural, embedAnswer }));
} finally {
  await rm(modelsDir, { recursive: true, force: true });
}
