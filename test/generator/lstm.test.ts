import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { wasmTf, WASM_FILES, wasmDir } from '../../src/generator/lstm/backend';
import { LSTM_CONFIG, predictFromWeights, type TrainedLstm } from '../../src/generator/lstm/net';
import { clearModelMemory } from '../../src/generator/model-cache';
import { LSTM_MIN_DRAWS, lstmMode } from '../../src/generator/modes/lstm';
import { ModeError } from '../../src/generator/modes/types';
import { Rng } from '../../src/generator/rng';
import { modeContext, runMode, type ModeTask } from '../../src/generator/run-mode';
import type { GeneratedTicket, HistoryDraw, Phase } from '../../src/shared/generator-protocol';
import { biasedDraws, currentEraDraws, tempDir } from '../helpers';

const dirs: (() => void)[] = [];
afterAll(() => dirs.forEach((c) => c()));

function newModelDir(): string {
  const t = tempDir();
  dirs.push(t.cleanup);
  return t.dir;
}

const task = (draws: HistoryDraw[], modelDir: string, extra: Partial<ModeTask> = {}): ModeTask => ({
  mode: 'lstm',
  batchSize: 500,
  seed: 1234,
  draws,
  options: { hybridRatio: 0.7, modelDir, maxWorkers: 1 },
  ...extra,
});

const HOT = [7, 14, 21, 28, 35];
const BIASED = biasedDraws(600, { hotWhites: HOT, hotPowerball: 9, bias: 8 });

const savedModel = (modelDir: string): TrainedLstm => {
  const files = readdirSync(join(modelDir, 'lstm')).filter((f) => f.endsWith('.json'));
  expect(files).toHaveLength(1);
  return JSON.parse(readFileSync(join(modelDir, 'lstm', files[0]!), 'utf8')) as TrainedLstm;
};

const key = (tickets: GeneratedTicket[]) => JSON.stringify(tickets);

