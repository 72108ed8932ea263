import type { GeneratedTicket } from '../../shared/generator-protocol';
import { WHITE_COUNT } from '../../shared/powerball';
import { confidence } from '../confidence';
import { ModeError, type ModeContext } from './types';

export const ticketKey = (t: Pick<GeneratedTicket, 'white_balls' | 'powerball'>) =>
  `${t.white_balls.join(',')}|${t.powerball}`;

/** Calls `make` until the batch holds `batchSize` distinct tickets, reporting progress. */
export function distinctBatch(
  ctx: ModeContext,
  make: (i: number) => GeneratedTicket,
): GeneratedTicket[] {
  const seen = new Set<string>();
  const out: GeneratedTicket[] = [];
  const maxAttempts = ctx.batchSize * 50 + 1000;
  for (let attempt = 0; out.length < ctx.batchSize; attempt++) {
    if (attempt >= maxAttempts) {
      throw new ModeError(`${ctx.mode} could not make ${ctx.batchSize} distinct tickets`);
    }
    const t = make(out.length);
    const key = ticketKey(t);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
    if (out.length % 50 === 0 || out.length === ctx.batchSize) {
      ctx.progress('generate', out.length, ctx.batchSize);
    }
  }
  return out;
}

/**
 * A ticket drawn from a model's per-number probabilities: five whites without replacement,
 * one Powerball, and the model's own confidence in them.
 */
export function sampleTicket(
  ctx: ModeContext,
  whiteProbs: ArrayLike<number>,
  powerballProbs: ArrayLike<number>,
): Pick<GeneratedTicket, 'white_balls' | 'powerball' | 'confidence'> {
  const whites = ctx.rng.sampleWithoutReplacement(whiteProbs, WHITE_COUNT);
  const powerball = ctx.rng.weighted(powerballProbs) + 1;
  return {
    white_balls: whites,
    powerball,
    confidence: confidence(whites, powerball, whiteProbs, powerballProbs),
  };
}
