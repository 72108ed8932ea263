import { POWERBALL_MAX, WHITE_COUNT, WHITE_MAX } from './powerball';

/** Exact chance figures for a fair draw of the current matrix (5 of 69, 1 of 26). */

function choose(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** P(k of a ticket's whites are drawn), k = 0..5 (hypergeometric). */
export const WHITE_MATCH_PROBS: readonly number[] = Array.from(
  { length: WHITE_COUNT + 1 },
  (_, k) =>
    (choose(WHITE_COUNT, k) * choose(WHITE_MAX - WHITE_COUNT, WHITE_COUNT - k)) /
    choose(WHITE_MAX, WHITE_COUNT),
);

export const CHANCE_WHITE_MEAN = (WHITE_COUNT * WHITE_COUNT) / WHITE_MAX; // 25/69
export const CHANCE_WHITE_VARIANCE = WHITE_MATCH_PROBS.reduce(
  (v, p, k) => v + p * (k - CHANCE_WHITE_MEAN) ** 2,
  0,
);
export const CHANCE_POWERBALL_RATE = 1 / POWERBALL_MAX;

export const PRIZE_TIERS = [
  { id: '5+PB', whites: 5, powerball: true, prize: 'Jackpot' },
  { id: '5', whites: 5, powerball: false, prize: '$1,000,000' },
  { id: '4+PB', whites: 4, powerball: true, prize: '$50,000' },
  { id: '4', whites: 4, powerball: false, prize: '$100' },
  { id: '3+PB', whites: 3, powerball: true, prize: '$100' },
  { id: '3', whites: 3, powerball: false, prize: '$7' },
  { id: '2+PB', whites: 2, powerball: true, prize: '$7' },
  { id: '1+PB', whites: 1, powerball: true, prize: '$4' },
  { id: '0+PB', whites: 0, powerball: true, prize: '$4' },
] as const;
export type TierId = (typeof PRIZE_TIERS)[number]['id'];

/** The prize tier a ticket won, or null. */
export function prizeTier(whiteMatches: number, powerballHit: boolean): TierId | null {
  return (
    PRIZE_TIERS.find((t) => t.whites === whiteMatches && t.powerball === powerballHit)?.id ?? null
  );
}

/** Chance per ticket of each tier. */
export function tierProbability(id: TierId): number {
  const t = PRIZE_TIERS.find((x) => x.id === id)!;
  const pb = t.powerball ? CHANCE_POWERBALL_RATE : 1 - CHANCE_POWERBALL_RATE;
  return WHITE_MATCH_PROBS[t.whites]! * pb;
}
