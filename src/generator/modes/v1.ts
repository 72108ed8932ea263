import type { GeneratedTicket, HistoryDraw } from '../../shared/generator-protocol';
import { POWERBALL_MAX, V1_STRATEGIES, WHITE_COUNT, WHITE_MAX } from '../../shared/powerball';
import { confidence, normalize } from '../confidence';
import { counts } from '../history';
import { cachedModel, hasNumberProbs } from '../model-cache';
import { ticketKey } from './batch';
import { ModeError, type ModeContext, type ModeImpl, requireDraws } from './types';

/**
 * v1: a mix of simple, explainable strategies. Each ticket records the one that made it.
 *
 * - `frequency_weighted`: whites (without replacement) and the Powerball drawn in proportion
 *   to their (add-one smoothed) frequency over the current era.
 * - `coverage_optimizer`: whites and Powerball taken from the numbers used least so far in
 *   this batch (ties broken at random), so the batch spreads across 1..69 and 1..26.
 * - `cooccurrence`: seeded with a white pair that came up together more often than its
 *   expected pair rate (the V1_PAIR_COUNT pairs with the highest z-score, picked in proportion
 *   to (observed - expected)^2 / expected), the other three whites and the Powerball by
 *   frequency.
 * - `range_balanced`: one white from each range 1-14, 15-28, 29-42, 43-56, 57-69, each
 *   chosen by frequency within its range; Powerball by frequency.
 * - `random_baseline`: uniform quick picks (confidence exactly 0.5).
 *
 * Strategy weights: `options.v1Weights` (name -> weight >= 0). Missing or empty: equal
 * weights. Otherwise a name that is absent gets weight 0; unknown names, negative or
 * non-finite weights, or weights that are all 0 are a ModeError. The batch is split by the
 * largest-remainder method (ties to the earlier strategy in V1_STRATEGIES), so the counts
 * depend only on the weights and the batch size.
 */
export { V1_STRATEGIES };
export type V1Strategy = (typeof V1_STRATEGIES)[number];

/** White ranges of `range_balanced` (inclusive). */
export const V1_RANGES: readonly (readonly [number, number])[] = [
  [1, 14],
  [15, 28],
  [29, 42],
  [43, 56],
  [57, 69],
];

/** How many of the most over-represented pairs `cooccurrence` seeds tickets with. */
export const V1_PAIR_COUNT = 20;
const MIN_PAIR_OBSERVED = 2;

export interface V1Pair {
  a: number;
  b: number;
  /** Draws in which a and b both came up. */
  observed: number;
  /** Expected such draws given each number's own frequency. */
  expected: number;
  /** observed / expected. */
  lift: number;
  /** (observed - expected) / sqrt(expected). */
  z: number;
}

export interface V1Model {
  draws: number;
  whiteCounts: number[];
  powerballCounts: number[];
  /** P(white n drawn), smoothed frequency, sums to 5. */
  whiteProbs: number[];
  /** P(Powerball n), smoothed frequency, sums to 1. */
  powerballProbs: number[];
  /** Over-represented white pairs, most significant first (at most V1_PAIR_COUNT). */
  pairs: V1Pair[];
}

const MIN_DRAWS = 50;

export function trainV1(draws: readonly HistoryDraw[]): V1Model {
  const n = draws.length;
  const c = counts(draws);
  const whiteProbs = normalize(
    c.whites.map((x) => x + 1),
    WHITE_COUNT,
  );
  const powerballProbs = normalize(
    c.powerballs.map((x) => x + 1),
    1,
  );

  // Draws in which each pair (a < b) came up together.
  const together = new Int32Array(WHITE_MAX * WHITE_MAX);
  for (const d of draws) {
    const w = d.whites;
    for (let i = 0; i < w.length; i++) {
      for (let j = i + 1; j < w.length; j++) {
        const a = Math.min(w[i]!, w[j]!);
        const b = Math.max(w[i]!, w[j]!);
        together[(a - 1) * WHITE_MAX + (b - 1)]!++;
      }
    }
  }
  // Expected co-occurrences from the marginals: for 5 of 69 drawn uniformly this is exactly
  // N * C(67,3)/C(69,5) = N * p_a * p_b * (4/5) * (69/68).
  const pairFactor = ((WHITE_COUNT - 1) * WHITE_MAX) / (WHITE_COUNT * (WHITE_MAX - 1));
  const pairs: V1Pair[] = [];
  for (let a = 1; a <= WHITE_MAX; a++) {
    for (let b = a + 1; b <= WHITE_MAX; b++) {
      const observed = together[(a - 1) * WHITE_MAX + (b - 1)]!;
      const expected = ((c.whites[a - 1]! * c.whites[b - 1]!) / n) * pairFactor;
      if (observed < MIN_PAIR_OBSERVED || !(observed > expected) || !(expected > 0)) continue;
      pairs.push({
        a,
        b,
        observed,
        expected: round(expected),
        lift: round(observed / expected),
        z: round((observed - expected) / Math.sqrt(expected)),
      });
    }
  }
  pairs.sort((x, y) => y.z - x.z || x.a - y.a || x.b - y.b);
  if (pairs.length === 0) {
    throw new ModeError(
      `v1 found no white pair that came up together at least ${MIN_PAIR_OBSERVED} times more often than expected`,
    );
  }
  return {
    draws: n,
    whiteCounts: Array.from(c.whites),
    powerballCounts: Array.from(c.powerballs),
    whiteProbs: Array.from(whiteProbs),
    powerballProbs: Array.from(powerballProbs),
    pairs: pairs.slice(0, V1_PAIR_COUNT),
  };
}

