import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../src/main/store/database';
import { DrawStore } from '../src/main/store/draw-store';
import { TicketStore, type NewTicket } from '../src/main/store/ticket-store';
import {
  cachedEvaluationReport,
  evaluatePending,
  evaluationReport,
  v1StrategyWeights,
} from '../src/main/evaluation';
import { drawInstant } from '../src/main/zoned-time';
import { CHANCE_WHITE_MEAN, tierProbability, WHITE_MATCH_PROBS } from '../src/shared/odds';
import { V1_STRATEGIES } from '../src/shared/powerball';
import { Rng } from '../src/generator/rng';
import { tempDir } from './helpers';

let db: Db;
let clock = 0;
let tickets: TicketStore;
let draws: DrawStore;
let cleanup: () => void;

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(join(t.dir, 'e.db'));
  tickets = new TicketStore(db, () => clock);
  draws = new DrawStore(db, () => clock);
});
afterEach(() => {
  db.close();
  cleanup();
});

const t = (whites: number[], powerball: number, strategy = 'uniform'): NewTicket => ({
  white_balls: whites,
  powerball,
  confidence: 0.5,
  strategy,
});

describe('odds', () => {
  it('match the published tiers and the chance baseline', () => {
    expect(WHITE_MATCH_PROBS.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(CHANCE_WHITE_MEAN).toBeCloseTo(0.3623, 4);
    expect(1 / tierProbability('5+PB')).toBeCloseTo(292_201_338, 0);
    expect(1 / tierProbability('4+PB')).toBeCloseTo(913_129.18, 1);
    expect(1 / tierProbability('3')).toBeCloseTo(579.76, 2);
    expect(1 / tierProbability('0+PB')).toBeCloseTo(38.32, 2);
  });
});

describe('evaluatePending', () => {
  it('scores each ticket against the first draw after it was made, once', () => {
    draws.upsertMany([
      { draw_date: '2026-01-03', white_balls: [1, 2, 3, 4, 5], powerball: 6, multiplier: null },
      {
        draw_date: '2026-01-05',
        white_balls: [10, 20, 30, 40, 50],
        powerball: 7,
        multiplier: null,
      },
    ]);
    // Made before the 01-03 draw (22:59 New York = 03:59 UTC on 01-04).
    clock = drawInstant('2026-01-03') - 60_000;
    tickets.insertBatch([t([1, 2, 3, 10, 20], 6), t([4, 5, 30, 40, 60], 1)], 'random', 'a');
    // Made one minute after it: belongs to the 01-05 draw.
    clock = drawInstant('2026-01-03') + 60_000;
    tickets.insertBatch([t([10, 20, 30, 40, 50], 7)], 'v1', 'b');
    // Made after the last draw: not scored yet.
    clock = drawInstant('2026-01-05') + 60_000;
    tickets.insertBatch([t([1, 2, 3, 4, 5], 6)], 'random', 'c');

    expect(evaluatePending(db, () => clock)).toBe(3);
    expect(evaluatePending(db, () => clock)).toBe(0);
    const rows = db
      .prepare(
        'SELECT mode, draw_date, white_matches, powerball_hit, tier FROM ticket_evaluations ORDER BY ticket_id',
      )
      .all();
    expect(rows).toEqual([
      { mode: 'random', draw_date: '2026-01-03', white_matches: 3, powerball_hit: 1, tier: '3+PB' },
      { mode: 'random', draw_date: '2026-01-03', white_matches: 2, powerball_hit: 0, tier: null },
      { mode: 'v1', draw_date: '2026-01-05', white_matches: 5, powerball_hit: 1, tier: '5+PB' },
    ]);
    // Scores outlive the tickets.
    tickets.deleteRun('a');
    expect(evaluationReport(db).modes.find((m) => m.mode === 'random')!.tickets).toBe(2);
  });

  it('is reported from a cache that is rebuilt only when new scores arrive', () => {
    draws.upsertMany([
      { draw_date: '2026-01-03', white_balls: [1, 2, 3, 4, 5], powerball: 6, multiplier: null },
      { draw_date: '2026-01-05', white_balls: [7, 8, 9, 10, 11], powerball: 2, multiplier: null },
    ]);
    const report = cachedEvaluationReport(db);
    const empty = report();
    expect(empty.evaluated_tickets).toBe(0);
    expect(report()).toBe(empty);

    clock = drawInstant('2026-01-03') - 60_000;
    tickets.insertBatch([t([1, 2, 3, 10, 20], 6)], 'random', 'a');
    expect(report()).toBe(empty); // not scored yet: nothing changed
    clock = drawInstant('2026-01-05') - 60_000;
    tickets.insertBatch([t([7, 8, 30, 40, 50], 1)], 'v1', 'b');
    expect(evaluatePending(db, () => clock)).toBe(2);
    const next = report();
    expect(next).not.toBe(empty);
    expect(next.evaluated_tickets).toBe(2);
    expect(report()).toBe(next);
  });
});

describe('evaluationReport', () => {
  it('finds uniform picks indistinguishable from chance, with an interval around 25/69', () => {
    const rng = new Rng(3);
    const uniform = new Float64Array(69).fill(1);
    const dates: string[] = [];
    for (let i = 0; i < 40; i++)
      dates.push(new Date(Date.UTC(2026, 0, 3) + i * 7 * 86_400_000).toISOString().slice(0, 10));
    draws.upsertMany(
      dates.map((d) => ({
        draw_date: d,
        white_balls: rng.sampleWithoutReplacement(uniform, 5),
        powerball: rng.int(1, 26),
        multiplier: null,
      })),
    );
    for (const d of dates) {
      clock = drawInstant(d) - 3_600_000;
      const batch: NewTicket[] = [];
      const seen = new Set<string>();
      while (batch.length < 200) {
        const w = rng.sampleWithoutReplacement(uniform, 5);
        const pb = rng.int(1, 26);
        if (seen.has(`${w}|${pb}`)) continue;
        seen.add(`${w}|${pb}`);
        batch.push(t(w, pb));
      }
      tickets.insertBatch(batch, 'random', d);
    }
    clock = Date.UTC(2027, 0, 1);
    evaluatePending(db, () => clock);
    const r = evaluationReport(db).modes.find((m) => m.mode === 'random')!;
    expect(r.tickets).toBe(8000);
    expect(r.draws).toBe(40);
    expect(r.white_matches_ci95![0]).toBeLessThan(CHANCE_WHITE_MEAN);
    expect(r.white_matches_ci95![1]).toBeGreaterThan(CHANCE_WHITE_MEAN);
    expect(r.verdict).toBe('not distinguishable from chance');
    const threes = r.tiers.find((x) => x.tier === '3')!;
    expect(threes.expected).toBeCloseTo(8000 * tierProbability('3'), 3);
  });

  it('says when a mode is off chance, and that it is most likely luck', () => {
    const dates = ['2026-01-03', '2026-01-05', '2026-01-07'];
    draws.upsertMany(
      dates.map((d) => ({
        draw_date: d,
        white_balls: [1, 2, 3, 4, 5],
        powerball: 1,
        multiplier: null,
      })),
    );
    for (const d of dates) {
      clock = drawInstant(d) - 3_600_000;
      tickets.insertBatch(
        Array.from({ length: 30 }, (_, i) => t([1, 2, 3, 10 + i, 50], 1 + (i % 26))),
        'v2',
        d,
      );
    }
    clock = Date.UTC(2027, 0, 1);
    evaluatePending(db, () => clock);
    const r = evaluationReport(db).modes.find((m) => m.mode === 'v2')!;
    expect(r.mean_white_matches).toBe(3);
    expect(r.verdict).toMatch(/white matches above chance so far; .*most likely luck/);
    const none = evaluationReport(db).modes.find((m) => m.mode === 'lstm')!;
    expect(none.verdict).toMatch(/no tickets scored yet/);
  });

  it('gives v1 equal strategy weights until tickets are scored, then follows them', () => {
    expect(Object.values(v1StrategyWeights(db, V1_STRATEGIES))).toEqual([1, 1, 1, 1, 1]);
    draws.upsertMany([
      { draw_date: '2026-01-03', white_balls: [1, 2, 3, 4, 5], powerball: 1, multiplier: null },
    ]);
    clock = drawInstant('2026-01-03') - 1000;
    tickets.insertBatch(
      [
        ...Array.from({ length: 50 }, (_, i) =>
          t([1, 2, 3, 20 + (i % 40), 68], 1 + (i % 26), 'cooccurrence'),
        ).filter(
          (x, i, all) =>
            all.findIndex(
              (y) => y.white_balls.join() === x.white_balls.join() && y.powerball === x.powerball,
            ) === i,
        ),
        ...Array.from({ length: 50 }, (_, i) =>
          t([30, 31, 32, 40 + (i % 20), 69], 1 + (i % 26), 'range_balanced'),
        ).filter(
          (x, i, all) =>
            all.findIndex(
              (y) => y.white_balls.join() === x.white_balls.join() && y.powerball === x.powerball,
            ) === i,
        ),
      ],
      'v1',
    );
    evaluatePending(db, () => clock + 10 ** 10);
    const w = v1StrategyWeights(db, V1_STRATEGIES);
    expect(w.cooccurrence).toBeGreaterThan(1);
    expect(w.range_balanced).toBeLessThan(1);
    expect(w.frequency_weighted).toBe(1);
  });
});
