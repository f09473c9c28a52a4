/**
 * Agreement metrics between engine scores and human grades, as the eval prints them. Pooled over all
 * answers (not averaged per question), which is how the Mohler results in the literature are quoted.
 */

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // A constant series has no correlation with anything; 0 keeps reports finite.
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Ranks starting at 1, ties sharing their average rank. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

export function spearman(xs: readonly number[], ys: readonly number[]): number {
  return pearson(ranks(xs), ranks(ys));
}

export function rmse(xs: readonly number[], ys: readonly number[]): number {
  return Math.sqrt(mean(xs.map((x, i) => (x - ys[i]!) ** 2)));
}

/** Quadratic weighted kappa on grades rounded to the integers 0..max (half up). */
export function quadraticWeightedKappa(xs: readonly number[], ys: readonly number[], max = 5): number {
  const k = max + 1;
  const grade = (v: number) => Math.min(max, Math.max(0, Math.floor(v + 0.5)));
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const histX = new Array<number>(k).fill(0);
  const histY = new Array<number>(k).fill(0);
  for (let i = 0; i < xs.length; i++) {
    const a = grade(xs[i]!);
    const b = grade(ys[i]!);
    observed[a]![b]! += 1;
    histX[a]! += 1;
    histY[b]! += 1;
  }
  const n = xs.length;
  let num = 0;
  let den = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const w = (a - b) ** 2 / (max * max);
      num += w * observed[a]![b]!;
      den += (w * histX[a]! * histY[b]!) / n;
    }
  }
  return den === 0 ? (num === 0 ? 1 : 0) : 1 - num / den;
}

export type Agreement = { n: number; pearson: number; spearman: number; qwk: number; rmse: number };

export function measureAgreement(predicted: readonly number[], human: readonly number[]): Agreement {
  const r = (v: number) => Math.round(v * 1e4) / 1e4;
  return { n: predicted.length, pearson: r(pearson(predicted, human)), spearman: r(spearman(predicted, human)), qwk: r(quadraticWeightedKappa(predicted, human)), rmse: r(rmse(predicted, human)) };
}
