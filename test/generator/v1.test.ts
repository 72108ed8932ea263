import { describe, expect, it } from 'vitest';
import { clearModelMemory } from '../../src/generator/model-cache';
import { ModeError } from '../../src/generator/modes/types';
import {
  allocateV1,
  V1_RANGES,
  V1_STRATEGIES,
  v1Mode,
  type V1Model,
} from '../../src/generator/modes/v1';
import { modeContext, runMode } from '../../src/generator/run-mode';
import type { GeneratedTicket, HistoryDraw } from '../../src/shared/generator-protocol';
import { Rng } from '../../src/generator/rng';
import { biasedDraws, currentEraDraws } from '../helpers';
import { itIsReproducible, modeTasks, runThrice } from './mode-tasks';

const tasks = modeTasks('v1');
const { options, task } = tasks;

const HOT = [7, 14, 21, 28, 35];

/** A uniform history in which whites 3 and 44 come up together in every third draw. */
function plantedPairDraws(count: number): HistoryDraw[] {
  const rng = new Rng(99);
  return biasedDraws(count, { bias: 1, seed: 7 }).map((d, i) => {
    if (i % 3 !== 0) return d;
    const others = d.whites.filter((n) => n !== 3 && n !== 44);
    while (others.length > 3) others.splice(rng.int(0, others.length - 1), 1);
    return { ...d, whites: [3, 44, ...others].sort((a, b) => a - b) };
  });
}

const byStrategy = (tickets: GeneratedTicket[], s: string) =>
  tickets.filter((t) => t.strategy === s);

