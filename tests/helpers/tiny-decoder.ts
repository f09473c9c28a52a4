// Writes a GPT-2-shaped decoder-only model folder by code (config, generation config, word-level
// tokenizer, ONNX graph with a real KV cache) that @huggingface/transformers' text-generation pipeline
// loads from a local folder, so tests run the real generation path (onnxruntime, cache, greedy search,
// decoding) with nothing downloaded. The graph is a real pre-LayerNorm transformer: token + position
// embeddings, causal self-attention over past + new keys, MLP, tied-free LM head.
//
// Two kinds of weights: seeded random ones (the text is meaningless but fixed), or a `script`: the
// token embeddings are one-hot and the LM head maps each token to the next one of the script, with the
// attention and MLP weights kept small, so greedy decoding after the prompt's last token (":") writes
// the script and then the end-of-text token. That lets a test pin the exact text a model produces.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createGraphBuilder } from "./onnx-graph";
import onnxProto, { type onnx as OnnxTypes } from "onnx-proto";

const { onnx } = onnxProto;
const { FLOAT, INT64 } = onnx.TensorProto.DataType;

const EOS = "<|endoftext|>";
const SPECIAL = ["[PAD]", "[UNK]", EOS] as const;
const PUNCT = [..."?:.,;!()-'\"/<>_=[]{}+*`$\\#%&|@^~"];
const WORDS = ("why does do is are the a an of to and in for with not what how when then happens softmax saturate saturates " +
  "logits logit grow grows large variance dot product products scale scaling dimension attention query key value gradients " +
  "gradient small you your answer question follow up interview language english model score perfect deserve give " +
  "candidate data untrusted point probe key reword said d_k sqrt missing weak contradicted").split(" ");
const MAX_POSITIONS = 1024;
export const TINY_DECODER_FILES = ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"];

export type TinyDecoderOptions = {
  /** Words and punctuation (space-separated, none repeated) the model writes after the prompt's final ":", e.g. "why does it grow ?". */
  script?: string;
  seed?: number;
  layers?: number;
  heads?: number;
};

/** Writes the folder; returns the vocabulary (token -> id) so a test can check what it decodes to. */
export async function writeTinyDecoder(dir: string, opts: TinyDecoderOptions = {}): Promise<Map<string, number>> {
  const script = opts.script?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  // Each token has one successor in a bigram chain: a repeated token would loop.
  if (new Set([":", ...script]).size !== script.length + 1) throw new Error(`a script may not repeat a token (or use ":"): ${opts.script}`);
  const vocab = buildVocab(script);
  const ids = new Map(vocab.map((t, i) => [t, i]));
  const heads = opts.heads ?? 4;
  // One-hot embeddings need a hidden width of at least the vocabulary; round up to a multiple of the heads.
  const hidden = Math.ceil(vocab.length / heads) * heads;
  const layers = opts.layers ?? 2;
  const eos = ids.get(EOS)!;
  await mkdir(path.join(dir, "onnx"), { recursive: true });
  const config = {
    model_type: "gpt2", architectures: ["GPT2LMHeadModel"], vocab_size: vocab.length, n_embd: hidden, n_head: heads, n_layer: layers,
    n_positions: MAX_POSITIONS, n_ctx: MAX_POSITIONS, bos_token_id: eos, eos_token_id: eos, pad_token_id: ids.get("[PAD]"), use_cache: true,
  };
  await writeFile(path.join(dir, "config.json"), JSON.stringify(config, null, 2));
  await writeFile(path.join(dir, "generation_config.json"), JSON.stringify({ bos_token_id: eos, eos_token_id: eos, pad_token_id: ids.get("[PAD]") }, null, 2));
  await writeFile(path.join(dir, "tokenizer.json"), JSON.stringify(buildTokenizerJson(ids)));
  await writeFile(path.join(dir, "tokenizer_config.json"), JSON.stringify({ tokenizer_class: "GPT2Tokenizer", model_max_length: MAX_POSITIONS, eos_token: EOS, bos_token: EOS, pad_token: "[PAD]", unk_token: "[UNK]" }));
  const chain = script.length ? [":", ...script, EOS].map((t) => ids.get(t)!) : undefined;
  await writeFile(path.join(dir, "onnx", "model.onnx"), buildDecoderOnnx({ vocab: vocab.length, hidden, heads, layers, seed: opts.seed ?? 5, chain }));
  return ids;
}

function buildVocab(script: string[]): string[] {
  const out: string[] = [];
  for (const t of [...SPECIAL, ...PUNCT, ...WORDS, ...script]) if (!out.includes(t)) out.push(t);
  return out;
}

