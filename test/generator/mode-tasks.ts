import { afterAll } from 'vitest';
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
