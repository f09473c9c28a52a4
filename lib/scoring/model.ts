import { z } from "zod";
import { FEATURE_NAMES } from "./features";

/**
 * The learned combination: ridge regression on standardized features, predicting the 0-5 grade.
 * Small on purpose — a dozen coefficients generalise to unseen questions better than a model that can
 * memorise the training questions, and a reviewer can read it.
 */

/** The fields of a ridge model on standardized inputs, as stored: the scoring weights and the learned calibrator are both one. */
export const LINEAR_MODEL_FIELDS = {
  // Input names; an input the model does not get reads as its training mean.
  features: z.array(z.string()),
  mean: z.array(z.number()),
  scale: z.array(z.number()),
  coef: z.array(z.number()),
  intercept: z.number(),
};
export type LinearModel = z.infer<z.ZodObject<typeof LINEAR_MODEL_FIELDS>>;

/** One mean, scale and coefficient per input: a weights file that fails this would predict garbage, not fail. */
export const withLinearModelChecks = <S extends z.ZodType<LinearModel>>(schema: S) =>
  schema.refine((m) => m.mean.length === m.features.length && m.scale.length === m.features.length && m.coef.length === m.features.length, "one mean, scale and coefficient per feature");

export const ZScoringWeights = withLinearModelChecks(
  z.object({
    model: z.literal("ridge"),
    // Names of base features (features.ts) or peer features (peer-signals.ts).
    ...LINEAR_MODEL_FIELDS,
    lambda: z.number(),
    idf: z.object({ docs: z.number().int().nonnegative(), df: z.record(z.string(), z.number()) }),
    trainedOn: z.object({ dataset: z.string(), rows: z.number().int(), questions: z.number().int() }),
  }),
);
export type ScoringWeights = z.infer<typeof ZScoringWeights>;

export type FeatureValues = Readonly<Record<string, number>>;

/** The model's output before any clamping; an input it does not get reads as its training mean. */
export function linearPredict(model: LinearModel, values: Readonly<Partial<Record<string, number>>>): number {
  let y = model.intercept;
  model.features.forEach((name, i) => {
    const x = values[name] ?? model.mean[i]!;
    y += (model.coef[i]! * (x - model.mean[i]!)) / (model.scale[i]! || 1);
  });
  return y;
}

export function predictScore(weights: ScoringWeights, features: FeatureValues): number {
  return Math.min(5, Math.max(0, linearPredict(weights, features)));
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and symmetric positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

export function fitRidge(opts: {
  features: FeatureValues[];
  targets: number[];
  lambda: number;
  idf: ScoringWeights["idf"];
  trainedOn: ScoringWeights["trainedOn"];
  names?: readonly string[];
}): ScoringWeights {
  const names = opts.names ?? FEATURE_NAMES;
  const rows = opts.features.map((f) => names.map((name) => f[name] ?? 0));
  const n = rows.length;
  const d = names.length;
  const mean = names.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
  // A feature constant over the training rows gets scale 1 and so contributes nothing.
  const scale = names.map((_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / n) || 1);
  const z = rows.map((r) => r.map((v, j) => (v - mean[j]!) / scale[j]!));
  const ym = opts.targets.reduce((s, y) => s + y, 0) / n;
  const xtx = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => z.reduce((s, r) => s + r[i]! * r[j]!, 0) + (i === j ? opts.lambda : 0)));
  const xty = Array.from({ length: d }, (_, i) => z.reduce((s, r, k) => s + r[i]! * (opts.targets[k]! - ym), 0));
  const coef = solve(xtx, xty);
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    model: "ridge",
    features: [...names],
    mean: mean.map(round),
    scale: scale.map(round),
    coef: coef.map(round),
    intercept: round(ym),
    lambda: opts.lambda,
    idf: opts.idf,
    trainedOn: opts.trainedOn,
  };
}
