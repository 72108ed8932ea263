import type { HistoryDraw } from '../../shared/generator-protocol';
import { POWERBALL_MAX, WHITE_MAX } from '../../shared/powerball';

/** Which numbers of a draw a forest learns: the whites (5 of 69) or the Powerball (1 of 26). */
export interface Pool {
  readonly name: 'whites' | 'powerball';
  readonly size: number;
  /** Width of the range buckets (decades for the whites). */
  readonly bucket: number;
  numbers(d: HistoryDraw): readonly number[];
}

export const WHITE_POOL: Pool = {
  name: 'whites',
  size: WHITE_MAX,
  bucket: 10,
  numbers: (d) => d.whites,
};
export const POWERBALL_POOL: Pool = {
  name: 'powerball',
  size: POWERBALL_MAX,
  bucket: 5,
  numbers: (d) => [d.powerball],
};

/** Rolling-frequency windows, in draws. */
export const WINDOWS = [5, 10, 25, 50, 100, 200] as const;

export const FEATURE_NAMES = [
  ...WINDOWS.map((w) => `freq_${w}`),
  'gap',
  'parity',
  'range',
  'prev_sum',
  'prev_odd',
  'last_overlap',
] as const;

export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Column-major feature table: `columns[f][row]`. */
export interface FeatureTable {
  columns: Float64Array[];
  rows: number;
}

export interface EngineeredData {
  /** One row per (target draw t, number n), rows ordered by t then n; label = n drawn at t. */
  train: FeatureTable & { labels: Uint8Array; targets: number };
  /** The same features "as of now" (after the last draw): row n-1 is number n. */
  now: FeatureTable;
}

/**
 * Features of every number for each target draw t in [from, draws.length), computed only from
 * draws[0..t), plus the features as of now (t = draws.length). One forward pass over the history.
 */
export function engineer(draws: readonly HistoryDraw[], pool: Pool, from: number): EngineeredData {
  const total = draws.length;
  if (from < 2 || from > total) throw new RangeError(`training starts at draw ${from} of ${total}`);
  const size = pool.size;

  // cum[t * size + n - 1] = appearances of n in draws[0..t).
  const cum = new Int32Array((total + 1) * size);
  for (let t = 0; t < total; t++) {
    cum.set(cum.subarray(t * size, (t + 1) * size), (t + 1) * size);
    for (const n of pool.numbers(draws[t]!)) cum[(t + 1) * size + n - 1]!++;
  }

  const targets = total - from;
  const trainRows = targets * size;
  const train = {
    columns: Array.from({ length: FEATURE_COUNT }, () => new Float64Array(trainRows)),
    labels: new Uint8Array(trainRows),
    rows: trainRows,
    targets,
  };
  const now: FeatureTable = {
    columns: Array.from({ length: FEATURE_COUNT }, () => new Float64Array(size)),
    rows: size,
  };

  // lastSeen[n-1] = index of the latest draw before t holding n, or -1.
  const lastSeen = new Int32Array(size).fill(-1);
  for (let t = 0; t <= total; t++) {
    if (t >= from) {
      const table = t < total ? train : now;
      const base = t < total ? (t - from) * size : 0;
      writeRows(table.columns, base, t, draws, pool, cum, lastSeen);
      if (t < total) for (const n of pool.numbers(draws[t]!)) train.labels[base + n - 1] = 1;
    }
    if (t < total) for (const n of pool.numbers(draws[t]!)) lastSeen[n - 1] = t;
  }
  return { train, now };
}

function writeRows(
  columns: Float64Array[],
  base: number,
  t: number,
  draws: readonly HistoryDraw[],
  pool: Pool,
  cum: Int32Array,
  lastSeen: Int32Array,
): void {
  const size = pool.size;
  const prev = draws[t - 1]!.whites;
  const before = draws[t - 2]!.whites;
  let prevSum = 0;
  let prevOdd = 0;
  let overlap = 0;
  for (const n of prev) {
    prevSum += n;
    prevOdd += n % 2;
    if (before.includes(n)) overlap++;
  }
  const w0 = WINDOWS.length;
  for (let i = 0; i < size; i++) {
    const row = base + i;
    const n = i + 1;
    for (let k = 0; k < w0; k++) {
      const w = Math.min(WINDOWS[k]!, t);
      columns[k]![row] = (cum[t * size + i]! - cum[(t - w) * size + i]!) / w;
    }
    columns[w0]![row] = lastSeen[i]! >= 0 ? t - 1 - lastSeen[i]! : t;
    columns[w0 + 1]![row] = n % 2;
    columns[w0 + 2]![row] = Math.floor((n - 1) / pool.bucket);
    columns[w0 + 3]![row] = prevSum;
    columns[w0 + 4]![row] = prevOdd;
    columns[w0 + 5]![row] = overlap;
  }
}
