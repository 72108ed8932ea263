import { afterAll, expect, it } from 'vitest';
import { clearModelMemory } from '../../src/generator/model-cache';
import { runMode, type ModeOutcome } from '../../src/generator/run-mode';
import type { Phase } from '../../src/shared/generator-protocol';
import { currentEraDraws } from '../helpers';
import type { ModeTask } from '../../src/generator/run-mode';
import type { HistoryDraw, JobOptions } from '../../src/shared/generator-protocol';
import type { Mode } from '../../src/shared/powerball';
import { tempDir } from '../helpers';

/**
 * Job options with a fresh model folder (removed after the file's tests) and mode tasks of
 * 100 tickets with seed 1234, for the mode tests that call runMode in-process.
 */
export function modeTasks(mode: Mode) {
  const dirs: (() => void)[] = [];
  afterAll(() => dirs.forEach((cleanup) => cleanup()));
  const options = (extra: Partial<JobOptions> = {}): JobOptions => {
    const t = tempDir();
    dirs.push(t.cleanup);
    return { hybridRatio: 0.7, modelDir: t.dir, maxWorkers: 1, ...extra };
  };
  const task = (draws: HistoryDraw[], extra: Partial<ModeTask> = {}): ModeTask => ({
    mode,
    batchSize: 100,
    seed: 1234,
    draws,
    options: options(),
    ...extra,
  });
  return { options, task };
}

type Tasks = ReturnType<typeof modeTasks>;

/** The test every seeded mode passes: same seed same tickets, other seed other tickets. */
export function itIsReproducible({ options, task }: Tasks): void {
  it('is reproducible: same seed same tickets, other seed other tickets', async () => {
    const draws = currentEraDraws();
    const opts = options();
    const a = await runMode(task(draws, { options: opts }));
    const b = await runMode(task(draws, { options: opts }));
    const c = await runMode(task(draws, { options: opts, seed: 99 }));
    expect(b.tickets).toEqual(a.tickets);
    expect(c.tickets).not.toEqual(a.tickets);
  });
}

/**
 * Three runs on the real history into one model folder: the first from nothing, the second
 * with the model in memory, the third with memory cleared (from disk).
 */
export async function runThrice(
  { options, task }: Tasks,
  progress?: (phase: Phase) => void,
): Promise<{ first: ModeOutcome; second: ModeOutcome; third: ModeOutcome; opts: JobOptions }> {
  const draws = currentEraDraws();
  const opts = options();
  clearModelMemory();
  const first = await runMode(task(draws, { options: opts }), progress);
  const second = await runMode(task(draws, { options: opts }));
  clearModelMemory();
  const third = await runMode(task(draws, { options: opts }));
  return { first, second, third, opts };
}
