/**
 * v2's per-number probability model: one logistic regression per ball type, trained on
 * (draw t, number n) samples whose features come only from the draws before t, with label
 * "n was drawn at t". Fitted by Newton-Raphson (IRLS) with a small ridge penalty and step
 * halving: deterministic, no random initialisation, independent of any job seed.
 */

export const V2_FEATURES = [
  'freq_10',
  'freq_30',
  'freq_100',
  'freq_all',
  'recency_weighted',
  'gap_ratio',
  'log_gap',
] as const;

/** Frequency windows (draws) of freq_10, freq_30, freq_100. */
const WINDOWS = [10, 30, 100] as const;
/** Half-life, in draws, of the recency-weighted frequency. */
const HALF_LIFE = 20;
/** Samples start once this many earlier draws exist, so every window has some history. */
export const V2_WARMUP = 20;
const RIDGE = 1;
const MAX_ITER = 50;
const TOL = 1e-8;

export interface LogisticFit {
  /** Intercept first, then one coefficient per standardized feature (V2_FEATURES order). */
  coef: number[];
  mean: number[];
  std: number[];
  iterations: number;
  samples: number;
  /** Mean log-loss on the training samples, and that of the constant base rate. */
  logLoss: number;
  baseLogLoss: number;
  /** P(number n at the next draw), raw model output (index n-1). */
  next: number[];
}

/**
 * Features for every number at every draw index t in [from, T] (T = draws.length is the
 * next, unseen draw). `sets[t]` are the numbers of this ball type drawn at t.
 * Row (t - from) * max + (n - 1), V2_FEATURES.length columns.
 */
export function featureMatrix(
  sets: readonly (readonly number[])[],
  max: number,
  perDraw: number,
  from: number,
): Float64Array {
  const T = sets.length;
  const d = V2_FEATURES.length;
  const p0 = perDraw / max;
  const rows = (T - from + 1) * max;
  const x = new Float64Array(rows * d);
  // cum[t * max + n-1]: times n came up in draws 0..t-1.
  const cum = new Int32Array((T + 1) * max);
  const last = new Int32Array(max).fill(-1);
  const ewma = new Float64Array(max);
  const decay = Math.pow(0.5, 1 / HALF_LIFE);
  let ewmaNorm = 0; // expected ewma of a number at the base rate, / p0
  for (let t = 0; t <= T; t++) {
    if (t >= from) {
      const base = (t - from) * max;
      for (let i = 0; i < max; i++) {
        const r = (base + i) * d;
        let c = 0;
        for (const w of WINDOWS) {
          const len = Math.min(w, t);
          x[r + c++] = len > 0 ? (cum[t * max + i]! - cum[(t - len) * max + i]!) / (len * p0) : 1;
        }
        x[r + c++] = t > 0 ? cum[t * max + i]! / (t * p0) : 1;
        x[r + c++] = ewmaNorm > 0 ? ewma[i]! / (ewmaNorm * p0) : 1;
        const gap = last[i]! < 0 ? t : t - 1 - last[i]!;
        x[r + c++] = Math.min(gap * p0, 10);
        x[r + c] = Math.log1p(gap);
      }
    }
    if (t === T) break;
    const row = t * max;
    const next = (t + 1) * max;
    for (let i = 0; i < max; i++) {
      cum[next + i] = cum[row + i]!;
      ewma[i]! *= decay;
    }
    for (const n of sets[t]!) {
      cum[next + n - 1]!++;
      last[n - 1] = t;
      ewma[n - 1]! += 1;
    }
    ewmaNorm = ewmaNorm * decay + 1;
  }
  return x;
}

/**
 * Fits P(n drawn at t) for one ball type and predicts it for the next draw.
 * `onStep(done, total)` reports progress through the Newton iterations.
 */