function loadV1(json: unknown): V1Model {
  const m = json as V1Model;
  if (!hasNumberProbs(m) || !Array.isArray(m.pairs) || m.pairs.length === 0) {
    throw new Error('not a v1 model');
  }
  return m;
}

/** Strategy weights after applying the documented semantics of `options.v1Weights`. */
export function v1StrategyWeights(weights?: Record<string, number>): Record<V1Strategy, number> {
  const out = Object.fromEntries(V1_STRATEGIES.map((s) => [s, 1])) as Record<V1Strategy, number>;
  if (!weights || Object.keys(weights).length === 0) return out;
  for (const s of V1_STRATEGIES) out[s] = 0;
  for (const [name, w] of Object.entries(weights)) {
    if (!(V1_STRATEGIES as readonly string[]).includes(name)) {
      throw new ModeError(
        `v1 has no strategy "${name}" (v1Weights may name: ${V1_STRATEGIES.join(', ')})`,
      );
    }
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new ModeError(`v1 weight for ${name} must be a finite number >= 0, got ${String(w)}`);
    }
    out[name as V1Strategy] = w;
  }
  if (V1_STRATEGIES.every((s) => out[s] === 0)) {
    throw new ModeError('v1Weights give every v1 strategy weight 0');
  }
  return out;
}

/** Splits `batchSize` tickets across the strategies by weight (largest remainder). */
export function allocateV1(
  batchSize: number,
  weights?: Record<string, number>,
): Record<V1Strategy, number> {
  const w = v1StrategyWeights(weights);
  const total = V1_STRATEGIES.reduce((s, k) => s + w[k], 0);
  const quotas = V1_STRATEGIES.map((s, i) => {
    const q = (batchSize * w[s]) / total;
    return { s, i, n: Math.floor(q), frac: q - Math.floor(q) };
  });
  let left = batchSize - quotas.reduce((s, q) => s + q.n, 0);
  const order = [...quotas].sort((x, y) => y.frac - x.frac || x.i - y.i);
  for (const q of order) {
    if (left <= 0) break;
    if (w[q.s] === 0) continue;
    q.n++;
    left--;
  }
  return Object.fromEntries(quotas.map((q) => [q.s, q.n])) as Record<V1Strategy, number>;
}

// Coverage goes last so it fills the numbers the other strategies left unused.
const GENERATION_ORDER: readonly V1Strategy[] = [
  'frequency_weighted',
  'cooccurrence',
  'range_balanced',
  'random_baseline',
  'coverage_optimizer',
];

const UNIFORM_WHITES = new Float64Array(WHITE_MAX).fill(1);

/**
 * v1 tickets for `ctx.batchSize`, distinct from each other and from `prior` (tickets already
 * in the same batch, e.g. hybrid's v2 part; coverage also counts their numbers as used).
 */