describe('v1 mode', () => {
  it('allocates the batch by weight, deterministically (largest remainder)', () => {
    expect(allocateV1(100)).toEqual({
      frequency_weighted: 20,
      coverage_optimizer: 20,
      cooccurrence: 20,
      range_balanced: 20,
      random_baseline: 20,
    });
    expect(allocateV1(7, {})).toEqual({
      frequency_weighted: 2,
      coverage_optimizer: 2,
      cooccurrence: 1,
      range_balanced: 1,
      random_baseline: 1,
    });
    // Named weights: absent names get 0.
    expect(allocateV1(10, { frequency_weighted: 3, range_balanced: 1 })).toEqual({
      frequency_weighted: 8,
      coverage_optimizer: 0,
      cooccurrence: 0,
      range_balanced: 2,
      random_baseline: 0,
    });
    expect(() => allocateV1(10, { nonsense: 1 })).toThrow(ModeError);
    expect(() => allocateV1(10, { cooccurrence: -1 })).toThrow(ModeError);
    expect(() => allocateV1(10, { cooccurrence: 0 })).toThrow(/weight 0/);
  });

  it('uses all five strategies with equal weights, each ticket valid and labelled', async () => {
    const { tickets } = await runMode(task(currentEraDraws()));
    expect(tickets).toHaveLength(100);
    for (const s of V1_STRATEGIES) expect(byStrategy(tickets, s)).toHaveLength(20);
    for (const t of byStrategy(tickets, 'random_baseline')) expect(t.confidence).toBe(0.5);
    for (const t of byStrategy(tickets, 'range_balanced')) {
      V1_RANGES.forEach(([lo, hi], i) => {
        expect(t.white_balls[i]).toBeGreaterThanOrEqual(lo);
        expect(t.white_balls[i]).toBeLessThanOrEqual(hi);
      });
    }
    for (const t of tickets) {
      expect(t.confidence).toBeGreaterThan(0);
      expect(t.confidence).toBeLessThan(1);
    }
  });

  it('gives only the weighted strategy when v1Weights names one', async () => {
    const { tickets } = await runMode(
      task(currentEraDraws(), { options: options({ v1Weights: { cooccurrence: 1 } }) }),
    );
    expect(new Set(tickets.map((t) => t.strategy))).toEqual(new Set(['cooccurrence']));
  });

  it('learns frequencies: frequency_weighted picks hot numbers far more than uniform', async () => {
    const draws = biasedDraws(800, { hotWhites: HOT, hotPowerball: 9 });
    const { tickets } = await runMode(task(draws, { batchSize: 200 }));
    const fw = byStrategy(tickets, 'frequency_weighted');
    expect(fw).toHaveLength(40);
    const uniform = 5 / 69;
    const hotRate = HOT.map((h) => fw.filter((t) => t.white_balls.includes(h)).length / fw.length);
    const avgHot = hotRate.reduce((a, b) => a + b, 0) / HOT.length;
    expect(avgHot).toBeGreaterThan(2 * uniform);
    for (const r of hotRate) expect(r).toBeGreaterThan(uniform);
    const pb9 = fw.filter((t) => t.powerball === 9).length / fw.length;
    expect(pb9).toBeGreaterThan(2 / 26);
    // Confidence above chance for tickets built from hot numbers.
    const mean = fw.reduce((s, t) => s + t.confidence, 0) / fw.length;
    expect(mean).toBeGreaterThan(0.5);
  });

  it('coverage_optimizer spreads the batch across 1..69', async () => {
    const { tickets } = await runMode(
      task(currentEraDraws(), {
        batchSize: 14,
        options: options({ v1Weights: { coverage_optimizer: 1 } }),
      }),
    );
    const whites = new Set(tickets.flatMap((t) => t.white_balls));
    expect(whites.size).toBe(69); // 14 tickets x 5 = 70 slots: every white once, one twice
    expect(new Set(tickets.map((t) => t.powerball)).size).toBe(14);
  });

  it('cooccurrence seeds tickets with an over-represented pair', async () => {
    const draws = plantedPairDraws(800);
    const t = task(draws, { options: options({ v1Weights: { cooccurrence: 1 } }) });
    const { tickets } = await runMode(t);
    const { model } = await v1Mode.model(modeContext(t));
    const top = (model as V1Model).pairs;
    expect([top[0]!.a, top[0]!.b]).toEqual([3, 44]);
    expect(top[0]!.lift).toBeGreaterThan(2);
    for (const p of top) expect(p.observed).toBeGreaterThan(p.expected);
    const pairKeys = new Set(top.map((p) => `${p.a}-${p.b}`));
    for (const tk of tickets) {
      const [a, b] = tk.metadata!.pair as [number, number];
      expect(pairKeys.has(`${a}-${b}`)).toBe(true);
      expect(tk.white_balls).toContain(a);
      expect(tk.white_balls).toContain(b);
    }
    const planted = tickets.filter(
      (tk) => tk.white_balls.includes(3) && tk.white_balls.includes(44),
    );
    // By chance a ticket holds a given pair 0.4% of the time.
    expect(planted.length / tickets.length).toBeGreaterThan(0.5);
  });

  itIsReproducible(tasks);

  it('reuses its trained model from memory and from disk', async () => {
    const { first, second, third } = await runThrice(tasks);
    expect(first.trained).toBe(true);
    expect(second.trained).toBe(false);
    expect(third.trained).toBe(false);
    expect(third.tickets).toEqual(first.tickets);
  });

  it('refuses too few draws, naming the mode and the minimum', async () => {
    const draws = currentEraDraws().slice(0, v1Mode.minDraws - 1);
    await expect(runMode(task(draws))).rejects.toThrow(ModeError);
    await expect(runMode(task(draws))).rejects.toThrow(/v1 needs at least 50 draws/);
    await expect(v1Mode.model(modeContext(task(draws)))).rejects.toThrow(/v1 needs at least 50/);
  });

  it('times training and a 100-ticket batch on the real history', async () => {
    clearModelMemory();
    const { trainMs, generateMs, trained } = await runMode(task(currentEraDraws()));
    expect(trained).toBe(true);
    console.log(
      `v1 on ${currentEraDraws().length} real draws: train ${trainMs.toFixed(1)} ms, generate 100 ${generateMs.toFixed(1)} ms`,
    );
  });
});
