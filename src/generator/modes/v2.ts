import type { GeneratedTicket } from '../../shared/generator-protocol';
import { POWERBALL_MAX, WHITE_COUNT, WHITE_MAX } from '../../shared/powerball';
import { confidence, normalize } from '../confidence';
import { cachedModel, hasNumberProbs } from '../model-cache';
import { fitLogistic, V2_FEATURES, type LogisticFit } from '../v2/logistic';
import { ticketKey } from './batch';
import { ModeError, type ModeContext, type ModeImpl, requireDraws } from './types';

/**
 * v2: a per-number probability model of the next draw (see ../v2/logistic.ts) over
 * frequency in several windows, recency-weighted frequency and the gap since each number was
 * last seen; one logistic regression for the whites (69) and one for the Powerball (26).
 *
 * Generation samples at least 20 x batchSize candidate tickets from the predicted
 * probabilities (whites without replacement), scores each by the sum of the log-probabilities
 * of its six balls, and selects greedily: at each step the candidate with the best score minus
 * a diversity penalty (numbers used in the batch more often than their model share), among
 * those sharing at most 2 whites with every ticket already chosen. If no candidate meets the limit it is relaxed by one (3, 4, 5)
 * and the relaxation is recorded in each ticket's metadata; tickets are always distinct.
 */

export interface V2Model {
  features: readonly string[];
  draws: number;
  /** P(white n in the next draw), normalized to sum 5. */
  whiteProbs: number[];
  /** P(Powerball n in the next draw), normalized to sum 1. */
  powerballProbs: number[];
  whites: Omit<LogisticFit, 'next'>;
  powerball: Omit<LogisticFit, 'next'>;
}

const MIN_DRAWS = 100;
/** Candidates per ticket of the batch (and a floor for small batches). */
export const V2_CANDIDATES_PER_TICKET = 20;
const MIN_CANDIDATES = 1000;
/** The most whites two tickets of a batch may share, before any relaxation. */
export const V2_OVERLAP_LIMIT = 2;
/**
 * Score penalty per use of a white / of the Powerball in the batch beyond its model share
 * (k * p after k tickets); below its share it is a bonus of the same size.
 */
const WHITE_REUSE_PENALTY = 0.2;
const POWERBALL_REUSE_PENALTY = 0.1;

export function trainV2(
  draws: ModeContext['draws'],
  onProgress: (done: number, total: number) => void = () => {},
): V2Model {
  const steps = 100; // 0..50 whites, 50..100 Powerball
  const whiteFit = fitLogistic(
    draws.map((d) => d.whites),
    WHITE_MAX,
    WHITE_COUNT,
    (done, total) => onProgress(Math.round((done / total) * 50), steps),
  );
  const pbFit = fitLogistic(
    draws.map((d) => [d.powerball]),
    POWERBALL_MAX,
    1,
    (done, total) => onProgress(50 + Math.round((done / total) * 50), steps),
  );
  const strip = ({ next: _next, ...fit }: LogisticFit) => fit;
  return {
    features: [...V2_FEATURES],
    draws: draws.length,
    whiteProbs: Array.from(normalize(whiteFit.next, WHITE_COUNT)),
    powerballProbs: Array.from(normalize(pbFit.next, 1)),
    whites: strip(whiteFit),
    powerball: strip(pbFit),
  };
}

function loadV2(json: unknown): V2Model {
  if (!hasNumberProbs(json)) throw new Error('not a v2 model');
  return json as V2Model;
}

