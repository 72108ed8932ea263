/**
 * Walk-forward backtest of the generator modes against real draws.
 *   npm run backtest -- --draws FILE --from DATE --tickets N [--modes a,b] [--seed S]
 *                       [--to DATE] [--every K] [--out FILE]
 * For each draw on/after --from (and on/before --to) every mode learns from the current-era
 * draws before it only, generates N tickets with a seed fixed by --seed and the draw's date,
 * and the tickets are scored against that draw. Prints a table per mode (stdout), progress on
 * stderr, and writes the results as JSON. The statistics are the app's own
 * (src/main/evaluation.ts), so a backtest and the Evaluation screen read the same way.
 * Exit codes: 0 every mode scored every draw; 1 some mode failed on some draw (reported per
 * mode, results still written) or the run crashed; 2 bad arguments or an unreadable file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { table } from '../bench/lib';
import { drawsKey } from '../src/generator/history';
import { clearModelMemory } from '../src/generator/model-cache';
import { HYBRID_DEFAULT_RATIO } from '../src/generator/modes/hybrid';
import { Rng } from '../src/generator/rng';
import { runMode } from '../src/generator/run-mode';
import { parseDrawFile } from '../src/main/draws/formats';
import { judge, tierCounts, type Cluster } from '../src/main/evaluation';
import type { GeneratedTicket, HistoryDraw } from '../src/shared/generator-protocol';
import {
  CHANCE_POWERBALL_RATE,
  CHANCE_WHITE_MEAN,
  PRIZE_TIERS,
  prizeTier,
  tierProbability,
} from '../src/shared/odds';
import { CURRENT_ERA, MODES, type Mode } from '../src/shared/powerball';
import type { ModeEvaluation } from '../src/shared/schemas';

const DEFAULTS = { seed: 20151007, every: 5, out: 'bench-results/backtest.json' } as const;
/** The app's batch_size range. */
const MAX_TICKETS = 1000;

const HELP = `Usage: npm run backtest -- --draws FILE --from DATE --tickets N [options]

Walks forward through the draw history. For each draw on/after --from, every mode learns from
the current-era draws (since ${CURRENT_ERA.from}) before that draw only, generates N tickets
with a fixed seed, and the tickets are scored against the draw: white matches, Powerball hit,
prize tier. Prints a table per mode against chance (mean white matches vs 25/69 with a 95%
interval, Powerball hits vs 1/26, prize tiers vs their expected counts, a verdict) and writes
the results as JSON.

Required:
  --draws FILE     draw history (any format the app imports, e.g. the SHIOL CSV)
  --from DATE      first draw to score, YYYY-MM-DD, on/after ${CURRENT_ERA.from}
  --tickets N      tickets per mode per draw, 1..${MAX_TICKETS}

Options:
  --to DATE        last draw to score, YYYY-MM-DD (default: the last draw in the file)
  --modes a,b      comma-separated, from: ${MODES.join(', ')} (default: all)
  --seed S         integer 0..4294967295 (default ${DEFAULTS.seed}); each draw's tickets use a
                   seed derived from S and the draw's date, so a run is reproducible
  --every K        retrain every K scored draws (default ${DEFAULTS.every}). The models are
                   retrained on all the draws before the draw being scored, then reused for
                   the next K-1 draws: they never see the draw they are scored on, but miss
                   the draws since their last retrain. --every 1 retrains for every draw.
  --out FILE       JSON results (default ${DEFAULTS.out})
  -h, --help       this text

Cost: modes run one after another in this process (one core). Retraining all six modes on
~1,250 draws takes about 4-5 s (lstm ~3 s, random_forest ~0.7 s, v2 ~0.2 s, the others a few
ms); generating 100 tickets per mode takes ~0.1 s. So a 50-draw backtest of all modes takes
about 1 minute with --every 5 and 4 minutes with --every 1.

v1 uses equal strategy weights (the app adapts them from its own evaluations), hybrid the
default ${HYBRID_DEFAULT_RATIO * 100}/${100 - HYBRID_DEFAULT_RATIO * 100} v2/v1 mix. A mode that cannot run (too few earlier draws, say) is reported
for that draw; it never falls back to another mode.

Exit codes: 0 every mode scored every draw; 1 a mode failed on some draw (results are still
written) or the run crashed; 2 bad arguments or an unreadable draws file.`;

