import { describe, expect, it } from 'vitest';
import { ticketKey } from '../../src/generator/modes/batch';
import { clearModelMemory } from '../../src/generator/model-cache';
import { hybridMode } from '../../src/generator/modes/hybrid';
import { ModeError } from '../../src/generator/modes/types';
import { V1_STRATEGIES } from '../../src/generator/modes/v1';
import { modeContext, runMode } from '../../src/generator/run-mode';
import type { GeneratedTicket } from '../../src/shared/generator-protocol';
import { biasedDraws, currentEraDraws } from '../helpers';
import { itIsReproducible, modeTasks, runThrice } from './mode-tasks';

const tasks = modeTasks('hybrid');
const { options, task } = tasks;

const source = (tickets: GeneratedTicket[], s: 'v1' | 'v2') =>
  tickets.filter((t) => t.metadata?.source === s);

describe('hybrid mode', () => {
  it('mixes 70% v2 and 30% v1 at ratio 0.7, tagged and without duplicates', async () => {
    const { tickets } = await runMode(task(currentEraDraws()));
    const v2 = source(tickets, 'v2');
    const v1 = source(tickets, 'v1');
    expect(v2).toHaveLength(70);
    expect(v1).toHaveLength(30);
    expect(new Set(tickets.map(ticketKey)).size).toBe(100);
    for (const t of v2) expect(t.strategy).toBe('hybrid:v2_probability');
    const v1Strategies = new Set(v1.map((t) => t.strategy));
    expect(v1Strategies).toEqual(new Set(V1_STRATEGIES.map((s) => `hybrid:${s}`)));
    // The v2 part keeps its own shared-whites limit.
    for (let i = 0; i < v2.length; i++) {
      for (let j = i + 1; j < v2.length; j++) {
        const shared = v2[i]!.white_balls.filter((n) => v2[j]!.white_balls.includes(n));
        expect(shared.length).toBeLessThanOrEqual(2);
      }
    }
  });

  it('is all v1 at ratio 0 and all v2 at ratio 1', async () => {
    const draws = currentEraDraws();
    const none = await runMode(task(draws, { options: options({ hybridRatio: 0 }) }));
    expect(source(none.tickets, 'v1')).toHaveLength(100);
    const all = await runMode(task(draws, { options: options({ hybridRatio: 1 }) }));
    expect(source(all.tickets, 'v2')).toHaveLength(100);
    await expect(runMode(task(draws, { options: options({ hybridRatio: 1.5 }) }))).rejects.toThrow(
      /hybrid ratio/,
    );
  });

  it('passes v1Weights on to its v1 part', async () => {
    const { tickets } = await runMode(
      task(currentEraDraws(), {
        options: options({ hybridRatio: 0.5, v1Weights: { range_balanced: 1 } }),
      }),
    );
    const v1 = source(tickets, 'v1');
    expect(v1).toHaveLength(50);
    for (const t of v1) expect(t.strategy).toBe('hybrid:range_balanced');
  });

  it('uses the models: hot numbers come up far more often than uniform', async () => {
    const draws = biasedDraws(800, { hotWhites: [7, 14, 21, 28, 35], hotPowerball: 9 });
    const { tickets } = await runMode(task(draws));
    const v2 = source(tickets, 'v2');
    for (const h of [7, 14, 21, 28, 35]) {
      const rate = v2.filter((t) => t.white_balls.includes(h)).length / v2.length;
      expect(rate).toBeGreaterThan((2 * 5) / 69);
    }
    expect(tickets.filter((t) => t.powerball === 9).length / tickets.length).toBeGreaterThan(
      1 / 26,
    );
  });

  itIsReproducible(tasks);

  it('reuses the v1 and v2 models from memory and from disk', async () => {
    const draws = currentEraDraws();
    const { first, second, third, opts } = await runThrice(tasks);
    expect(first.trained).toBe(true);
    expect(second.trained).toBe(false);
    expect(third.trained).toBe(false);
    expect(third.tickets).toEqual(first.tickets);
    // The models are the ones v1 and v2 saved: those modes need no training now.
    expect((await runMode({ ...task(draws, { options: opts }), mode: 'v1' })).trained).toBe(false);
    expect((await runMode({ ...task(draws, { options: opts }), mode: 'v2' })).trained).toBe(false);
  });

  it('refuses too few draws, naming the mode and the minimum', async () => {
    expect(hybridMode.minDraws).toBe(100);
    const draws = currentEraDraws().slice(0, 99);
    await expect(runMode(task(draws))).rejects.toThrow(ModeError);
    await expect(runMode(task(draws))).rejects.toThrow(/hybrid needs at least 100 draws/);
    await expect(hybridMode.model(modeContext(task(draws)))).rejects.toThrow(
      /hybrid needs at least 100/,
    );
  });

  it('times training and a 100-ticket batch on the real history', async () => {
    clearModelMemory();
    const { trainMs, generateMs, trained } = await runMode(task(currentEraDraws()));
    expect(trained).toBe(true);
    console.log(
      `hybrid on ${currentEraDraws().length} real draws: train ${trainMs.toFixed(1)} ms, generate 100 ${generateMs.toFixed(1)} ms`,
    );
  });
});
