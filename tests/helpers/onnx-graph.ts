/**
 * Building blocks for the ONNX graphs the tests write in code (tiny-model.ts: a BERT-shaped
 * encoder; tiny-decoder.ts: a GPT-2-shaped decoder): named initializers, nodes and attributes, and
 * seeded weights, so a graph is byte-for-byte the same every time it is written.
 */
import onnxProto, { type onnx as OnnxTypes } from "onnx-proto";

const { onnx } = onnxProto;
const { FLOAT, INT64 } = onnx.TensorProto.DataType;

/** Seeded uniform weights in [-scale, scale] (mulberry32); `state.s` advances. */
export function randomWeights(n: number, scale: number, state: { s: number }): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let t = (state.s = (state.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

export function createGraphBuilder(seed: number) {
  const nodes: OnnxTypes.INodeProto[] = [];
  const inits: OnnxTypes.ITensorProto[] = [];
  const rng = { s: seed };
  let n = 0;
  const name = (p: string) => `${p}_${n++}`;
  const f32 = (dims: number[], data: Float32Array): string => {
    const id = name("w");
    inits.push({ name: id, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    return id;
  };
  // A number is a scalar (Range and Gather-to-scalar need rank 0); an array is a 1-D tensor.
  const i64 = (values: number | number[]): string => {
    const list = Array.isArray(values) ? values : [values];
    const data = BigInt64Array.from(list.map(BigInt));
    const id = name("c");
    inits.push({ name: id, dims: Array.isArray(values) ? [list.length] : [], dataType: INT64, rawData: new Uint8Array(data.buffer) });
    return id;
  };
  const scalar = (v: number) => f32([], Float32Array.of(v));
  const op = (opType: string, inputs: string[], attrs: OnnxTypes.IAttributeProto[] = [], out = name(opType)): string => {
    nodes.push({ opType, input: inputs, output: [out], attribute: attrs, name: out });
    return out;
  };
  const ints = (nm: string, v: number[]): OnnxTypes.IAttributeProto => ({ name: nm, type: onnx.AttributeProto.AttributeType.INTS, ints: v });
  const int = (nm: string, v: number): OnnxTypes.IAttributeProto => ({ name: nm, type: onnx.AttributeProto.AttributeType.INT, i: v });
  const rand = (dims: number[], scale: number) => f32(dims, randomWeights(dims.reduce((a, b) => a * b, 1), scale, rng));
  return { nodes, inits, name, f32, i64, scalar, op, ints, int, rand };
}
