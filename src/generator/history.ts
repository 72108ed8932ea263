import { createHash } from 'node:crypto';
import type { HistoryDraw } from '../shared/generator-protocol';
import { POWERBALL_MAX, WHITE_MAX } from '../shared/powerball';

/** A stable key for a draw history: models retrain only when it changes. */
export function drawsKey(draws: readonly HistoryDraw[]): string {
  const h = createHash('sha256');
  for (const d of draws) h.update(`${d.date}:${d.whites.join(',')}:${d.powerball};`);
  return h.digest('hex').slice(0, 16);
}

/** How often each number came up in a window of draws (index n-1). */
export function counts(draws: readonly HistoryDraw[]): {
  whites: Float64Array;
  powerballs: Float64Array;
} {
  const whites = new Float64Array(WHITE_MAX);
  const powerballs = new Float64Array(POWERBALL_MAX);
  for (const d of draws) {
    for (const n of d.whites) whites[n - 1]!++;
    powerballs[d.powerball - 1]!++;
  }
  return { whites, powerballs };
}

/** Draws since each number was last seen, as of the end of `draws` (index n-1). */
export function gaps(draws: readonly HistoryDraw[]): {
  whites: Float64Array;
  powerballs: Float64Array;
} {
  const whites = new Float64Array(WHITE_MAX).fill(draws.length);
  const powerballs = new Float64Array(POWERBALL_MAX).fill(draws.length);
  draws.forEach((d, i) => {
    const age = draws.length - 1 - i;
    for (const n of d.whites) whites[n - 1] = age;
    powerballs[d.powerball - 1] = age;
  });
  return { whites, powerballs };
}