/** Word-level pieces (WordPiece without sub-words): lowercased, split on spaces and punctuation. */
function buildTokenizerJson(ids: Map<string, number>): unknown {
  const special = (t: string) => ({ id: ids.get(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: "1.0", truncation: null, padding: null,
    added_tokens: SPECIAL.map(special),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: null,
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab: Object.fromEntries(ids) },
  };
}

/** mulberry32, as in tiny-model.ts: fixed, non-degenerate weights from a seed. */
function buildDecoderOnnx(o: { vocab: number; hidden: number; heads: number; layers: number; seed: number; chain: number[] | undefined }): Uint8Array {
  const { vocab: V, hidden: H, heads, layers } = o;
  const dh = H / heads;
  const { nodes, inits, f32, i64, scalar, op, ints, int, rand: seeded } = createGraphBuilder(o.seed);
  // Scripted weights keep the blocks quiet so the one-hot token identity survives to the LM head.
  const blockScale = o.chain ? 0.002 : 0.08;
  const rand = seeded;
  const layerNorm = (x: string) => op("LayerNormalization", [x, f32([H], new Float32Array(H).fill(1)), f32([H], new Float32Array(H))], [int("axis", -1)]);
  const linear = (x: string, inDim: number, outDim: number) => op("Add", [op("MatMul", [x, rand([inDim, outDim], blockScale)]), rand([outDim], blockScale / 4)]);

  let wte: string;
  let lmHead: string;
  if (o.chain) {
    const e = new Float32Array(V * H);
    for (let t = 0; t < V; t++) e[t * H + t] = 10;
    wte = f32([V, H], e);
    const w = new Float32Array(H * V);
    for (let i = 0; i + 1 < o.chain.length; i++) w[o.chain[i]! * V + o.chain[i + 1]!] = 1;
    lmHead = f32([H, V], w);
  } else {
    wte = rand([V, H], 0.5);
    lmHead = rand([H, V], 0.5);
  }
  let x = op("Add", [op("Gather", [wte, "input_ids"]), op("Gather", [rand([MAX_POSITIONS, H], o.chain ? 0.001 : 0.1), "position_ids"])]);

  // Causal mask over past + new positions: new token i (absolute P + i) sees keys 0..P+i, plus padding.
  const seqLen = op("Gather", [op("Shape", ["input_ids"]), i64(1)]);
  const pastLen = op("Gather", [op("Shape", ["past_key_values.0.key"]), i64(2)]);
  const total = op("Add", [pastLen, seqLen]);
  const rows = op("Unsqueeze", [op("Range", [pastLen, total, i64(1)]), i64([1])]);
  const cols = op("Unsqueeze", [op("Range", [i64(0), total, i64(1)]), i64([0])]);
  const causal = op("Where", [op("LessOrEqual", [cols, rows]), scalar(0), scalar(-10000)]);
  const pad = op("Unsqueeze", [op("Mul", [op("Sub", [scalar(1), op("Cast", ["attention_mask"], [int("to", FLOAT)])]), scalar(-10000)]), i64([1, 2])]);
  const bias = op("Add", [causal, pad]);
  const splitHeads = (t: string) => op("Transpose", [op("Reshape", [t, i64([0, 0, heads, dh])])], [ints("perm", [0, 2, 1, 3])]);

  for (let l = 0; l < layers; l++) {
    const h = layerNorm(x);
    const q = splitHeads(linear(h, H, H));
    const k = op("Concat", [`past_key_values.${l}.key`, splitHeads(linear(h, H, H))], [int("axis", 2)], `present.${l}.key`);
    const v = op("Concat", [`past_key_values.${l}.value`, splitHeads(linear(h, H, H))], [int("axis", 2)], `present.${l}.value`);
    const scores = op("Add", [op("Mul", [op("MatMul", [q, op("Transpose", [k], [ints("perm", [0, 1, 3, 2])])]), scalar(1 / Math.sqrt(dh))]), bias]);
    const ctx = op("MatMul", [op("Softmax", [scores], [int("axis", -1)]), v]);
    const merged = op("Reshape", [op("Transpose", [ctx], [ints("perm", [0, 2, 1, 3])]), i64([0, 0, H])]);
    x = op("Add", [x, linear(merged, H, H)]);
    const up = linear(layerNorm(x), H, 4 * H);
    const gelu = op("Mul", [op("Mul", [up, scalar(0.5)]), op("Add", [op("Erf", [op("Div", [up, scalar(Math.SQRT2)])]), scalar(1)])]);
    x = op("Add", [x, linear(gelu, 4 * H, H)]);
  }
  op("MatMul", [layerNorm(x), lmHead], [], "logits");

  const dims = (...d: (string | number)[]) => ({ dim: d.map((p) => (typeof p === "number" ? { dimValue: p } : { dimParam: p })) });
  const tensor = (nm: string, elemType: number, shape: ReturnType<typeof dims>): OnnxTypes.IValueInfoProto => ({ name: nm, type: { tensorType: { elemType, shape } } });
  const cacheIn: OnnxTypes.IValueInfoProto[] = [];
  const cacheOut: OnnxTypes.IValueInfoProto[] = [];
  for (let l = 0; l < layers; l++) {
    for (const kind of ["key", "value"]) {
      // transformers.js sizes the first (empty) cache from these dims: "batch_size" is known, any other name is 0.
      cacheIn.push(tensor(`past_key_values.${l}.${kind}`, FLOAT, dims("batch_size", heads, "past_sequence_length", dh)));
      cacheOut.push(tensor(`present.${l}.${kind}`, FLOAT, dims("batch_size", heads, "total_sequence_length", dh)));
    }
  }
  const graph: OnnxTypes.IGraphProto = {
    name: "tiny-gpt2", node: nodes, initializer: inits,
    input: [
      tensor("input_ids", INT64, dims("batch_size", "sequence_length")),
      tensor("attention_mask", INT64, dims("batch_size", "total_sequence_length")),
      tensor("position_ids", INT64, dims("batch_size", "sequence_length")),
      ...cacheIn,
    ],
    output: [tensor("logits", FLOAT, dims("batch_size", "sequence_length", V)), ...cacheOut],
  };
  const model = { irVersion: 8, producerName: "mockroom-tests", opsetImport: [{ domain: "", version: 17 }], graph };
  return onnx.ModelProto.encode(model).finish();
}
