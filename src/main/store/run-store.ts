import type { Mode } from '../../shared/powerball';
import type { Run } from '../../shared/schemas';
import type { Db } from './database';

interface RunRow {
  id: string;
  status: Run['status'];
  trigger: string;
  seed: number | null;
  batch_size: number;
  started_at: number;
  finished_at: number | null;
  error: string | null;
}

interface ModeRow {
  run_id: string;
  mode: Mode;
  status: Run['modes'][number]['status'];
  tickets: number;
  duration_ms: number | null;
  error: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Generation runs (`batch_runs`) and their per-mode figures. */
export class RunStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  create(run: {
    id: string;
    trigger: string;
    seed: number | null;
    batchSize: number;
    modes: readonly Mode[];
  }): void {
    const insertMode = this.db.prepare(
      "INSERT INTO batch_run_modes (run_id, mode, status) VALUES (?, ?, 'running')",
    );
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO batch_runs (id, status, trigger, seed, batch_size, started_at) VALUES (?, 'running', ?, ?, ?, ?)",
        )
        .run(run.id, run.trigger, run.seed, run.batchSize, this.now());
      for (const m of run.modes) insertMode.run(run.id, m);
    })();
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM batch_runs WHERE id = ?').get(id) !== undefined;
  }

  get(id: string): Run | null {
    const row = this.db.prepare<[string], RunRow>('SELECT * FROM batch_runs WHERE id = ?').get(id);
    return row ? this.assemble([row])[0]! : null;
  }

  list(limit: number): Run[] {
    const rows = this.db
      .prepare<[number], RunRow>(
        'SELECT * FROM batch_runs ORDER BY started_at DESC, rowid DESC LIMIT ?',
      )
      .all(limit);
    return this.assemble(rows);
  }

  private assemble(rows: RunRow[]): Run[] {
    if (rows.length === 0) return [];
    const modes = this.db
      .prepare<string[], ModeRow>(
        `SELECT * FROM batch_run_modes WHERE run_id IN (${rows.map(() => '?').join(',')}) ORDER BY rowid`,
      )
      .all(...rows.map((r) => r.id));
    return rows.map((r) => {
      const own = modes.filter((m) => m.run_id === r.id);
      return {
        id: r.id,
        status: r.status,
        trigger: r.trigger,
        seed: r.seed,
        batch_size: r.batch_size,
        modes: own.map(({ run_id: _, ...m }) => m),
        tickets_generated: own.reduce((sum, m) => sum + m.tickets, 0),
        started_at: iso(r.started_at)!,
        finished_at: iso(r.finished_at),
        duration_ms: r.finished_at === null ? null : r.finished_at - r.started_at,
        error: r.error,
      };
    });
  }
}
