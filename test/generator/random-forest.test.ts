import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { clearModelMemory } from '../../src/generator/model-cache';
import { ModeError } from '../../src/generator/modes/types';
import { runMode, type ModeTask } from '../../src/generator/run-mode';
import type { HistoryDraw } from '../../src/shared/generator-protocol';
import { biasedDraws, currentEraDraws, tempDir } from '../helpers';

const HOT_WHITES = [7, 14, 21, 28, 35];
const HOT_POWERBALL = 9;
const BIASED = biasedDraws(800, { hotWhites: HOT_WHITES, hotPowerball: HOT_POWERBALL });

const dirs: Array<() => void> = [];
function modelDir(): string {
  const t = tempDir();
  dirs.push(t.cleanup);
  return t.dir;
}
afterAll(() => dirs.forEach((cleanup) => cleanup()));
beforeEach(() => clearModelMemory());

function task(
  draws: readonly HistoryDraw[],
  batchSize: number,
  seed: number,
  dir = modelDir(),
): ModeTask {
  return {
    mode: 'random_forest',
    batchSize,
    seed,
    draws,
    options: { hybridRatio: 0.7, modelDir: dir, maxWorkers: 1 },
  };
}

/** The next draw after the history, three days on. */
function withOneMore(draws: readonly HistoryDraw[]): HistoryDraw[] {
  const last = draws[draws.length - 1]!;
  const date = new Date(Date.parse(last.date) + 3 * 86_400_000).toISOString().slice(0, 10);
  return [...draws, { date, whites: [3, 17, 29, 44, 61], powerball: 12 }];
}

