import { MODES, type Mode } from '../shared/powerball';
import {
  CHANCE_POWERBALL_RATE,
  CHANCE_WHITE_MEAN,
  PRIZE_TIERS,
  prizeTier,
  tierProbability,
  type TierId,
} from '../shared/odds';
import type { Evaluation, ModeEvaluation } from '../shared/schemas';
import type { Db } from './store/database';
import { DrawStore } from './store/draw-store';
import { drawInstant } from './zoned-time';

const Z95 = 1.959964;

/**
 * Scores every stored ticket not yet scored against the first draw after it was made.
 * Scores are kept apart from the tickets, so they outlive retention.
 */
export function evaluatePending(db: Db, now: () => number = Date.now): number {
  // The current matrix's draws, as the models see them.
  const draws = new DrawStore(db).currentEra().map((d) => ({
    date: d.draw_date,
    at: drawInstant(d.draw_date),
    whites: new Set(d.white_balls),
    powerball: d.powerball,
  }));
  if (draws.length === 0) return 0;
  const pending = db
    .prepare<
      [number],
      {
        id: number;
        mode: string;
        strategy: string;
        run: string | null;
        n1: number;
        n2: number;
        n3: number;
        n4: number;
        n5: number;
        powerball: number;
        created_at: number;
      }
    >(
      `SELECT id, mode, strategy, pipeline_run_id AS run, n1, n2, n3, n4, n5, powerball, created_at
       FROM pre_generated_tickets t
       WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM ticket_evaluations e WHERE e.ticket_id = t.id)`,
    )
    .iterate(draws.at(-1)!.at);
  const put = db.prepare(
    `INSERT INTO ticket_evaluations
       (ticket_id, mode, strategy, run_id, draw_date, white_matches, powerball_hit, tier, evaluated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const at = now();
  const rows: unknown[][] = [];
  for (const t of pending) {
    // First draw strictly after the ticket was made (binary search).
    let lo = 0;
    let hi = draws.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (draws[mid]!.at > t.created_at) hi = mid;
      else lo = mid + 1;
    }
    const d = draws[lo];
    if (!d) continue;
    const matches = [t.n1, t.n2, t.n3, t.n4, t.n5].filter((n) => d.whites.has(n)).length;
    const hit = t.powerball === d.powerball;
    rows.push([
      t.id,
      t.mode,
      t.strategy,
      t.run,
      d.date,
      matches,
      hit ? 1 : 0,
      prizeTier(matches, hit),
      at,
    ]);
  }
  db.transaction(() => {
    for (const r of rows) put.run(...r);
  })();
  return rows.length;
}

/** The tickets of one group scored against one draw: count, sums of white matches and their
 *  squares, and Powerball hits. */
export interface Cluster {
  n: number;
  whites: number;
  whitesSq: number;
  hits: number;
}

/** Mean with a 95% interval; tickets scored against the same draw are not independent, so
 *  the standard error is the larger of the plain and the draw-clustered estimate. */
function meanCi(clusters: Cluster[], value: (c: Cluster) => number, sq: (c: Cluster) => number) {
  const n = clusters.reduce((s, c) => s + c.n, 0);
  if (n === 0) return null;
  const mean = clusters.reduce((s, c) => s + value(c), 0) / n;
  const variance = Math.max(0, clusters.reduce((s, c) => s + sq(c), 0) / n - mean * mean);
  const iid = Math.sqrt(variance / n);
  const clustered =
    clusters.length > 1
      ? Math.sqrt(clusters.reduce((s, c) => s + (value(c) - c.n * mean) ** 2, 0)) / n
      : 0;
  const se = Math.max(iid, clustered);
  return { mean, ci: [mean - Z95 * se, mean + Z95 * se] as [number, number] };
}

/** A group's figures against chance, from its per-draw clusters (pure: used by the backtest). */
export function judge(clusters: Cluster[]): Omit<ModeEvaluation, 'mode' | 'tiers'> {
  const tickets = clusters.reduce((s, c) => s + c.n, 0);
  const white = meanCi(
    clusters,
    (c) => c.whites,
    (c) => c.whitesSq,
  );
  const pb = meanCi(
    clusters,
    (c) => c.hits,
    (c) => c.hits,
  ); // hits are 0/1, so x² = x
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const roundCi = (ci: [number, number]) => [round(ci[0]), round(ci[1])] as [number, number];
  let verdict: string;
  if (!white || !pb) verdict = 'no tickets scored yet: they are scored after the next draw';
  else if (clusters.length < 2) verdict = 'too few draws scored yet to compare with chance';
  else {
    const whiteSide =
      white.ci[0] > CHANCE_WHITE_MEAN ? 'above' : white.ci[1] < CHANCE_WHITE_MEAN ? 'below' : null;
    const pbSide =
      pb.ci[0] > CHANCE_POWERBALL_RATE
        ? 'above'
        : pb.ci[1] < CHANCE_POWERBALL_RATE
          ? 'below'
          : null;
    if (!whiteSide && !pbSide) verdict = 'not distinguishable from chance';
    else {
      const parts = [
        whiteSide && `white matches ${whiteSide} chance`,
        pbSide && `Powerball hits ${pbSide} chance`,
      ].filter(Boolean);
      verdict = `${parts.join(', ')} so far; draws are random, so this is most likely luck`;
    }
  }
  return {
    tickets,
    draws: clusters.length,
    mean_white_matches: white ? round(white.mean) : null,
    white_matches_ci95: white ? roundCi(white.ci) : null,
    chance_white_matches: round(CHANCE_WHITE_MEAN),
    powerball_hits: clusters.reduce((s, c) => s + c.hits, 0),
    powerball_rate: pb ? round(pb.mean) : null,
    powerball_rate_ci95: pb ? roundCi(pb.ci) : null,
    chance_powerball_rate: round(CHANCE_POWERBALL_RATE),
    verdict,
  };
}

/** Prize-tier counts of `tickets` scored tickets next to the counts chance would give. */
export function tierCounts(
  tickets: number,
  count: (tier: TierId) => number,
): ModeEvaluation['tiers'] {
  return PRIZE_TIERS.map((t) => ({
    tier: t.id,
    prize: t.prize,
    count: count(t.id),
    expected: Math.round(tickets * tierProbability(t.id) * 1e4) / 1e4,
  }));
}

/** How each mode (and each strategy) compares with chance. */
export function evaluationReport(db: Db): Evaluation {
  const rows = db
    .prepare<
      [],
      {
        mode: Mode;
        strategy: string;
        draw_date: string;
        n: number;
        whites: number;
        whites_sq: number;
        hits: number;
      }
    >(
      `SELECT mode, strategy, draw_date, COUNT(*) AS n, SUM(white_matches) AS whites,
              SUM(white_matches * white_matches) AS whites_sq, SUM(powerball_hit) AS hits
       FROM ticket_evaluations GROUP BY mode, strategy, draw_date`,
    )
    .all();
  const tiers = db
    .prepare<[], { mode: Mode; tier: string; n: number }>(
      'SELECT mode, tier, COUNT(*) AS n FROM ticket_evaluations WHERE tier IS NOT NULL GROUP BY mode, tier',
    )
    .all();
  const toCluster = (r: (typeof rows)[number]): Cluster => ({
    n: r.n,
    whites: r.whites,
    whitesSq: r.whites_sq,
    hits: r.hits,
  });
  const merge = (list: Cluster[]) => {
    const c: Cluster = { n: 0, whites: 0, whitesSq: 0, hits: 0 };
    for (const x of list) {
      c.n += x.n;
      c.whites += x.whites;
      c.whitesSq += x.whitesSq;
      c.hits += x.hits;
    }
    return c;
  };
  const byDraw = (list: typeof rows) => {
    const m = new Map<string, Cluster[]>();
    for (const r of list) m.set(r.draw_date, [...(m.get(r.draw_date) ?? []), toCluster(r)]);
    return [...m.values()].map(merge);
  };

  const modes = MODES.map((mode) => {
    const own = rows.filter((r) => r.mode === mode);
    const judged = judge(byDraw(own));
    return {
      mode,
      ...judged,
      tiers: tierCounts(
        judged.tickets,
        (id) => tiers.find((x) => x.mode === mode && x.tier === id)?.n ?? 0,
      ),
    };
  });
  const strategyKeys = [...new Set(rows.map((r) => `${r.mode}\u0000${r.strategy}`))].sort();
  const strategies = strategyKeys.map((key) => {
    const [mode, strategy] = key.split('\u0000') as [Mode, string];
    return {
      mode,
      strategy,
      ...judge(byDraw(rows.filter((r) => r.mode === mode && r.strategy === strategy))),
    };
  });
  const last = db
    .prepare<[], { d: string | null }>('SELECT MAX(draw_date) AS d FROM ticket_evaluations')
    .get();
  return {
    evaluated_tickets: rows.reduce((s, r) => s + r.n, 0),
    last_draw: last?.d ?? null,
    modes,
    strategies,
    note:
      'Each ticket is scored against the first draw after it was made. By chance a ticket matches ' +
      `${CHANCE_WHITE_MEAN.toFixed(4)} white balls on average and the Powerball 1 time in 26. ` +
      'Draws are random: no mode can beat chance in expectation.',
  };
}

/**
 * evaluationReport, recomputed only when scores were added: they are never changed or
 * deleted, so the newest ticket id tells whether the last report still holds. Keeps the
 * aggregate over a growing table off the main thread's every request.
 */
export function cachedEvaluationReport(db: Db): () => Evaluation {
  const newest = db.prepare<[], { id: number | null }>(
    'SELECT MAX(ticket_id) AS id FROM ticket_evaluations',
  );
  let key: number | null = null;
  let report: Evaluation | null = null;
  return () => {
    const id = newest.get()?.id ?? null;
    if (report === null || id !== key) {
      report = evaluationReport(db);
      key = id;
    }
    return report;
  };
}

/** v1's strategy weights: start equal, then follow each strategy's white matches against
 *  chance, shrunk towards equal until many tickets have been scored. */
export function v1StrategyWeights(
  db: Db,
  strategies: readonly string[],
  prior = 20,
): Record<string, number> {
  const rows = db
    .prepare<[], { strategy: string; n: number; whites: number }>(
      "SELECT strategy, COUNT(*) AS n, SUM(white_matches) AS whites FROM ticket_evaluations WHERE mode = 'v1' GROUP BY strategy",
    )
    .all();
  return Object.fromEntries(
    strategies.map((s) => {
      const r = rows.find((x) => x.strategy === s);
      const w = r ? (prior + r.whites) / (prior + r.n * CHANCE_WHITE_MEAN) : 1;
      return [s, Math.round(w * 1e4) / 1e4];
    }),
  );
}