class UsageError extends Error {}

interface Args {
  draws: string;
  from: string;
  to: string | null;
  tickets: number;
  modes: Mode[];
  seed: number;
  every: number;
  out: string;
}

function isoDate(flag: string, v: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : null;
  if (!d || d.toISOString().slice(0, 10) !== v) {
    throw new UsageError(`${flag} must be a date as YYYY-MM-DD, got "${v}"`);
  }
  return v;
}

function integer(flag: string, v: string, min: number, max: number): number {
  const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${v}"`);
  }
  return n;
}

function parse(argv: string[]): Args | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        draws: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        tickets: { type: 'string' },
        modes: { type: 'string' },
        seed: { type: 'string' },
        every: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    // node:util's messages name the flag ("Unknown option '--x'", "Option '--from <value>' ...").
    throw new UsageError(
      `${(err as Error).message.replace(/\. To specify a positional.*$/s, '')}; ` +
        'the flags are --draws, --from, --to, --tickets, --modes, --seed, --every, --out, --help',
    );
  }
  if (values.help) return null;
  for (const flag of ['draws', 'from', 'tickets'] as const) {
    if (values[flag] === undefined) throw new UsageError(`--${flag} is required`);
  }
  const from = isoDate('--from', values.from!);
  if (from < CURRENT_ERA.from) {
    throw new UsageError(
      `--from must be on or after ${CURRENT_ERA.from}, the first draw of the current 69/26 matrix ` +
        `(the modes learn from and are scored on current-era draws only), got ${from}`,
    );
  }
  const to = values.to === undefined ? null : isoDate('--to', values.to);
  if (to !== null && to < from) throw new UsageError(`--to (${to}) is before --from (${from})`);
  const modes = (values.modes ?? MODES.join(','))
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  const unknown = modes.filter((m) => !(MODES as readonly string[]).includes(m));
  if (modes.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--modes must be a comma-separated list of: ${MODES.join(', ')}` +
        (unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : '; got none'),
    );
  }
  if (new Set(modes).size !== modes.length) throw new UsageError('--modes must not repeat a mode');
  return {
    draws: values.draws!,
    from,
    to,
    tickets: integer('--tickets', values.tickets!, 1, MAX_TICKETS),
    modes: modes as Mode[],
    seed:
      values.seed === undefined ? DEFAULTS.seed : integer('--seed', values.seed, 0, 2 ** 32 - 1),
    every:
      values.every === undefined ? DEFAULTS.every : integer('--every', values.every, 1, 1_000_000),
    out: values.out ?? DEFAULTS.out,
  };
}

/** Current-era draws of the file, oldest first. */
function loadDraws(file: string): HistoryDraw[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--draws: cannot read ${file}: ${(err as Error).message}`);
  }
  let parsed;
  try {
    parsed = parseDrawFile(text);
  } catch (err) {
    throw new UsageError(
      `--draws: ${file} is not a draw file the app can import: ${(err as Error).message}`,
    );
  }
  const draws = parsed.draws
    .filter((d) => d.draw_date >= CURRENT_ERA.from)
    .sort((a, b) => a.draw_date.localeCompare(b.draw_date))
    .map((d) => ({ date: d.draw_date, whites: d.white_balls, powerball: d.powerball }));
  for (let i = 1; i < draws.length; i++) {
    if (draws[i]!.date === draws[i - 1]!.date) {
      throw new UsageError(`--draws: ${file} has two draws on ${draws[i]!.date}`);
    }
  }
  return draws;
}

/** One mode's tickets scored against one draw. */
interface DrawScore {
  tickets: number;
  /** Tickets with 0..5 white matches. */
  white_match_counts: number[];
  powerball_hits: number;
  /** Prize tiers won (only tiers with a count). */
  tiers: Record<string, number>;
  by_strategy: Record<string, Cluster>;
  train_ms: number;
  generate_ms: number;
  trained: boolean;
}

