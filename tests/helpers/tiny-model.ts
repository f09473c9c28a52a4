// Writes BERT-shaped model folders by code (config, WordPiece tokenizer, ONNX graph with seeded random
// weights) so tests and the benchmark exercise the real transformers.js + onnxruntime path with nothing
// downloaded. The graph is a real encoder (embeddings, self-attention, GELU feed-forward, LayerNorm), so a
// MiniLM-L12-shaped folder costs what the real model costs on a CPU; only the weights are meaningless.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createGraphBuilder } from "./onnx-graph";
import onnxProto, { type onnx as OnnxTypes } from "onnx-proto";

// onnx-proto is CommonJS: Node's ESM loader sees only its default export.
const { onnx } = onnxProto;

export type BertShape = { layers: number; hidden: number; heads: number; intermediate: number; vocab: number };

const SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;
const BASE_WORDS = ("the a an is are of to and in for with not no by on it this that attention query key value " +
  "softmax scaling transformer token tokens embedding position model layer head heads gradient vector " +
  "encoder decoder scale dot product matrix cache lora rank fine tuning").split(" ");
const BASE_CJK = [..."的是在了不和有注意力机制查询键值缩放点积梯度向量位置编码模型层头矩阵缓存微调低秩训练推理语言大"];
const MAX_POSITIONS = 512;
const { FLOAT, INT64 } = onnx.TensorProto.DataType;

/** A tiny encoder (1 layer, 16 wide) whose whole folder is a few kB: fast enough for every unit test. */
export async function writeTinyModel(dir: string, opts: { seed?: number } = {}): Promise<void> {
  await writeBertModel({ dir, shape: { layers: 1, hidden: 16, heads: 2, intermediate: 32, vocab: 0 }, seed: opts.seed ?? 7 });
}

/** Real paraphrase-multilingual-MiniLM-L12 geometry (~130 MB of fp32 weights); `words` widens the vocab so
 * benchmark text tokenises to about one token per word instead of [UNK]-per-word. */
export async function writeMiniLmShapedModel(
  dir: string,
  shape: BertShape = { layers: 12, hidden: 384, heads: 12, intermediate: 1536, vocab: 30_000 },
  opts: { words?: string[]; seed?: number } = {},
): Promise<void> {
  await writeBertModel({ dir, shape, seed: opts.seed ?? 11, extraWords: opts.words ?? [] });
}

async function writeBertModel(o: { dir: string; shape: BertShape; seed: number; extraWords?: string[] }): Promise<void> {
  const vocab = buildVocab(o.extraWords ?? []);
  const shape = { ...o.shape, vocab: Math.max(o.shape.vocab, vocab.length) };
  await mkdir(path.join(o.dir, "onnx"), { recursive: true });
  const config = {
    model_type: "bert", architectures: ["BertModel"], hidden_size: shape.hidden, num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads, intermediate_size: shape.intermediate, vocab_size: shape.vocab,
    max_position_embeddings: MAX_POSITIONS, type_vocab_size: 2, pad_token_id: 0, hidden_act: "gelu", layer_norm_eps: 1e-12,
  };
  await writeFile(path.join(o.dir, "config.json"), JSON.stringify(config, null, 2));
  await writeFile(path.join(o.dir, "tokenizer.json"), JSON.stringify(buildTokenizerJson(vocab)));
  await writeFile(path.join(o.dir, "tokenizer_config.json"), JSON.stringify({
    tokenizer_class: "BertTokenizer", do_lower_case: true, model_max_length: MAX_POSITIONS,
    pad_token: "[PAD]", unk_token: "[UNK]", cls_token: "[CLS]", sep_token: "[SEP]", mask_token: "[MASK]",
  }));
  await writeFile(path.join(o.dir, "onnx", "model.onnx"), buildEncoderOnnx(shape, o.seed));
}

function buildVocab(extraWords: string[]): string[] {
  const seen = new Set<string>(SPECIAL);
  const out: string[] = [...SPECIAL];
  for (const w of [...BASE_WORDS, ...BASE_CJK, ...extraWords.map((w) => w.toLowerCase())]) {
    if (!w || seen.has(w)) continue;
    seen.add(w);
    out.push(w);
  }
  return out;
}

