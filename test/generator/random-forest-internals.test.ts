import { describe, expect, it } from 'vitest';
import {
  engineer,
  FEATURE_NAMES,
  POWERBALL_POOL,
  WHITE_POOL,
  WINDOWS,
} from '../../src/generator/forest/features';
import { binEdges, binOf, predictForest, trainForest } from '../../src/generator/forest/forest';
import { counts, gaps } from '../../src/generator/history';
import { Rng } from '../../src/generator/rng';
import { biasedDraws } from '../helpers';

const DRAWS = biasedDraws(300, { seed: 7 });
const column = (name: string) => FEATURE_NAMES.indexOf(name as (typeof FEATURE_NAMES)[number]);

describe('random_forest features', () => {
  it('computes the "now" features from the whole history, matching counts() and gaps()', () => {
    for (const pool of [WHITE_POOL, POWERBALL_POOL]) {
      const { now } = engineer(DRAWS, pool, 250);
      const g = gaps(DRAWS);
      const gap = pool === WHITE_POOL ? g.whites : g.powerballs;
      for (const w of WINDOWS) {
        const c = counts(DRAWS.slice(-w));
        const seen = pool === WHITE_POOL ? c.whites : c.powerballs;
        expect(Array.from(now.columns[column(`freq_${w}`)]!)).toEqual(
          Array.from(seen, (x) => x / w),
        );
      }
      expect(Array.from(now.columns[column('gap')]!)).toEqual(Array.from(gap));
      expect(now.columns[column('parity')]![6]).toBe(1);
      expect(now.columns[column('range')]![pool.size - 1]).toBe(
        Math.floor((pool.size - 1) / pool.bucket),
      );
      const last = DRAWS[DRAWS.length - 1]!.whites;
      expect(now.columns[column('prev_sum')]![0]).toBe(last.reduce((a, b) => a + b, 0));
      expect(now.columns[column('prev_odd')]![0]).toBe(last.filter((n) => n % 2).length);
    }
  });

  it('uses only draws before each target, and labels whether the number was drawn', () => {
    const from = 240;
    const { train } = engineer(DRAWS, WHITE_POOL, from);
    expect(train.rows).toBe(60 * 69);
    for (const t of [from, 271, 299]) {
      // The features for target t are exactly the "now" features of the history cut at t.
      const { now } = engineer(DRAWS.slice(0, t), WHITE_POOL, from);
      const base = (t - from) * 69;
      for (let f = 0; f < FEATURE_NAMES.length; f++) {
        expect(Array.from(train.columns[f]!.subarray(base, base + 69))).toEqual(
          Array.from(now.columns[f]!),
        );
      }
      const drawn = Array.from(train.labels.subarray(base, base + 69)).flatMap((l, i) =>
        l ? [i + 1] : [],
      );
      expect(drawn).toEqual(DRAWS[t]!.whites);
    }
  });
});

describe('forest', () => {
  it('bins by distinct values or quantiles, at most the given number of bins', () => {
    const few = binEdges(Float64Array.from([3, 1, 2, 2, 3]), 32);
    expect(Array.from(few)).toEqual([1, 2]);
    expect([1, 2, 3, 9].map((v) => binOf(v, few))).toEqual([0, 1, 2, 2]);
    const many = binEdges(
      Float64Array.from({ length: 1000 }, (_, i) => i),
      32,
    );
    expect(many.length).toBe(31);
    expect(binOf(999, many)).toBe(31);
  });

  it('learns a simple rule and is deterministic for a seed', () => {
    const rng = new Rng(1);
    const rows = 4000;
    const x0 = Float64Array.from({ length: rows }, () => rng.next());
    const x1 = Float64Array.from({ length: rows }, () => rng.next());
    const labels = Uint8Array.from(x0, (v) => (rng.next() < (v > 0.7 ? 0.8 : 0.1) ? 1 : 0));
    const params = { trees: 20, maxDepth: 6, minLeaf: 20, mtry: 1, bins: 32 };
    let progress = 0;
    const a = trainForest([x0, x1], labels, params, new Rng(9), (done) => (progress = done));
    expect(progress).toBe(20);
    expect(a.importance[0]).toBeGreaterThan(0.8);
    expect(a.oobLogLoss).toBeLessThan(a.baseLogLoss);
    const p = predictForest(
      a.forest,
      [Float64Array.from([0.2, 0.9]), Float64Array.from([0.5, 0.5])],
      2,
    );
    expect(p[0]).toBeLessThan(0.2);
    expect(p[1]).toBeGreaterThan(0.65);
    const b = trainForest([x0, x1], labels, params, new Rng(9));
    expect(b.forest).toEqual(a.forest);
  });
});