function score(
  tickets: readonly GeneratedTicket[],
  draw: HistoryDraw,
): Omit<DrawScore, 'train_ms' | 'generate_ms' | 'trained'> {
  const drawn = new Set(draw.whites);
  const out = {
    tickets: tickets.length,
    white_match_counts: [0, 0, 0, 0, 0, 0],
    powerball_hits: 0,
    tiers: {} as Record<string, number>,
    by_strategy: {} as Record<string, Cluster>,
  };
  for (const t of tickets) {
    const matches = t.white_balls.filter((n) => drawn.has(n)).length;
    const hit = t.powerball === draw.powerball;
    out.white_match_counts[matches]!++;
    if (hit) out.powerball_hits++;
    const tier = prizeTier(matches, hit);
    if (tier) out.tiers[tier] = (out.tiers[tier] ?? 0) + 1;
    const s = (out.by_strategy[t.strategy] ??= { n: 0, whites: 0, whitesSq: 0, hits: 0 });
    s.n++;
    s.whites += matches;
    s.whitesSq += matches * matches;
    s.hits += hit ? 1 : 0;
  }
  return out;
}

const cluster = (s: DrawScore): Cluster => ({
  n: s.tickets,
  whites: s.white_match_counts.reduce((a, c, k) => a + c * k, 0),
  whitesSq: s.white_match_counts.reduce((a, c, k) => a + c * k * k, 0),
  hits: s.powerball_hits,
});

interface DrawResult {
  date: string;
  whites: number[];
  powerball: number;
  /** What the models learned from: the current-era draws before `trained_through` (inclusive). */
  trained_on_draws: number;
  trained_through: string | null;
  retrained: boolean;
  seed: number;
  modes: Partial<Record<Mode, DrawScore | { error: string }>>;
}

interface ModeSummary extends ModeEvaluation {
  draws_failed: number;
  /** Failures by kind (numbers aside): the first message and every draw it happened on. */
  failures: { error: string; draws: string[] }[];
  train_ms_total: number;
  generate_ms_total: number;
  trainings: number;
  strategies: (Omit<ModeEvaluation, 'mode' | 'tiers'> & { strategy: string })[];
}

function summarize(mode: Mode, results: readonly DrawResult[]): ModeSummary {
  const scores: DrawScore[] = [];
  const failures = new Map<string, { error: string; draws: string[] }>();
  for (const r of results) {
    const m = r.modes[mode];
    if (!m) continue;
    if ('error' in m) {
      // One group per kind of failure: "needs 150 draws and has 3" and "... has 4" are one.
      const kind = m.error.replace(/\d+/g, '#');
      const f = failures.get(kind) ?? { error: m.error, draws: [] };
      f.draws.push(r.date);
      failures.set(kind, f);
    } else scores.push(m);
  }
  const judged = judge(scores.map(cluster));
  const strategyNames = [...new Set(scores.flatMap((s) => Object.keys(s.by_strategy)))].sort();
  return {
    mode,
    ...judged,
    tiers: tierCounts(judged.tickets, (id) => scores.reduce((a, s) => a + (s.tiers[id] ?? 0), 0)),
    draws_failed: results.length - scores.length,
    ...(scores.length === 0 && results.length > 0
      ? { verdict: 'no tickets scored: the mode failed on every draw' }
      : {}),
    failures: [...failures.values()],
    train_ms_total: Math.round(scores.reduce((a, s) => a + s.train_ms, 0)),
    generate_ms_total: Math.round(scores.reduce((a, s) => a + s.generate_ms, 0)),
    trainings: scores.filter((s) => s.trained).length,
    strategies: strategyNames.map((strategy) => ({
      strategy,
      ...judge(scores.flatMap((s) => (s.by_strategy[strategy] ? [s.by_strategy[strategy]] : []))),
    })),
  };
}

// ---------------------------------------------------------------- printing

