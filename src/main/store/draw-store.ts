import { eraForDate, CURRENT_ERA } from '../../shared/powerball';
import type { Draw, DrawSummary } from '../../shared/schemas';
import type { Db } from './database';

export interface DrawInput {
  draw_date: string;
  /** Sorted ascending. */
  white_balls: readonly number[];
  powerball: number;
  multiplier: number | null;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

interface DrawRow {
  draw_date: string;
  n1: number;
  n2: number;
  n3: number;
  n4: number;
  n5: number;
  powerball: number;
  multiplier: number | null;
  era: number;
}

const toDraw = (r: DrawRow): Draw => ({
  draw_date: r.draw_date,
  white_balls: [r.n1, r.n2, r.n3, r.n4, r.n5],
  powerball: r.powerball,
  multiplier: r.multiplier,
  era: r.era,
});

/** Draw history and the sync log. */
export class DrawStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Inserts new draws and updates changed ones, all in one transaction. */
  upsertMany(draws: readonly DrawInput[]): UpsertCounts {
    const get = this.db.prepare<[string], DrawRow>('SELECT * FROM draws WHERE draw_date = ?');
    const put = this.db.prepare(
      `INSERT INTO draws (draw_date, n1, n2, n3, n4, n5, powerball, multiplier, era)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (draw_date) DO UPDATE SET
         n1 = excluded.n1, n2 = excluded.n2, n3 = excluded.n3, n4 = excluded.n4, n5 = excluded.n5,
         powerball = excluded.powerball, multiplier = coalesce(excluded.multiplier, multiplier)`,
    );
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    this.db.transaction(() => {
      for (const d of draws) {
        const era = eraForDate(d.draw_date)?.id ?? 0;
        const w = d.white_balls;
        const old = get.get(d.draw_date);
        if (old) {
          const same =
            [old.n1, old.n2, old.n3, old.n4, old.n5].join() === w.join() &&
            old.powerball === d.powerball &&
            (d.multiplier === null || d.multiplier === old.multiplier);
          if (same) {
            counts.unchanged++;
            continue;
          }
          counts.updated++;
        } else counts.inserted++;
        put.run(d.draw_date, w[0], w[1], w[2], w[3], w[4], d.powerball, d.multiplier, era);
      }
    })();
    return counts;
  }

  /** Newest first. */
  list(limit: number): Draw[] {
    return this.db
      .prepare<[number], DrawRow>('SELECT * FROM draws ORDER BY draw_date DESC LIMIT ?')
      .all(limit)
      .map(toDraw);
  }

  /** Draws of the current 69/26 matrix, oldest first: what the models learn from. */
  currentEra(): Draw[] {
    return this.db
      .prepare<[number], DrawRow>('SELECT * FROM draws WHERE era = ? ORDER BY draw_date')
      .all(CURRENT_ERA.id)
      .map(toDraw);
  }

  summary(): DrawSummary {
    const agg = this.db
      .prepare<[], { count: number; first: string | null; last: string | null }>(
        'SELECT COUNT(*) AS count, MIN(draw_date) AS first, MAX(draw_date) AS last FROM draws',
      )
      .get()!;
    const eras = this.db
      .prepare<[], { era: number; n: number }>('SELECT era, COUNT(*) AS n FROM draws GROUP BY era')
      .all();
    const byEra = Object.fromEntries(eras.map((e) => [String(e.era), e.n]));
    return {
      ...agg,
      by_era: byEra,
      current_era_count: byEra[String(CURRENT_ERA.id)] ?? 0,
      last_sync: this.lastSync(),
    };
  }

  recordSync(entry: {
    url: string;
    ok: boolean;
    error: string | null;
    inserted: number;
    updated: number;
  }): void {
    this.db
      .prepare(
        'INSERT INTO sync_log (at, url, ok, error, inserted, updated) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(this.now(), entry.url, entry.ok ? 1 : 0, entry.error, entry.inserted, entry.updated);
  }

  lastSync(): DrawSummary['last_sync'] {
    const r = this.db
      .prepare<
        [],
        { at: number; ok: number; error: string | null; inserted: number; updated: number }
      >('SELECT at, ok, error, inserted, updated FROM sync_log ORDER BY id DESC LIMIT 1')
      .get();
    return r ? { ...r, at: new Date(r.at).toISOString(), ok: r.ok === 1 } : null;
  }
}
