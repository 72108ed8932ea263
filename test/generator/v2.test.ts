import { describe, expect, it } from 'vitest';
import { clearModelMemory } from '../../src/generator/model-cache';
import { ModeError } from '../../src/generator/modes/types';
import { trainV2, v2Mode, V2_OVERLAP_LIMIT } from '../../src/generator/modes/v2';
import { modeContext, runMode } from '../../src/generator/run-mode';
import type { GeneratedTicket, Phase } from '../../src/shared/generator-protocol';
import { biasedDraws, currentEraDraws } from '../helpers';
import { itIsReproducible, modeTasks, runThrice } from './mode-tasks';

const tasks = modeTasks('v2');
const { options, task } = tasks;

const HOT = [7, 14, 21, 28, 35];

function maxSharedWhites(tickets: GeneratedTicket[]): number {
  let most = 0;
  for (let i = 0; i < tickets.length; i++) {
    for (let j = i + 1; j < tickets.length; j++) {
      const shared = tickets[i]!.white_balls.filter((n) => tickets[j]!.white_balls.includes(n));
      most = Math.max(most, shared.length);
    }
  }
  return most;
}

describe('v2 mode', () => {
  it('learns the per-number probabilities: hot numbers far above uniform', async () => {
    const draws = biasedDraws(800, { hotWhites: HOT, hotPowerball: 9 });
    const { tickets } = await runMode(task(draws));
    const uniform = 5 / 69;
    for (const h of HOT) {
      const rate = tickets.filter((t) => t.white_balls.includes(h)).length / tickets.length;
      expect(rate).toBeGreaterThan(2 * uniform);
    }
    const pb9 = tickets.filter((t) => t.powerball === 9).length / tickets.length;
    expect(pb9).toBeGreaterThan(2 / 26);
    expect(maxSharedWhites(tickets)).toBeLessThanOrEqual(V2_OVERLAP_LIMIT);

    const model = trainV2(draws);
    const cold = model.whiteProbs.filter((_, i) => !HOT.includes(i + 1));
    for (const h of HOT) expect(model.whiteProbs[h - 1]).toBeGreaterThan(3 * Math.max(...cold));
    // The fit beats the constant base rate on its training samples.
    expect(model.whites.logLoss).toBeLessThan(model.whites.baseLogLoss);
    expect(model.powerball.logLoss).toBeLessThan(model.powerball.baseLogLoss);
  });

  it('on the real history: 100 tickets sharing at most 2 whites, from 20x candidates', async () => {
    const { tickets } = await runMode(task(currentEraDraws()));
    expect(tickets).toHaveLength(100);
    expect(maxSharedWhites(tickets)).toBeLessThanOrEqual(2);
    for (const t of tickets) {
      expect(t.strategy).toBe('v2_probability');
      expect(t.metadata!.candidates).toBeGreaterThanOrEqual(20 * 100);
      expect(t.metadata!.maxSharedWhites).toBe(2);
      expect(t.metadata!.overlapRelaxed).toBe(false);
      expect(t.confidence).toBeGreaterThan(0);
      expect(t.confidence).toBeLessThan(1);
    }
    // The batch spreads across the whites.
    expect(new Set(tickets.flatMap((t) => t.white_balls)).size).toBe(69);
  });

  it('relaxes the shared-whites limit step by step, and records it, when it cannot hold', async () => {
    // Only 10 whites are at all likely: 300 tickets cannot keep to 2 shared whites.
    const hot = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const draws = biasedDraws(400, { hotWhites: hot, bias: 2000, seed: 3 });
    const { tickets } = await runMode(task(draws, { batchSize: 300 }));
    expect(new Set(tickets.map((t) => `${t.white_balls}|${t.powerball}`)).size).toBe(300);
    const meta = tickets[0]!.metadata!;
    expect(meta.overlapRelaxed).toBe(true);
    expect(meta.maxSharedWhites as number).toBeGreaterThan(2);
    const relaxations = meta.relaxations as { limit: number; atTicket: number }[];
    expect(relaxations.map((r) => r.limit)).toEqual(
      Array.from({ length: relaxations.length }, (_, i) => 3 + i),
    );
    expect(maxSharedWhites(tickets)).toBe(meta.maxSharedWhites);
    // Tickets chosen before the first relaxation kept the limit of 2.
    expect(maxSharedWhites(tickets.slice(0, relaxations[0]!.atTicket))).toBeLessThanOrEqual(2);
  });

  itIsReproducible(tasks);

  it('trains without the job seed, reports progress, and reuses the model', async () => {
    const draws = currentEraDraws();
    const phases: Phase[] = [];
    const { first, second, third } = await runThrice(tasks, (phase) => phases.push(phase));
    expect(first.trained).toBe(true);
    expect(phases).toContain('train');
    expect(phases).toContain('generate');
    expect(second.trained).toBe(false);
    expect(third.trained).toBe(false);
    expect(third.tickets).toEqual(first.tickets);
    // A fresh training run (other folder, other seed) gives the same model.
    clearModelMemory();
    const ctx = modeContext(task(draws, { seed: 4321, options: options() }));
    const retrained = await v2Mode.model(ctx);
    expect(retrained.trained).toBe(true);
    expect(retrained.model).toEqual(trainV2(draws));
  });

  it('refuses too few draws, naming the mode and the minimum', async () => {
    const draws = currentEraDraws().slice(0, v2Mode.minDraws - 1);
    await expect(runMode(task(draws))).rejects.toThrow(ModeError);
    await expect(runMode(task(draws))).rejects.toThrow(/v2 needs at least 100 draws/);
    await expect(v2Mode.model(modeContext(task(draws)))).rejects.toThrow(/v2 needs at least 100/);
  });

  it('times training and a 100-ticket batch on the real history', async () => {
    clearModelMemory();
    const { trainMs, generateMs, trained } = await runMode(task(currentEraDraws()));
    expect(trained).toBe(true);
    console.log(
      `v2 on ${currentEraDraws().length} real draws: train ${trainMs.toFixed(1)} ms, generate 100 ${generateMs.toFixed(1)} ms`,
    );
  });
});
