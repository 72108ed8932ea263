import type { HistoryDraw } from '../../shared/generator-protocol';
import { POWERBALL_MAX, WHITE_COUNT, WHITE_MAX } from '../../shared/powerball';
import { normalize } from '../confidence';
import {
  engineer,
  FEATURE_COUNT,
  FEATURE_NAMES,
  POWERBALL_POOL,
  WHITE_POOL,
  type Pool,
} from '../forest/features';
import { predictForest, trainForest, type ForestParams } from '../forest/forest';
import { cachedModel } from '../model-cache';
import { Rng } from '../rng';
import { distinctBatch, sampleTicket } from './batch';
import { requireDraws, type ModeImpl } from './types';

/**
 * random_forest: one random-forest classifier for the whites and one for the Powerball, each
 * trained on "was number n drawn at draw t?" over the last TRAIN_WINDOW draws, with features
 * computed only from the draws before t (rolling frequencies, gap, parity, range bucket and
 * the previous draws' sum, odd count and overlap; see ../forest/features.ts). The forests then
 * score every number as of now; tickets are drawn from those probabilities.
 */

/** Bumped whenever the features, the forest or the saved format change. */
const MODEL_VERSION = 1;
/** Target draws the forests learn from (the most recent ones). */
const TRAIN_WINDOW = 500;
/** Draws before the first target, so every target has some history behind it. */
const WARMUP = 50;
const MIN_DRAWS = 150;

/**
 * ~35k white rows (500 draws x 69) and 13k Powerball rows. Large leaves keep the leaf estimates
 * of a rare label (7% and 4%) from chasing noise; mtry 4 of 12 features is about sqrt.
 */
const PARAMS: Record<Pool['name'], ForestParams> = {
  whites: { trees: 60, maxDepth: 8, minLeaf: 100, mtry: 4, bins: 32 },
  powerball: { trees: 60, maxDepth: 8, minLeaf: 60, mtry: 4, bins: 32 },
};

export interface PoolSummary {
  trainRows: number;
  trees: number;
  /** Out-of-bag log loss against that of always predicting the base rate (lower is better). */
  oobLogLoss: number;
  baseLogLoss: number;
  /** Share of the gini decrease per feature. */
  importance: Record<string, number>;
}

export interface ForestModel {
  /** Predicted chance of each white for the next draw (index n-1), summing to 5. */
  whiteProbs: Float64Array;
  /** Predicted chance of each Powerball (index n-1), summing to 1. */
  powerballProbs: Float64Array;
  whites: PoolSummary;
  powerball: PoolSummary;
}

export const randomForestMode: ModeImpl<ForestModel> = {
  mode: 'random_forest',
  minDraws: MIN_DRAWS,
  model: (ctx) =>
    cachedModel(
      ctx,
      'random_forest',
      MODEL_VERSION,
      () =>
        trainForestModel(ctx.draws, ctx.drawsKey, (done, total) =>
          ctx.progress('train', done, total),
        ),
      FOREST_CODEC,
    ),
  generate(model, ctx) {
    const { whiteProbs, powerballProbs } = model;
    const topWhites = topNumbers(whiteProbs, WHITE_COUNT);
    const topPowerball = topNumbers(powerballProbs, 1)[0]!;
    return distinctBatch(ctx, () => ({
      ...sampleTicket(ctx, whiteProbs, powerballProbs),
      strategy: 'forest_probability',
      metadata: { top_whites: topWhites.slice(), top_powerball: topPowerball },
    }));
  },
};

/**
 * Trains both forests and scores the next draw. Deterministic: the forests' Rng is seeded from
 * the draws' key, never the job seed, so the same history always gives the same model.
 */
export function trainForestModel(
  draws: readonly HistoryDraw[],
  drawsKey: string,
  progress: (done: number, total: number) => void = () => {},
): ForestModel {
  requireDraws('random_forest', draws.length, MIN_DRAWS);
  const seed = Number.parseInt(drawsKey.slice(0, 8), 16) >>> 0;
  const totalTrees = PARAMS.whites.trees + PARAMS.powerball.trees;
  const from = Math.max(WARMUP, draws.length - TRAIN_WINDOW);

  const fit = (pool: Pool, treesBefore: number) => {
    const data = engineer(draws, pool, from);
    const report = trainForest(
      data.train.columns,
      data.train.labels,
      PARAMS[pool.name],
      Rng.derive(seed, `forest:${pool.name}`),
      (done) => progress(treesBefore + done, totalTrees),
    );
    const probs = predictForest(report.forest, data.now.columns, data.now.rows);
    const summary: PoolSummary = {
      trainRows: data.train.rows,
      trees: PARAMS[pool.name].trees,
      oobLogLoss: round(report.oobLogLoss),
      baseLogLoss: round(report.baseLogLoss),
      importance: Object.fromEntries(
        FEATURE_NAMES.map((name, f) => [name, round(report.importance[f]!)]),
      ),
    };
    return { probs, summary };
  };

  const whites = fit(WHITE_POOL, 0);
  const powerball = fit(POWERBALL_POOL, PARAMS.whites.trees);
  return {
    whiteProbs: normalize(whites.probs, WHITE_COUNT),
    powerballProbs: normalize(powerball.probs, 1),
    whites: whites.summary,
    powerball: powerball.summary,
  };
}

/** Saved as plain JSON; a file that does not look like this model is retrained. */
const FOREST_CODEC = {
  save: (m: ForestModel) => ({
    whiteProbs: Array.from(m.whiteProbs),
    powerballProbs: Array.from(m.powerballProbs),
    whites: m.whites,
    powerball: m.powerball,
  }),
  load(json: unknown): ForestModel {
    const j = json as Partial<Record<keyof ForestModel, unknown>>;
    return {
      whiteProbs: probVector(j.whiteProbs, WHITE_MAX, WHITE_COUNT),
      powerballProbs: probVector(j.powerballProbs, POWERBALL_MAX, 1),
      whites: summary(j.whites),
      powerball: summary(j.powerball),
    };
  },
};

function probVector(v: unknown, length: number, sum: number): Float64Array {
  if (
    !Array.isArray(v) ||
    v.length !== length ||
    !v.every((x) => typeof x === 'number' && x > 0 && isFinite(x))
  ) {
    throw new Error('bad probability vector');
  }
  const out = Float64Array.from(v as number[]);
  if (Math.abs(out.reduce((a, b) => a + b, 0) - sum) > 1e-6)
    throw new Error('probabilities do not sum up');
  return out;
}

function summary(s: unknown): PoolSummary {
  const p = s as PoolSummary | undefined;
  if (!p || typeof p.trainRows !== 'number' || typeof p.importance !== 'object')
    throw new Error('bad summary');
  if (Object.keys(p.importance).length !== FEATURE_COUNT) throw new Error('bad summary');
  return p;
}

/** The k numbers with the highest probability, ascending. */
function topNumbers(probs: Float64Array, k: number): number[] {
  return Array.from(probs, (p, i) => ({ p, n: i + 1 }))
    .sort((a, b) => b.p - a.p || a.n - b.n)
    .slice(0, k)
    .map((x) => x.n)
    .sort((a, b) => a - b);
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