const f4 = (v: number | null) => (v === null ? '-' : v.toFixed(4));
const ci = (v: [number, number] | null) => (v ? `[${f4(v[0])}, ${f4(v[1])}]` : '-');
const int = (v: number) => v.toLocaleString('en-US');
/** Expected counts: two decimals, or two significant digits when tiny (the jackpot). */
const expected = (v: number) => (v === 0 || v >= 0.01 ? v.toFixed(2) : v.toExponential(1));
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function modeBlock(s: ModeSummary, scheduled: number): string {
  const lines = [
    `\n== ${s.mode} ${'='.repeat(Math.max(0, 60 - s.mode.length))}`,
    table(
      ['measure', 'value', '95% interval', 'chance'],
      [
        ['draws scored', `${int(s.draws)} of ${int(scheduled)}`, '', ''],
        ['tickets', int(s.tickets), '', ''],
        [
          'mean white matches',
          f4(s.mean_white_matches),
          ci(s.white_matches_ci95),
          `${CHANCE_WHITE_MEAN.toFixed(4)} (25/69)`,
        ],
        [
          'Powerball hit rate',
          s.powerball_rate === null
            ? '-'
            : `${f4(s.powerball_rate)} (${int(s.powerball_hits)} hit${s.powerball_hits === 1 ? '' : 's'})`,
          ci(s.powerball_rate_ci95),
          `${CHANCE_POWERBALL_RATE.toFixed(4)} (1/26)`,
        ],
        [
          'time training / generating',
          `${secs(s.train_ms_total)} / ${secs(s.generate_ms_total)}`,
          `${s.trainings} trainings`,
          '',
        ],
      ],
    ),
    '',
    table(
      ['prize tier', 'prize', 'odds per ticket', 'count', 'expected'],
      PRIZE_TIERS.map((t) => {
        const p = tierProbability(t.id);
        const count = s.tiers.find((x) => x.tier === t.id)?.count ?? 0;
        return [
          t.id,
          t.prize,
          `1 in ${int(Math.round(1 / p))}`,
          int(count),
          expected(s.tickets * p),
        ];
      }),
    ),
    `verdict: ${s.verdict}`,
  ];
  for (const f of s.failures) {
    const where = f.draws.length <= 3 ? f.draws.join(', ') : `${f.draws[0]} .. ${f.draws.at(-1)}`;
    lines.push(`FAILED on ${f.draws.length} draw(s) (${where}), first: ${f.error}`);
  }
  return lines.join('\n');
}

function summaryTable(summaries: readonly ModeSummary[]): string {
  return table(
    [
      'mode',
      'draws',
      'tickets',
      'white matches [95%]',
      'PB rate [95%]',
      'prizes / expected',
      'failed',
      'verdict',
    ],
    summaries.map((s) => {
      const won = s.tiers.reduce((a, t) => a + t.count, 0);
      const expected = s.tiers.reduce((a, t) => a + t.expected, 0);
      return [
        s.mode,
        int(s.draws),
        int(s.tickets),
        s.mean_white_matches === null
          ? '-'
          : `${f4(s.mean_white_matches)} ${ci(s.white_matches_ci95)}`,
        s.powerball_rate === null ? '-' : `${f4(s.powerball_rate)} ${ci(s.powerball_rate_ci95)}`,
        `${int(won)} / ${expected.toFixed(1)}`,
        int(s.draws_failed),
        s.verdict,
      ];
    }),
  );
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  let args: Args | null;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`backtest: ${err.message}\nRun with --help for usage.`);
    return 2;
  }
  if (!args) {
    console.log(HELP);
    return 0;
  }
  try {
    return await backtest(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`backtest: ${err.message}`);
    return 2;
  }
}

