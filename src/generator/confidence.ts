import { POWERBALL_MAX, WHITE_COUNT, WHITE_MAX } from '../shared/powerball';

/**
 * Confidence of a ticket under a model, in 0..1.
 *
 * L is the geometric mean, over the ticket's six balls, of the model's probability of that
 * ball over its probability under a fair draw (5/69 for a white, 1/26 for the Powerball).
 * confidence = L / (1 + L): 0.5 means "as good as chance by this model's own estimate";
 * above 0.5 the model rates the ticket's numbers as likelier than chance.
 *
 * `whiteProbs[n-1]` is the model's chance that white n is drawn (they sum to 5);
 * `powerballProbs[n-1]` the chance of Powerball n (they sum to 1).
 */
export function confidence(
  whites: readonly number[],
  powerball: number,
  whiteProbs: ArrayLike<number>,
  powerballProbs: ArrayLike<number>,
): number {
  let logSum = 0;
  for (const n of whites) logSum += Math.log(whiteProbs[n - 1]! / (WHITE_COUNT / WHITE_MAX));
  logSum += Math.log(powerballProbs[powerball - 1]! / (1 / POWERBALL_MAX));
  const l = Math.exp(logSum / (whites.length + 1));
  return Number.isFinite(l) ? round(l / (1 + l)) : 0.5;
}

/** Scales positive scores so they sum to `total` (5 for whites, 1 for the Powerball). */
export function normalize(scores: ArrayLike<number>, total: number, floor = 1e-6): Float64Array {
  const out = Float64Array.from(scores as ArrayLike<number>, (v) => Math.max(floor, v));
  const sum = out.reduce((a, b) => a + b, 0);
  for (let i = 0; i < out.length; i++) out[i] = (out[i]! / sum) * total;
  return out;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
