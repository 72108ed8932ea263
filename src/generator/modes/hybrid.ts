import type { GeneratedTicket } from '../../shared/generator-protocol';
import { Rng } from '../rng';
import { ModeError, type ModeContext, type ModeImpl, requireDraws } from './types';
import { generateV1, v1Mode, type V1Model } from './v1';
import { generateV2, v2Mode, type V2Model } from './v2';

/**
 * hybrid: v2 and v1 tickets in one batch, `options.hybridRatio` of them (rounded) from v2
 * (default 0.7), the rest from v1. Uses the cached v1 and v2 models; the v2 part is made
 * first, then the v1 part distinct from it (and its coverage counts the v2 numbers as used).
 * Each part draws from its own Rng derived from ctx.rng, so the batch is reproducible.
 * Tickets keep their own model's confidence and are tagged `hybrid:<strategy>` with
 * `metadata.source` 'v2' | 'v1'.
 */

export interface HybridModel {
  v1: V1Model;
  v2: V2Model;
}

export const HYBRID_DEFAULT_RATIO = 0.7;
const MIN_DRAWS = Math.max(v1Mode.minDraws, v2Mode.minDraws);

/** The v2 share: the option if set (must be in 0..1), else the default. */
export function hybridRatio(ratio: number | undefined): number {
  if (ratio == null) return HYBRID_DEFAULT_RATIO;
  if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new ModeError(`hybrid ratio must be a number from 0 to 1, got ${String(ratio)}`);
  }
  return ratio;
}

export const hybridMode: ModeImpl<HybridModel> = {
  mode: 'hybrid',
  minDraws: MIN_DRAWS,
  async model(ctx) {
    requireDraws('hybrid', ctx.draws.length, MIN_DRAWS);
    const v2 = await v2Mode.model(ctx);
    const v1 = await v1Mode.model(ctx);
    return { model: { v1: v1.model, v2: v2.model }, trained: v1.trained || v2.trained };
  },
  generate(model, ctx) {
    const ratio = hybridRatio(ctx.options.hybridRatio);
    const v2Count = Math.round(ctx.batchSize * ratio);
    const v1Count = ctx.batchSize - v2Count;
    const v2Rng = Rng.derive(ctx.rng.int(0, 0xffffffff), 'hybrid:v2');
    const v1Rng = Rng.derive(ctx.rng.int(0, 0xffffffff), 'hybrid:v1');
    const part = (rng: Rng, batchSize: number, offset: number): ModeContext => ({
      ...ctx,
      rng,
      batchSize,
      progress: (phase, done) => ctx.progress(phase, offset + done, ctx.batchSize),
    });
    const v2 = generateV2(model.v2, part(v2Rng, v2Count, 0));
    const v1 = generateV1(model.v1, part(v1Rng, v1Count, v2Count), v2);
    const tag = (t: GeneratedTicket, source: 'v1' | 'v2'): GeneratedTicket => ({
      ...t,
      strategy: `hybrid:${t.strategy}`,
      metadata: { ...t.metadata, source, hybridRatio: ratio },
    });
    return [...v2.map((t) => tag(t, 'v2')), ...v1.map((t) => tag(t, 'v1'))];
  },
};