async function backtest(args: Args): Promise<number> {
  const began = performance.now();
  const era = loadDraws(args.draws);
  if (era.length === 0) {
    throw new UsageError(`--draws: ${args.draws} has no draws since ${CURRENT_ERA.from}`);
  }
  const targets = era
    .map((d, index) => ({ d, index }))
    .filter(({ d }) => d.date >= args.from && (args.to === null || d.date <= args.to));
  if (targets.length === 0) {
    throw new UsageError(
      `no draws from ${args.from}${args.to ? ` to ${args.to}` : ''} in ${args.draws} ` +
        `(its current-era draws run from ${era[0]!.date} to ${era.at(-1)!.date})`,
    );
  }
  const out = resolve(args.out);
  const modelDir = mkdtempSync(join(tmpdir(), 'shiol-backtest-models-'));
  const results: DrawResult[] = [];
  let history: HistoryDraw[] = [];
  let key = '';
  try {
    for (const [i, { d, index }] of targets.entries()) {
      const t0 = performance.now();
      const retrain = i % args.every === 0;
      if (retrain) {
        // Everything before this draw, nothing from it on.
        history = era.slice(0, index);
        key = drawsKey(history);
        clearModelMemory();
      }
      const seed = Rng.derive(args.seed, `backtest:${d.date}`).int(0, 0xffffffff);
      const result: DrawResult = {
        date: d.date,
        whites: d.whites,
        powerball: d.powerball,
        trained_on_draws: history.length,
        trained_through: history.at(-1)?.date ?? null,
        retrained: retrain,
        seed,
        modes: {},
      };
      const failed: string[] = [];
      for (const mode of args.modes) {
        try {
          const o = await runMode({
            mode,
            batchSize: args.tickets,
            seed,
            draws: history,
            drawsKey: key,
            options: { hybridRatio: HYBRID_DEFAULT_RATIO, modelDir, maxWorkers: 1 },
          });
          result.modes[mode] = {
            ...score(o.tickets, d),
            train_ms: Math.round(o.trainMs),
            generate_ms: Math.round(o.generateMs),
            trained: o.trained,
          };
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          result.modes[mode] = { error };
          failed.push(`${mode}: ${error}`);
        }
      }
      results.push(result);
      const elapsed = performance.now() - began;
      const left = (elapsed / (i + 1)) * (targets.length - i - 1);
      console.error(
        `[backtest] draw ${i + 1} of ${targets.length} ${d.date}` +
          ` (${retrain ? 'retrained' : 'models'} on ${int(history.length)} draws to ${result.trained_through ?? '-'})` +
          ` ${secs(performance.now() - t0)}, ~${secs(left)} left` +
          failed.map((f) => `\n[backtest]   FAILED ${f}`).join(''),
      );
    }
  } finally {
    clearModelMemory();
    rmSync(modelDir, { recursive: true, force: true });
  }

  const summaries = args.modes.map((m) => summarize(m, results));
  const durationS = (performance.now() - began) / 1000;
  console.log(
    `Backtest: ${int(targets.length)} draws ${targets[0]!.d.date} .. ${targets.at(-1)!.d.date}, ` +
      `${int(args.tickets)} tickets per mode per draw, seed ${args.seed}, retrain every ${args.every} draw(s)`,
  );
  for (const s of summaries) console.log(modeBlock(s, targets.length));
  console.log(`\n== summary ${'='.repeat(54)}`);
  console.log(summaryTable(summaries));
  console.log(
    '\nDraws are random: no mode can beat chance in expectation. An interval that misses chance ' +
      'in a backtest of many modes is most likely luck.',
  );

  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      {
        generated_at: new Date().toISOString(),
        config: {
          draws_file: resolve(args.draws),
          from: args.from,
          to: args.to,
          tickets: args.tickets,
          modes: args.modes,
          seed: args.seed,
          every: args.every,
          hybrid_ratio: HYBRID_DEFAULT_RATIO,
          v1_weights: 'equal',
        },
        chance: {
          white_matches: CHANCE_WHITE_MEAN,
          powerball_rate: CHANCE_POWERBALL_RATE,
          tiers: PRIZE_TIERS.map((t) => t.id),
        },
        current_era_draws: era.length,
        draws_scored: targets.length,
        first_draw: targets[0]!.d.date,
        last_draw: targets.at(-1)!.d.date,
        duration_s: Math.round(durationS * 10) / 10,
        modes: summaries,
        draws: results,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`results written to ${out} (${secs(durationS * 1000)})`);
  return summaries.some((s) => s.draws_failed > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`backtest failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