describe('random_forest mode', () => {
  it('learns a biased history: hot numbers come up far more often than uniform picks', async () => {
    const { tickets, trained } = await runMode(task(BIASED, 500, 1));
    expect(trained).toBe(true);
    const share = (n: number) =>
      tickets.filter((t) => t.white_balls.includes(n)).length / tickets.length;
    const hotShare = HOT_WHITES.reduce((a, n) => a + share(n), 0) / HOT_WHITES.length;
    const uniform = 5 / 69;
    const coldShare =
      Array.from({ length: 69 }, (_, i) => i + 1)
        .filter((n) => !HOT_WHITES.includes(n))
        .reduce((a, n) => a + share(n), 0) / 64;
    expect(hotShare).toBeGreaterThan(2 * uniform);
    expect(coldShare).toBeLessThan(uniform);
    const pbShare = tickets.filter((t) => t.powerball === HOT_POWERBALL).length / tickets.length;
    expect(pbShare).toBeGreaterThan(2 / 26);
    // Tickets built from hot numbers rate above chance by the model's own estimate.
    const mean = tickets.reduce((a, t) => a + t.confidence, 0) / tickets.length;
    expect(mean).toBeGreaterThan(0.5);
    expect(tickets[0]!.metadata).toEqual({
      top_whites: HOT_WHITES,
      top_powerball: HOT_POWERBALL,
    });
  });

  it('gives identical tickets for the same seed and draws, also after reloading from disk', async () => {
    const dir = modelDir();
    const first = await runMode(task(BIASED, 200, 42, dir));
    const again = await runMode(task(BIASED, 200, 42, dir));
    clearModelMemory();
    const reloaded = await runMode(task(BIASED, 200, 42, dir));
    expect(reloaded.trained).toBe(false);
    expect(again.tickets).toEqual(first.tickets);
    expect(reloaded.tickets).toEqual(first.tickets);

    // Training does not depend on the job seed or the folder: a fresh folder trains the same model.
    clearModelMemory();
    const retrained = await runMode(task(BIASED, 200, 42));
    expect(retrained.trained).toBe(true);
    expect(retrained.tickets).toEqual(first.tickets);

    const other = await runMode(task(BIASED, 200, 43, dir));
    expect(other.tickets).not.toEqual(first.tickets);
  });

  it('reuses the trained model while the draws are unchanged and retrains when they change', async () => {
    const dir = modelDir();
    const phases: string[] = [];
    const first = await runMode(task(BIASED, 50, 1, dir), (phase, done, total) =>
      phases.push(`${phase} ${done}/${total}`),
    );
    expect(first.trained).toBe(true);
    expect(phases).toContain('train 1/120');
    expect(phases).toContain('train 120/120');
    expect(phases[phases.length - 1]).toBe('generate 50/50');
    expect(readdirSync(join(dir, 'random_forest'))).toHaveLength(1);

    expect((await runMode(task(BIASED, 50, 2, dir))).trained).toBe(false);
    clearModelMemory();
    expect((await runMode(task(BIASED, 50, 3, dir))).trained).toBe(false);

    const changed = await runMode(task(withOneMore(BIASED), 50, 1, dir));
    expect(changed.trained).toBe(true);
    // The old model file is replaced by the new one.
    expect(readdirSync(join(dir, 'random_forest'))).toHaveLength(1);
  });

  it('retrains when the saved model is unreadable', async () => {
    const dir = modelDir();
    const first = await runMode(task(BIASED, 20, 5, dir));
    const [file] = readdirSync(join(dir, 'random_forest'));
    writeFileSync(join(dir, 'random_forest', file!), JSON.stringify({ whiteProbs: [1, 2, 3] }));
    clearModelMemory();
    const again = await runMode(task(BIASED, 20, 5, dir));
    expect(again.trained).toBe(true);
    expect(again.tickets).toEqual(first.tickets);
  });

  it('refuses too short a history with a ModeError naming the mode and the minimum', async () => {
    const run = runMode(task(BIASED.slice(0, 20), 10, 1));
    await expect(run).rejects.toBeInstanceOf(ModeError);
    await expect(run).rejects.toThrow(/random_forest needs at least 150 draws .* has 20/);
    await expect(runMode(task(BIASED.slice(0, 149), 10, 1))).rejects.toThrow(/at least 150/);
  });

  it('trains on the minimum history of 150 draws', async () => {
    const { tickets, trained } = await runMode(task(BIASED.slice(0, 150), 100, 1));
    expect(trained).toBe(true);
    expect(tickets).toHaveLength(100);
  });

  it('makes valid, distinct tickets with confidence and strategy', async () => {
    const { tickets } = await runMode(task(BIASED, 1000, 7));
    expect(tickets).toHaveLength(1000);
    expect(new Set(tickets.map((t) => `${t.white_balls.join(',')}|${t.powerball}`)).size).toBe(
      1000,
    );
    for (const t of tickets) {
      expect(t.white_balls).toHaveLength(5);
      expect(
        t.white_balls.every((n, i) => n >= 1 && n <= 69 && (i === 0 || n > t.white_balls[i - 1]!)),
      ).toBe(true);
      expect(t.powerball).toBeGreaterThanOrEqual(1);
      expect(t.powerball).toBeLessThanOrEqual(26);
      expect(t.confidence).toBeGreaterThanOrEqual(0);
      expect(t.confidence).toBeLessThanOrEqual(1);
      expect(t.strategy).toBe('forest_probability');
    }
  });

  it('trains on the real current-era history', async () => {
    const draws = currentEraDraws();
    expect(draws.length).toBeGreaterThanOrEqual(1259);
    const dir = modelDir();
    const trained = await runMode(task(draws, 100, 1, dir));
    expect(trained.trained).toBe(true);
    const cached = await runMode(task(draws, 100, 2, dir));
    expect(cached.trained).toBe(false);
    expect(cached.tickets).toHaveLength(100);
    console.log(
      `random_forest on ${draws.length} real draws: training ${trained.trainMs.toFixed(0)} ms, ` +
        `100 tickets ${cached.generateMs.toFixed(1)} ms (cached model load ${cached.trainMs.toFixed(1)} ms)`,
    );
  });
});
