import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMode } from '../src/generator/run-mode';
import { CHANCE_WHITE_MEAN, PRIZE_TIERS, prizeTier, tierProbability } from '../src/shared/odds';
import { MODES, type Mode } from '../src/shared/powerball';
import { currentEraDraws, REPO_ROOT, SHARED_DRAWS, tempDir } from './helpers';

/** The real CLI in a child process, as `npm run backtest` runs it. */
function backtest(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backtest.ts', ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b));
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Score {
  tickets: number;
  white_match_counts: number[];
  powerball_hits: number;
  tiers: Record<string, number>;
}
interface Result {
  config: { modes: Mode[]; tickets: number; seed: number; every: number };
  draws_scored: number;
  modes: {
    mode: Mode;
    draws: number;
    tickets: number;
    draws_failed: number;
    failures: { error: string; draws: string[] }[];
    mean_white_matches: number | null;
    white_matches_ci95: [number, number] | null;
    chance_white_matches: number;
    powerball_hits: number;
    verdict: string;
    tiers: { tier: string; count: number; expected: number }[];
  }[];
  draws: {
    date: string;
    whites: number[];
    powerball: number;
    trained_on_draws: number;
    trained_through: string | null;
    retrained: boolean;
    seed: number;
    modes: Record<string, Score | { error: string }>;
  }[];
}

const tmp = tempDir('shiol-backtest-');
afterAll(() => tmp.cleanup());
const era = currentEraDraws();
const last3 = era.slice(-3);

describe('npm run backtest', () => {
  it('walks forward over the last draws, scores each against chance and writes JSON', async () => {
    const out = join(tmp.dir, 'bt.json');
    const r = await backtest([
      '--draws',
      SHARED_DRAWS,
      '--from',
      last3[0]!.date,
      '--tickets',
      '8',
      '--modes',
      'random,v1',
      '--seed',
      '7',
      '--every',
      '2',
      '--out',
      out,
    ]);
    expect(r.stderr).toContain('draw 1 of 3');
    expect(r.stderr).toContain('draw 3 of 3');
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as Result;

    expect(json.config).toMatchObject({ modes: ['random', 'v1'], tickets: 8, seed: 7, every: 2 });
    expect(json.draws_scored).toBe(3);
    expect(json.draws.map((d) => d.date)).toEqual(last3.map((d) => d.date));
    expect(json.draws.map((d) => [d.whites, d.powerball])).toEqual(
      last3.map((d) => [d.whites, d.powerball]),
    );

    // Retrained at draws 1 and 3 on everything before them; draw 2 reuses draw 1's models.
    const n = era.length;
    expect(json.draws.map((d) => [d.retrained, d.trained_on_draws])).toEqual([
      [true, n - 3],
      [false, n - 3],
      [true, n - 1],
    ]);
    for (const d of json.draws) expect(d.trained_through! < d.date).toBe(true);

    for (const [i, d] of json.draws.entries()) {
      const draw = last3[i]!;
      for (const mode of ['random', 'v1'] as const) {
        const s = d.modes[mode] as Score;
        // The same tickets again, from the recorded seed and the draws before the retrain only.
        const { tickets } = await runMode({
          mode,
          batchSize: 8,
          seed: d.seed,
          draws: era.slice(0, d.trained_on_draws),
          options: { hybridRatio: 0.7, modelDir: tmp.dir, maxWorkers: 1 },
        });
        const matches = tickets.map(
          (t) => t.white_balls.filter((w) => draw.whites.includes(w)).length,
        );
        const hits = tickets.map((t) => t.powerball === draw.powerball);
        expect(s.tickets).toBe(8);
        expect(s.white_match_counts).toEqual(
          [0, 1, 2, 3, 4, 5].map((k) => matches.filter((m) => m === k).length),
        );
        expect(s.powerball_hits).toBe(hits.filter(Boolean).length);
        const tiers: Record<string, number> = {};
        matches.forEach((m, j) => {
          const t = prizeTier(m, hits[j]!);
          if (t) tiers[t] = (tiers[t] ?? 0) + 1;
        });
        expect(s.tiers).toEqual(tiers);
      }
    }

    for (const m of json.modes) {
      expect(m.draws).toBe(3);
      expect(m.tickets).toBe(24);
      expect(m.draws_failed).toBe(0);
      const scores = json.draws.map((d) => d.modes[m.mode] as Score);
      const whites = scores.reduce(
        (a, s) => a + s.white_match_counts.reduce((b, c, k) => b + c * k, 0),
        0,
      );
      expect(m.mean_white_matches).toBeCloseTo(whites / 24, 4);
      expect(m.white_matches_ci95![0]).toBeLessThanOrEqual(m.mean_white_matches!);
      expect(m.white_matches_ci95![1]).toBeGreaterThanOrEqual(m.mean_white_matches!);
      expect(m.chance_white_matches).toBeCloseTo(CHANCE_WHITE_MEAN, 4);
      expect(m.tiers.map((t) => t.tier)).toEqual(PRIZE_TIERS.map((t) => t.id));
      for (const t of m.tiers) {
        expect(t.expected).toBeCloseTo(24 * tierProbability(t.tier as never), 4);
        expect(t.count).toBe(scores.reduce((a, s) => a + (s.tiers[t.tier] ?? 0), 0));
      }
      expect(m.verdict).not.toBe('');

      // The table for this mode, with the same figures.
      const block = r.stdout.slice(r.stdout.indexOf(`== ${m.mode} `));
      expect(block).toMatch(/draws scored\s+\|\s+3 of 3/);
      expect(block).toMatch(/tickets\s+\|\s+24/);
      expect(block).toContain(m.mean_white_matches!.toFixed(4));
      expect(block).toContain('0.3623 (25/69)');
      expect(block).toContain('0.0385 (1/26)');
      expect(block).toContain('prize tier');
      expect(block).toContain(`verdict: ${m.verdict}`);
    }
    expect(r.stdout).toContain('== summary');
  });

  it('reports a mode that cannot run on a draw, for that mode only, and exits 1', async () => {
    const out = join(tmp.dir, 'fail.json');
    const r = await backtest([
      '--draws',
      SHARED_DRAWS,
      '--from',
      era[0]!.date,
      '--to',
      era[1]!.date,
      '--tickets',
      '4',
      '--modes',
      'v1,random',
      '--out',
      out,
    ]);
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(out, 'utf8')) as Result;
    const v1 = json.modes.find((m) => m.mode === 'v1')!;
    const random = json.modes.find((m) => m.mode === 'random')!;
    expect(v1).toMatchObject({ draws: 0, tickets: 0, draws_failed: 2 });
    expect(v1.failures[0]!.error).toMatch(/v1 needs at least 50 draws/);
    expect(v1.failures[0]!.draws).toEqual([era[0]!.date, era[1]!.date]);
    expect(random).toMatchObject({ draws: 2, tickets: 8, draws_failed: 0 });
    expect(r.stdout).toMatch(/FAILED on 2 draw\(s\).*v1 needs at least 50 draws/);
    expect(r.stderr).toMatch(/FAILED v1: v1 needs at least 50 draws/);
  });

  it.each([
    [['--modes', 'random,bogus'], /--modes .*random_forest, lstm, v1, v2, hybrid, random.*bogus/],
    [['--tickets', '0'], /--tickets must be a whole number from 1 to 1000, got "0"/],
    [['--from', '2014-05-01'], /--from must be on or after 2015-10-07/],
    [['--every', 'x'], /--every must be a whole number/],
    [['--frm', '2025-01-01'], /Unknown option '--frm'.*--from/],
  ])('rejects bad arguments %j with exit code 2', async (bad, message) => {
    const base: Record<string, string> = {
      '--draws': SHARED_DRAWS,
      '--from': last3[0]!.date,
      '--tickets': '3',
      '--modes': 'random',
      '--out': join(tmp.dir, 'bad.json'),
    };
    const args = Object.entries(base).flatMap(([k, v]) => (bad.includes(k) ? [] : [k, v]));
    const r = await backtest([...args, ...bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('names every mode in --help', async () => {
    const r = await backtest(['--help']);
    expect(r.code).toBe(0);
    for (const m of MODES) expect(r.stdout).toContain(m);
    expect(r.stdout).toContain('--every K');
  });
});