export function fitLogistic(
  sets: readonly (readonly number[])[],
  max: number,
  perDraw: number,
  onStep: (done: number, total: number) => void = () => {},
): LogisticFit {
  const T = sets.length;
  const d = V2_FEATURES.length;
  const from = Math.min(V2_WARMUP, T - 1);
  const x = featureMatrix(sets, max, perDraw, from);
  const n = (T - from) * max; // training rows; the last `max` rows are the next draw
  const y = new Uint8Array(n);
  for (let t = from; t < T; t++) for (const k of sets[t]!) y[(t - from) * max + k - 1] = 1;

  // Standardize on the training rows (constant features stay 0).
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j]! += x[r * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let r = 0; r < n; r++)
    for (let j = 0; j < d; j++) std[j]! += (x[r * d + j]! - mean[j]!) ** 2;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]! / n);
  const rowsAll = x.length / d;
  const z = new Float64Array(rowsAll * (d + 1));
  for (let r = 0; r < rowsAll; r++) {
    z[r * (d + 1)] = 1;
    for (let j = 0; j < d; j++) {
      z[r * (d + 1) + j + 1] = std[j]! > 1e-12 ? (x[r * d + j]! - mean[j]!) / std[j]! : 0;
    }
  }

  const D = d + 1;
  const p0 = perDraw / max;
  const w = new Float64Array(D);
  w[0] = Math.log(p0 / (1 - p0));
  const loss = (wt: Float64Array) => {
    let s = 0;
    for (let r = 0; r < n; r++) {
      let e = 0;
      for (let j = 0; j < D; j++) e += wt[j]! * z[r * D + j]!;
      // log(1 + exp(e)) - y*e, computed stably
      s += (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) - y[r]! * e;
    }
    let pen = 0;
    for (let j = 1; j < D; j++) pen += wt[j]! ** 2;
    return s + 0.5 * RIDGE * pen;
  };

  let current = loss(w);
  const baseLoss = current;
  let iterations = 0;
  const g = new Float64Array(D);
  const H = new Float64Array(D * D);
  for (; iterations < MAX_ITER; iterations++) {
    onStep(iterations, MAX_ITER);
    g.fill(0);
    H.fill(0);
    for (let r = 0; r < n; r++) {
      const o = r * D;
      let e = 0;
      for (let j = 0; j < D; j++) e += w[j]! * z[o + j]!;
      const p = 1 / (1 + Math.exp(-e));
      const res = p - y[r]!;
      const h = p * (1 - p);
      for (let j = 0; j < D; j++) {
        const zj = z[o + j]!;
        g[j]! += res * zj;
        const hz = h * zj;
        for (let k = 0; k <= j; k++) H[j * D + k]! += hz * z[o + k]!;
      }
    }
    for (let j = 0; j < D; j++) {
      for (let k = 0; k < j; k++) H[k * D + j] = H[j * D + k]!;
      if (j > 0) {
        g[j]! += RIDGE * w[j]!;
        H[j * D + j]! += RIDGE;
      } else {
        H[0]! += 1e-9;
      }
    }
    const step = solve(H, g, D);
    let scale = 1;
    let next = new Float64Array(D);
    let nextLoss = Infinity;
    for (let half = 0; half < 30; half++) {
      next = w.map((v, j) => v - scale * step[j]!);
      nextLoss = loss(next);
      if (nextLoss <= current) break;
      scale /= 2;
    }
    if (!(nextLoss <= current)) break;
    let maxStep = 0;
    for (let j = 0; j < D; j++) maxStep = Math.max(maxStep, Math.abs(next[j]! - w[j]!));
    w.set(next);
    current = nextLoss;
    if (maxStep < TOL) {
      iterations++;
      break;
    }
  }
  onStep(MAX_ITER, MAX_ITER);

  const nextProbs: number[] = [];
  for (let i = 0; i < max; i++) {
    const o = (n + i) * D;
    let e = 0;
    for (let j = 0; j < D; j++) e += w[j]! * z[o + j]!;
    nextProbs.push(1 / (1 + Math.exp(-e)));
  }
  let pen = 0;
  for (let j = 1; j < D; j++) pen += w[j]! ** 2;
  return {
    coef: Array.from(w),
    mean,
    std,
    iterations,
    samples: n,
    logLoss: (current - 0.5 * RIDGE * pen) / n,
    baseLogLoss: baseLoss / n,
    next: nextProbs,
  };
}

/** Solves A x = b (A symmetric positive definite, n x n) by Gaussian elimination with pivoting. */
function solve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs(m[r * n + c]!) > Math.abs(m[piv * n + c]!)) piv = r;
    if (piv !== c) {
      for (let k = 0; k < n; k++) {
        const t = m[c * n + k]!;
        m[c * n + k] = m[piv * n + k]!;
        m[piv * n + k] = t;
      }
      const t = x[c]!;
      x[c] = x[piv]!;
      x[piv] = t;
    }
    const d = m[c * n + c]!;
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! / d;
      if (f === 0) continue;
      for (let k = c; k < n; k++) m[r * n + k]! -= f * m[c * n + k]!;
      x[r]! -= f * x[c]!;
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c]!;
    for (let k = c + 1; k < n; k++) s -= m[c * n + k]! * x[k]!;
    x[c] = s / m[c * n + c]!;
  }
  return x;
}
