import { POWERBALL_MAX, WHITE_COUNT, WHITE_MAX } from '../../shared/powerball';
import { distinctBatch } from './batch';
import type { ModeImpl } from './types';

const UNIFORM_WHITES = new Float64Array(WHITE_MAX).fill(1);

/** Uniform quick picks: the baseline every other mode is compared with. Needs no history. */
export const randomMode: ModeImpl<null> = {
  mode: 'random',
  minDraws: 0,
  model: async () => ({ model: null, trained: false }),
  generate(_model, ctx) {
    return distinctBatch(ctx, () => ({
      white_balls: ctx.rng.sampleWithoutReplacement(UNIFORM_WHITES, WHITE_COUNT),
      powerball: ctx.rng.int(1, POWERBALL_MAX),
      confidence: 0.5,
      strategy: 'uniform',
    }));
  },
};