export function generateV1(
  model: V1Model,
  ctx: ModeContext,
  prior: readonly GeneratedTicket[] = [],
): GeneratedTicket[] {
  const alloc = allocateV1(ctx.batchSize, ctx.options.v1Weights);
  const rng = ctx.rng;
  const whiteProbs = Float64Array.from(model.whiteProbs);
  const pbProbs = Float64Array.from(model.powerballProbs);
  const pairWeights = model.pairs.map((p) => (p.observed - p.expected) ** 2 / p.expected);
  const rangeWeights = V1_RANGES.map(([lo, hi]) => whiteProbs.slice(lo - 1, hi));

  const seen = new Set(prior.map(ticketKey));
  const whiteUse = new Int32Array(WHITE_MAX + 1);
  const pbUse = new Int32Array(POWERBALL_MAX + 1);
  const use = (t: Pick<GeneratedTicket, 'white_balls' | 'powerball'>) => {
    for (const n of t.white_balls) whiteUse[n]!++;
    pbUse[t.powerball]!++;
  };
  prior.forEach(use);

  const conf = (whites: number[], pb: number) => confidence(whites, pb, whiteProbs, pbProbs);
  const byFrequencyPb = () => rng.weighted(pbProbs) + 1;

  /** Picks from 1..max the numbers within `slack` of the least used, at random. */
  const leastUsed = (usage: Int32Array, max: number, exclude: number[], slack: number) => {
    let min = Infinity;
    for (let n = 1; n <= max; n++) if (!exclude.includes(n)) min = Math.min(min, usage[n]!);
    const pool: number[] = [];
    for (let n = 1; n <= max; n++) {
      if (!exclude.includes(n) && usage[n]! <= min + slack) pool.push(n);
    }
    return pool[rng.int(0, pool.length - 1)]!;
  };

  const makers: Record<V1Strategy, (retries: number) => GeneratedTicket> = {
    frequency_weighted: () => {
      const white_balls = rng.sampleWithoutReplacement(whiteProbs, WHITE_COUNT);
      const powerball = byFrequencyPb();
      return { white_balls, powerball, confidence: conf(white_balls, powerball), strategy: '' };
    },
    coverage_optimizer: (retries) => {
      // A repeat (rare) widens the pool so the retry can differ.
      const slack = Math.floor(retries / 3);
      const whites: number[] = [];
      for (let k = 0; k < WHITE_COUNT; k++)
        whites.push(leastUsed(whiteUse, WHITE_MAX, whites, slack));
      const white_balls = whites.sort((a, b) => a - b);
      const newWhites = white_balls.filter((n) => whiteUse[n] === 0).length;
      const powerball = leastUsed(pbUse, POWERBALL_MAX, [], slack);
      return {
        white_balls,
        powerball,
        confidence: conf(white_balls, powerball),
        strategy: '',
        metadata: { newWhites },
      };
    },
    cooccurrence: () => {
      const pair = model.pairs[rng.weighted(pairWeights)]!;
      const w = Float64Array.from(whiteProbs);
      w[pair.a - 1] = 0;
      w[pair.b - 1] = 0;
      const rest = rng.sampleWithoutReplacement(w, WHITE_COUNT - 2);
      const white_balls = [pair.a, pair.b, ...rest].sort((a, b) => a - b);
      const powerball = byFrequencyPb();
      return {
        white_balls,
        powerball,
        confidence: conf(white_balls, powerball),
        strategy: '',
        metadata: { pair: [pair.a, pair.b], pairLift: pair.lift, pairZ: pair.z },
      };
    },
    range_balanced: () => {
      const white_balls = V1_RANGES.map(([lo], i) => lo + rng.weighted(rangeWeights[i]!));
      const powerball = byFrequencyPb();
      return { white_balls, powerball, confidence: conf(white_balls, powerball), strategy: '' };
    },
    random_baseline: () => ({
      white_balls: rng.sampleWithoutReplacement(UNIFORM_WHITES, WHITE_COUNT),
      powerball: rng.int(1, POWERBALL_MAX),
      confidence: 0.5,
      strategy: '',
    }),
  };

  const out: GeneratedTicket[] = [];
  for (const strategy of GENERATION_ORDER) {
    const want = alloc[strategy];
    const maxAttempts = want * 50 + 1000;
    let made = 0;
    let retries = 0; // repeats since the last new ticket
    for (let attempt = 0; made < want; attempt++) {
      if (attempt >= maxAttempts) {
        throw new ModeError(`v1 could not make ${want} distinct ${strategy} tickets`);
      }
      const t = makers[strategy](retries);
      const key = ticketKey(t);
      if (seen.has(key)) {
        retries++;
        continue;
      }
      retries = 0;
      seen.add(key);
      use(t);
      out.push({ ...t, strategy });
      made++;
      if (out.length % 50 === 0 || out.length === ctx.batchSize) {
        ctx.progress('generate', out.length, ctx.batchSize);
      }
    }
  }
  return out;
}

export const v1Mode: ModeImpl<V1Model> = {
  mode: 'v1',
  minDraws: MIN_DRAWS,
  async model(ctx) {
    requireDraws('v1', ctx.draws.length, MIN_DRAWS);
    return cachedModel(
      ctx,
      'v1',
      1,
      () => {
        ctx.progress('train', 0, 1);
        const m = trainV1(ctx.draws);
        ctx.progress('train', 1, 1);
        return m;
      },
      { save: (m) => m, load: loadV1 },
    );
  },
  generate: (model, ctx) => generateV1(model, ctx),
};

const round = (x: number) => Math.round(x * 1e6) / 1e6;