describe('lstm mode', () => {
  // Trained once on the biased history; the tests below reuse it through the model folder.
  const biasedDir = newModelDir();

  it('learns a biased history: hot numbers far above uniform', { timeout: 120_000 }, async () => {
    const progress: [Phase, number, number][] = [];
    const out = await runMode(task(BIASED, biasedDir), (phase, done, total) =>
      progress.push([phase, done, total]),
    );
    expect(out.trained).toBe(true);
    expect(out.tickets).toHaveLength(500);
    expect(new Set(out.tickets.map((t) => t.strategy))).toEqual(new Set(['lstm_sequence']));

    const uniform = 5 / 69;
    const rates = HOT.map(
      (h) => out.tickets.filter((t) => t.white_balls.includes(h)).length / out.tickets.length,
    );
    const meanHot = rates.reduce((a, b) => a + b, 0) / rates.length;
    expect(meanHot).toBeGreaterThan(2 * uniform);
    for (const r of rates) expect(r).toBeGreaterThan(uniform);
    const pb9 = out.tickets.filter((t) => t.powerball === 9).length / out.tickets.length;
    expect(pb9).toBeGreaterThan(2 / 26);
    // Tickets with hot numbers are rated above chance by the model.
    const meanConfidence = out.tickets.reduce((a, t) => a + t.confidence, 0) / out.tickets.length;
    expect(meanConfidence).toBeGreaterThan(0.5);

    // Training reported every epoch.
    const train = progress.filter(([phase]) => phase === 'train');
    expect(train.map(([, done]) => done)).toEqual(
      Array.from({ length: LSTM_CONFIG.epochs }, (_, i) => i + 1),
    );
    expect(train.every(([, , total]) => total === LSTM_CONFIG.epochs)).toBe(true);
  });

  it('saves trained weights that reproduce its probabilities', { timeout: 60_000 }, async () => {
    const saved = savedModel(biasedDir);
    // Learned, not set: both heads' losses fell during training.
    expect(saved.loss.whites[1]).toBeLessThan(saved.loss.whites[0]);
    expect(saved.loss.powerball[1]).toBeLessThan(saved.loss.powerball[0]);
    const sizes = saved.weights.map((w) => w.values.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(5000);
    // The saved prediction is what the saved weights give for the last window of draws.
    const tf = await wasmTf();
    const before = tf.memory().numTensors;
    const again = predictFromWeights(tf, saved, BIASED);
    expect(again.whiteProbs).toEqual(saved.whiteProbs);
    expect(again.powerballProbs).toEqual(saved.powerballProbs);
    expect(tf.memory().numTensors).toBe(before);
    // And it favours the hot numbers.
    const cold = saved.whiteProbs.filter((_, i) => !HOT.includes(i + 1));
    for (const h of HOT) expect(saved.whiteProbs[h - 1]).toBeGreaterThan(Math.max(...cold));
    expect(saved.powerballProbs.indexOf(Math.max(...saved.powerballProbs))).toBe(8);
  });

  it(
    'is deterministic: same seed and draws give the same tickets',
    { timeout: 120_000 },
    async () => {
      const first = await runMode(task(BIASED, biasedDir));
      expect(first.trained).toBe(false);
      clearModelMemory();
      const fromDisk = await runMode(task(BIASED, biasedDir));
      expect(fromDisk.trained).toBe(false);
      expect(key(fromDisk.tickets)).toBe(key(first.tickets));

      // Trained again from scratch elsewhere: the very same weights, so the same tickets.
      clearModelMemory();
      const otherDir = newModelDir();
      const retrained = await runMode(task(BIASED, otherDir));
      expect(retrained.trained).toBe(true);
      expect(key(retrained.tickets)).toBe(key(first.tickets));
      expect(savedModel(otherDir)).toEqual(savedModel(biasedDir));

      const otherSeed = await runMode(task(BIASED, biasedDir, { seed: 99 }));
      expect(otherSeed.trained).toBe(false);
      expect(key(otherSeed.tickets)).not.toBe(key(first.tickets));
    },
  );

  it(
    'retrains only when the draws change, and persists across restarts',
    { timeout: 120_000 },
    async () => {
      const dir = newModelDir();
      const draws = biasedDraws(300, { seed: 7 });
      expect((await runMode(task(draws, dir, { batchSize: 50 }))).trained).toBe(true);
      expect((await runMode(task(draws, dir, { batchSize: 50 }))).trained).toBe(false);
      clearModelMemory(); // a restart: only the model folder is left
      expect((await runMode(task(draws, dir, { batchSize: 50 }))).trained).toBe(false);

      const next: HistoryDraw = { date: '2099-01-01', whites: [1, 2, 3, 4, 5], powerball: 6 };
      const appended = await runMode(task([...draws, next], dir, { batchSize: 50 }));
      expect(appended.trained).toBe(true);
      // The old model is replaced, not kept beside the new one.
      expect(readdirSync(join(dir, 'lstm')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    },
  );

  it('rejects a history shorter than its minimum with a clear ModeError', async () => {
    expect(LSTM_MIN_DRAWS).toBe(LSTM_CONFIG.window + 50);
    const draws = biasedDraws(LSTM_MIN_DRAWS - 1);
    const dir = newModelDir();
    const run = runMode(task(draws, dir));
    await expect(run).rejects.toBeInstanceOf(ModeError);
    await expect(run).rejects.toThrow(new RegExp(`^lstm needs at least ${LSTM_MIN_DRAWS} draws`));
    // The mode checks it too when called directly, and never falls back.
    const ctx = modeContext(task(draws, dir));
    await expect(lstmMode.model(ctx)).rejects.toThrow(
      new RegExp(`^lstm needs at least ${LSTM_MIN_DRAWS} draws .* and has ${LSTM_MIN_DRAWS - 1};`),
    );
    expect(existsSync(join(dir, 'lstm'))).toBe(false);
  });

  it('runs tfjs on the wasm backend with one thread', async () => {
    const tf = await wasmTf();
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    expect(wasm.getThreadsCount()).toBe(1);
    expect(WASM_FILES.some((f) => existsSync(join(wasmDir(), f)))).toBe(true);
  });

  it('multiplies transposed matrices exactly like the plain definition', async () => {
    const tf = await wasmTf();
    // The wrapped kernel (see fastTransposedMatMul) is the one tf.matMul runs.
    const kernel = tf.getKernel('BatchMatMul', 'wasm') as { fastTransposed?: boolean };
    expect(kernel.fastTransposed).toBe(true);
    const rng = new Rng(5);
    const matrix = (r: number, c: number) =>
      Array.from({ length: r }, () => Array.from({ length: c }, () => rng.next() * 2 - 1));
    const t = (m: number[][]) => m[0]!.map((_, j) => m.map((row) => row[j]!));
    const product = (a: number[][], b: number[][]) =>
      a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
    // Two batches of a 7x5 times 5x3 product, each operand given transposed or not.
    const as = [matrix(7, 5), matrix(7, 5)];
    const bs = [matrix(5, 3), matrix(5, 3)];
    const want = as.map((a, i) => product(a, bs[i]!));
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const got = tf.tidy(() => {
        const a = tf.tensor3d(as.map((m) => (ta ? t(m) : m)));
        const b = tf.tensor3d(bs.map((m) => (tb ? t(m) : m)));
        const batched = tf.matMul(a, b, ta, tb).arraySync() as number[][][];
        const single = tf.matMul(a.slice(0, 1).squeeze([0]), b.slice(0, 1).squeeze([0]), ta, tb);
        return [batched[0]!, batched[1]!, single.arraySync() as number[][]];
      });
      [want[0]!, want[1]!, want[0]!].forEach((w, k) =>
        w.forEach((row, i) => row.forEach((v, j) => expect(got[k]![i]![j]).toBeCloseTo(v, 5))),
      );
    }
  });

  it('reports a missing wasm binary as a ModeError with the reason', async () => {
    const empty = newModelDir();
    vi.stubEnv('SHIOL_TFJS_WASM_DIR', empty);
    vi.resetModules();
    try {
      const fresh = await import('../../src/generator/lstm/backend');
      const err = await fresh.wasmTf().then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err?.name).toBe('ModeError');
      expect(err?.message).toMatch(/tfjs-backend-wasm(-simd)?\.wasm is missing from/);
      expect(err?.message).toContain(empty);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it('trains on the real history in reasonable time', { timeout: 180_000 }, async () => {
    const draws = currentEraDraws();
    const dir = newModelDir();
    clearModelMemory();
    const out = await runMode(task(draws, dir, { batchSize: 100 }));
    expect(out.trained).toBe(true);
    const saved = savedModel(dir);
    const maxWhite = Math.max(...saved.whiteProbs);
    const maxPowerball = Math.max(...saved.powerballProbs);
    console.log(
      `lstm on ${draws.length} real draws: training ${(out.trainMs / 1000).toFixed(2)} s ` +
        `(${saved.samples} windows x ${LSTM_CONFIG.epochs} epochs), ` +
        `100 tickets in ${out.generateMs.toFixed(1)} ms; ` +
        `loss whites ${saved.loss.whites.map((l) => l.toFixed(4)).join(' -> ')}, ` +
        `Powerball ${saved.loss.powerball.map((l) => l.toFixed(3)).join(' -> ')}; ` +
        `top white p=${maxWhite.toFixed(3)} (chance 0.072), top Powerball p=${maxPowerball.toFixed(3)} (chance 0.038)`,
    );
    clearModelMemory();
    const reloaded = await runMode(task(draws, dir, { batchSize: 100 }));
    expect(reloaded.trained).toBe(false);
    console.log(
      `lstm reload from disk + 100 tickets: ${(reloaded.trainMs + reloaded.generateMs).toFixed(1)} ms`,
    );
  });
});
