/** Shared helpers for the engine benchmark: seeded ticket generation, statistics, printing. */
import { MODES, POWERBALL_MAX, WHITE_MAX, type Mode } from '../src/shared/powerball';
import type { NewTicket } from '../src/main/store/ticket-store';

/** mulberry32: a tiny, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRATEGIES: Record<Mode, readonly string[]> = {
  random_forest: ['rf_frequency', 'rf_gap_analysis', 'rf_pairs'],
  lstm: ['lstm_sequence', 'lstm_attention'],
  v1: ['v1_hot_cold', 'v1_balanced'],
  v2: ['v2_weighted', 'v2_positional', 'v2_recency'],
  hybrid: ['hybrid_ensemble', 'hybrid_consensus'],
  random: ['uniform_random'],
};

/** One batch of `size` realistic tickets for `mode`, no two alike (whites + powerball). */
export function makeBatch(rand: () => number, mode: Mode, size: number, seed: number): NewTicket[] {
  const out: NewTicket[] = [];
  const seen = new Set<string>();
  const strategies = STRATEGIES[mode];
  while (out.length < size) {
    const whites: number[] = [];
    while (whites.length < 5) {
      const n = 1 + Math.floor(rand() * WHITE_MAX);
      if (!whites.includes(n)) whites.push(n);
    }
    whites.sort((a, b) => a - b);
    const powerball = 1 + Math.floor(rand() * POWERBALL_MAX);
    const key = `${whites.join(',')}|${powerball}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      white_balls: whites,
      powerball,
      confidence: Math.round(rand() * 1e6) / 1e6,
      strategy: strategies[Math.floor(rand() * strategies.length)]!,
      metadata: { seed, rank: out.length, model_version: '1.4.2' },
    });
  }
  return out;
}

export interface Batch {
  mode: Mode;
  runId: string;
  tickets: NewTicket[];
}

/** Run ids as the pipeline makes them: `run-YYYYMMDD-HHMMSS-xxxxxx`, sortable by start time. */
export function runIdAt(ms: number, rand: () => number): string {
  const stamp = new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const hex = Math.floor(rand() * 0x1000000)
    .toString(16)
    .padStart(6, '0');
  return `run-${stamp}-${hex}`;
}

/** Runs start a minute apart from this instant (the id only; created_at comes from the clock). */
const FIRST_RUN_MS = Date.UTC(2025, 0, 1);

/**
 * `count` tickets in batches of `batchSize`, modes round-robin; one run id per round of modes
 * (a run produces one batch per mode, as the pipeline does).
 */
export function makeBatches(count: number, batchSize: number, seed: number): Batch[] {
  const rand = mulberry32(seed);
  const batches: Batch[] = [];
  let runId = '';
  for (let b = 0; b * batchSize < count; b++) {
    const mode = MODES[b % MODES.length]!;
    const size = Math.min(batchSize, count - b * batchSize);
    if (b % MODES.length === 0) runId = runIdAt(FIRST_RUN_MS + (b / MODES.length) * 60_000, rand);
    batches.push({ mode, runId, tickets: makeBatch(rand, mode, size, seed + b) });
  }
  return batches;
}

/** Nearest-rank percentile of an ascending-sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Summary statistics of raw samples (any unit). */
export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    min: sorted[0] ?? NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

/** Rounds to `digits` decimals (for JSON and printing). */
export const round = (v: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/** Fixed-width text table. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  const sep = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(head), sep, ...rows.map(line)].join('\n');
}

/** Thousands separators for big counts and rates. */
export const fmtInt = (v: number): string => Math.round(v).toLocaleString('en-US');
