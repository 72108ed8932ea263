import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HistoryDraw } from '../src/shared/generator-protocol';
import { CURRENT_ERA } from '../src/shared/powerball';
import { parseDrawFile } from '../src/main/draws/formats';
import { Rng } from '../src/generator/rng';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHARED_DRAWS = resolve(REPO_ROOT, '../shared/data/powerball-draws-2006-2025.csv');

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(prefix = 'shiol-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The real current-era draws (1,259 from 2015-10-07), oldest first, from ../shared. */
export function currentEraDraws(): HistoryDraw[] {
  return parseDrawFile(readFileSync(SHARED_DRAWS, 'utf8'))
    .draws.filter((d) => d.draw_date >= CURRENT_ERA.from)
    .sort((a, b) => a.draw_date.localeCompare(b.draw_date))
    .map((d) => ({ date: d.draw_date, whites: d.white_balls, powerball: d.powerball }));
}

/**
 * A synthetic history in which `hotWhites` and `hotPowerball` come up far more often than
 * chance: a model that learns from history must pick them more often than uniform picks do.
 */
export function biasedDraws(
  count: number,
  opts: { hotWhites?: number[]; hotPowerball?: number; bias?: number; seed?: number } = {},
): HistoryDraw[] {
  const hot = opts.hotWhites ?? [7, 14, 21, 28, 35];
  const bias = opts.bias ?? 8;
  const rng = new Rng(opts.seed ?? 42);
  const whiteWeights = Array.from({ length: 69 }, (_, i) => (hot.includes(i + 1) ? bias : 1));
  const pbWeights = Array.from({ length: 26 }, (_, i) =>
    i + 1 === (opts.hotPowerball ?? 9) ? bias : 1,
  );
  const start = Date.UTC(2015, 9, 7);
  return Array.from({ length: count }, (_, i) => ({
    date: new Date(start + i * 3 * 86_400_000).toISOString().slice(0, 10),
    whites: rng.sampleWithoutReplacement(whiteWeights, 5),
    powerball: rng.weighted(pbWeights) + 1,
  }));
}