export function generateV2(model: V2Model, ctx: ModeContext): GeneratedTicket[] {
  const B = ctx.batchSize;
  if (B === 0) return [];
  const rng = ctx.rng;
  const whiteProbs = Float64Array.from(model.whiteProbs);
  const pbProbs = Float64Array.from(model.powerballProbs);
  const logW = whiteProbs.map(Math.log);
  const logPb = pbProbs.map(Math.log);

  // Candidates, de-duplicated: whites (5 per candidate), Powerball, log-probability score.
  const target = Math.max(V2_CANDIDATES_PER_TICKET * B, MIN_CANDIDATES);
  // More than `target` are sampled only while fewer than B are distinct, so U <= target.
  const cWhites = new Uint8Array(target * WHITE_COUNT);
  const cPb = new Uint8Array(target);
  const cScore = new Float64Array(target);
  const cShare = new Float64Array(target); // sum of the whites' probabilities
  const keys = new Set<string>();
  let U = 0;
  let sampled = 0;
  const maxSampled = target * 50;
  while (sampled < target || U < B) {
    if (sampled >= maxSampled) {
      throw new ModeError(`v2 found only ${U} distinct candidates for ${B} tickets`);
    }
    sampled++;
    const white_balls = rng.sampleWithoutReplacement(whiteProbs, WHITE_COUNT);
    const powerball = rng.weighted(pbProbs) + 1;
    const key = ticketKey({ white_balls, powerball });
    if (keys.has(key)) continue;
    keys.add(key);
    let score = logPb[powerball - 1]!;
    let share = 0;
    for (let k = 0; k < WHITE_COUNT; k++) {
      const n = white_balls[k]!;
      cWhites[U * WHITE_COUNT + k] = n;
      score += logW[n - 1]!;
      share += whiteProbs[n - 1]!;
    }
    cPb[U] = powerball;
    cScore[U] = score;
    cShare[U] = share;
    U++;
  }
  ctx.progress('generate', 0, B);

  // Greedy selection under the shared-whites limit. Diversity: a number used more often in
  // the batch than its model share (k * p after k tickets) costs, one used less gains.
  const pbShare = new Float64Array(POWERBALL_MAX + 1);
  for (let n = 1; n <= POWERBALL_MAX; n++) pbShare[n] = pbProbs[n - 1]!;
  const maxShared = new Uint8Array(U);
  const taken = new Uint8Array(U);
  const whiteUse = new Float64Array(WHITE_MAX + 1);
  const pbUse = new Float64Array(POWERBALL_MAX + 1);
  const marker = new Uint8Array(WHITE_MAX + 1);
  const chosen: { index: number; limit: number }[] = [];
  const relaxations: { limit: number; atTicket: number }[] = [];
  // Candidates still within the limit, in index order; those over it wait in `parked`.
  let active = new Int32Array(U).map((_, i) => i);
  let nActive = U;
  const parked: number[] = [];
  let limit = V2_OVERLAP_LIMIT;
  let last = -1;
  while (chosen.length < B) {
    const k = chosen.length;
    if (last >= 0)
      for (let j = 0; j < WHITE_COUNT; j++) marker[cWhites[last * WHITE_COUNT + j]!] = 1;
    let best = -1;
    let bestValue = -Infinity;
    let kept = 0;
    for (let r = 0; r < nActive; r++) {
      const c = active[r]!;
      if (taken[c]) continue;
      const o = c * WHITE_COUNT;
      const w0 = cWhites[o]!;
      const w1 = cWhites[o + 1]!;
      const w2 = cWhites[o + 2]!;
      const w3 = cWhites[o + 3]!;
      const w4 = cWhites[o + 4]!;
      if (last >= 0) {
        const shared = marker[w0]! + marker[w1]! + marker[w2]! + marker[w3]! + marker[w4]!;
        if (shared > maxShared[c]!) {
          maxShared[c] = shared;
          if (shared > limit) {
            parked.push(c);
            continue;
          }
        }
      }
      active[kept++] = c;
      const pb = cPb[c]!;
      const whiteExcess =
        whiteUse[w0]! +
        whiteUse[w1]! +
        whiteUse[w2]! +
        whiteUse[w3]! +
        whiteUse[w4]! -
        k * cShare[c]!;
      const pbExcess = pbUse[pb]! - k * pbShare[pb]!;
      const value =
        cScore[c]! - WHITE_REUSE_PENALTY * whiteExcess - POWERBALL_REUSE_PENALTY * pbExcess;
      if (value > bestValue) {
        bestValue = value;
        best = c;
      }
    }
    nActive = kept;
    if (last >= 0) marker.fill(0);
    last = -1;
    if (best < 0) {
      // Nothing left within the limit: relax it (distinct candidates always fit at 5).
      if (limit >= WHITE_COUNT || parked.length === 0) {
        throw new ModeError(`v2 ran out of candidates after ${chosen.length} tickets`);
      }
      limit++;
      relaxations.push({ limit, atTicket: chosen.length });
      // Parked candidates missed the tickets chosen since they were parked: recount.
      const back: number[] = [];
      const stay: number[] = [];
      for (const c of parked) {
        let most = 0;
        for (const { index } of chosen) {
          let shared = 0;
          for (let a = 0; a < WHITE_COUNT; a++) {
            for (let b = 0; b < WHITE_COUNT; b++) {
              if (cWhites[c * WHITE_COUNT + a] === cWhites[index * WHITE_COUNT + b]) shared++;
            }
          }
          if (shared > most) most = shared;
        }
        maxShared[c] = most;
        (most > limit ? stay : back).push(c);
      }
      parked.length = 0;
      parked.push(...stay);
      active = Int32Array.from([...active.subarray(0, nActive), ...back]).sort();
      nActive = active.length;
      continue;
    }
    taken[best] = 1;
    for (let j = 0; j < WHITE_COUNT; j++) whiteUse[cWhites[best * WHITE_COUNT + j]!]!++;
    pbUse[cPb[best]!]!++;
    chosen.push({ index: best, limit });
    last = best;
    if (chosen.length % 50 === 0 || chosen.length === B) ctx.progress('generate', chosen.length, B);
  }

  return chosen.map(({ index, limit: selectedAtLimit }) => {
    const white_balls = Array.from(
      cWhites.subarray(index * WHITE_COUNT, (index + 1) * WHITE_COUNT),
    );
    const powerball = cPb[index]!;
    return {
      white_balls,
      powerball,
      confidence: confidence(white_balls, powerball, whiteProbs, pbProbs),
      strategy: 'v2_probability',
      metadata: {
        logProb: Math.round(cScore[index]! * 1e4) / 1e4,
        candidates: sampled,
        distinctCandidates: U,
        maxSharedWhites: limit,
        selectedAtLimit,
        overlapRelaxed: relaxations.length > 0,
        ...(relaxations.length > 0 ? { relaxations } : {}),
      },
    };
  });
}

export const v2Mode: ModeImpl<V2Model> = {
  mode: 'v2',
  minDraws: MIN_DRAWS,
  async model(ctx) {
    requireDraws('v2', ctx.draws.length, MIN_DRAWS);
    return cachedModel(
      ctx,
      'v2',
      1,
      () => trainV2(ctx.draws, (done, total) => ctx.progress('train', done, total)),
      { save: (m) => m, load: loadV2 },
    );
  },
  generate: (model, ctx) => generateV2(model, ctx),
};
