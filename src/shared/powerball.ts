/** Facts about the Powerball game, shared by the engine, the generator and the UI. */

export const MODES = ['random_forest', 'lstm', 'v1', 'v2', 'hybrid', 'random'] as const;
export type Mode = (typeof MODES)[number];

export const WHITE_COUNT = 5;
export const WHITE_MAX = 69;
export const POWERBALL_MAX = 26;

/** Matrix eras; a draw's era follows from its date (first draw of each era). */
export const ERAS = [
  { id: 1, from: '2005-08-31', whiteMax: 55, powerballMax: 42 },
  { id: 2, from: '2009-01-07', whiteMax: 59, powerballMax: 39 },
  { id: 3, from: '2012-01-18', whiteMax: 59, powerballMax: 35 },
  { id: 4, from: '2015-10-07', whiteMax: 69, powerballMax: 26 },
] as const;
export type Era = (typeof ERAS)[number];
export const CURRENT_ERA = ERAS[ERAS.length - 1]!;

/** The era of an ISO date (YYYY-MM-DD), or undefined before the first era. */
export function eraForDate(isoDate: string): Era | undefined {
  for (let i = ERAS.length - 1; i >= 0; i--) {
    if (isoDate >= ERAS[i]!.from) return ERAS[i];
  }
  return undefined;
}

/** The strategies the v1 mode mixes; each ticket records which one made it. */
export const V1_STRATEGIES = [
  'frequency_weighted',
  'coverage_optimizer',
  'cooccurrence',
  'range_balanced',
  'random_baseline',
] as const;