function buildTokenizerJson(vocab: string[]): unknown {
  const ids = Object.fromEntries(vocab.map((t, i) => [t, i]));
  const special = (t: string) => ({ id: ids[t], content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tok = (t: string) => ({ SpecialToken: { id: t, type_id: 0 } });
  return {
    version: "1.0", truncation: null, padding: null,
    added_tokens: SPECIAL.map(special),
    // handle_chinese_chars puts spaces around every CJK character, so each one is its own word piece.
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [tok("[CLS]"), { Sequence: { id: "A", type_id: 0 } }, tok("[SEP]")],
      pair: [tok("[CLS]"), { Sequence: { id: "A", type_id: 0 } }, tok("[SEP]"), { Sequence: { id: "B", type_id: 1 } }, { SpecialToken: { id: "[SEP]", type_id: 1 } }],
      special_tokens: Object.fromEntries(["[CLS]", "[SEP]"].map((t) => [t, { id: t, ids: [ids[t]], tokens: [t] }])),
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab: ids },
  };
}

/** mulberry32: tiny, seedable, good enough for weights whose only job is to be fixed and non-degenerate. */
function buildEncoderOnnx(shape: BertShape, seed: number): Uint8Array {
  const { hidden: H, heads, intermediate: I } = shape;
  const { nodes, inits, f32, i64, scalar, op, ints, int, rand: seeded } = createGraphBuilder(seed);
  const rand = (dims: number[], scale = 0.08) => seeded(dims, scale);
  const layerNorm = (x: string) => op("LayerNormalization", [x, f32([H], new Float32Array(H).fill(1)), f32([H], new Float32Array(H))], [int("axis", -1)]);
  const linear = (x: string, inDim: number, outDim: number) => op("Add", [op("MatMul", [x, rand([inDim, outDim])]), rand([outDim], 0.02)]);

  // Embeddings: word + position (0..seq-1) + token type, then LayerNorm.
  const seqLen = op("Gather", [op("Shape", ["input_ids"]), i64(1)]);
  const positions = op("Range", [i64(0), seqLen, i64(1)]);
  let x = op("Add", [op("Gather", [rand([shape.vocab, H], 0.5), "input_ids"]), op("Gather", [rand([MAX_POSITIONS, H], 0.1), positions])]);
  x = layerNorm(op("Add", [x, op("Gather", [rand([2, H], 0.1), "token_type_ids"])]));
  // Additive mask [batch, 1, 1, seq]: 0 where attended, -10000 on padding.
  const maskF = op("Cast", ["attention_mask"], [int("to", FLOAT)]);
  const maskBias = op("Unsqueeze", [op("Mul", [op("Sub", [scalar(1), maskF]), scalar(-10000)]), i64([1, 2])]);
  const dh = H / heads;
  const splitHeads = (t: string, perm: number[]) => op("Transpose", [op("Reshape", [t, i64([0, 0, heads, dh])])], [ints("perm", perm)]);
  for (let l = 0; l < shape.layers; l++) {
    const q = splitHeads(linear(x, H, H), [0, 2, 1, 3]);
    const k = splitHeads(linear(x, H, H), [0, 2, 3, 1]);
    const v = splitHeads(linear(x, H, H), [0, 2, 1, 3]);
    const scores = op("Add", [op("Mul", [op("MatMul", [q, k]), scalar(1 / Math.sqrt(dh))]), maskBias]);
    const ctx = op("MatMul", [op("Softmax", [scores], [int("axis", -1)]), v]);
    const merged = op("Reshape", [op("Transpose", [ctx], [ints("perm", [0, 2, 1, 3])]), i64([0, 0, H])]);
    x = layerNorm(op("Add", [x, linear(merged, H, H)]));
    const up = linear(x, H, I);
    // GELU written with Erf so it loads on any opset >= 13 (onnxruntime fuses the pattern).
    const gelu = op("Mul", [op("Mul", [up, scalar(0.5)]), op("Add", [op("Erf", [op("Div", [up, scalar(Math.SQRT2)])]), scalar(1)])]);
    x = layerNorm(op("Add", [x, linear(gelu, I, H)]));
  }
  nodes.push({ opType: "Identity", input: [x], output: ["last_hidden_state"], name: "output" });

  const dims = (...d: string[]) => ({ dim: d.map((p) => ({ dimParam: p })) });
  const input = (nm: string): OnnxTypes.IValueInfoProto => ({ name: nm, type: { tensorType: { elemType: INT64, shape: dims("batch", "seq") } } });
  const graph: OnnxTypes.IGraphProto = {
    name: "tiny-bert", node: nodes, initializer: inits,
    input: [input("input_ids"), input("attention_mask"), input("token_type_ids")],
    output: [{ name: "last_hidden_state", type: { tensorType: { elemType: FLOAT, shape: dims("batch", "seq", "hidden") } } }],
  };
  const model = { irVersion: 8, producerName: "mockroom-tests", opsetImport: [{ domain: "", version: 17 }], graph };
  return onnx.ModelProto.encode(model).finish();
}
