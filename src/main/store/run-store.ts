import { MODES, type Mode } from '../../shared/powerball';
import type { Metrics, Run, RunInputs, RunStep } from '../../shared/schemas';
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
  steps: string;
  inputs: string | null;
}

interface ModeRow {
  run_id: string;
  mode: Mode;
  status: Run['modes'][number]['status'];
  tickets: number;
  duration_ms: number | null;
  train_ms: number | null;
  trained: number | null;
  error: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1000);

/** Generation runs (`batch_runs`) and their per-mode figures: the source of every metric. */
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

  finishMode(
    runId: string,
    mode: Mode,
    r: {
      status: 'success' | 'failed' | 'cancelled';
      tickets?: number;
      durationMs?: number | null;
      trainMs?: number | null;
      trained?: boolean | null;
      error?: string | null;
    },
  ): void {
    this.db
      .prepare(
        `UPDATE batch_run_modes SET status = ?, tickets = ?, duration_ms = ?, train_ms = ?, trained = ?, error = ?
         WHERE run_id = ? AND mode = ? AND status = 'running'`,
      )
      .run(
        r.status,
        r.tickets ?? 0,
        r.durationMs ?? null,
        r.trainMs ?? null,
        r.trained == null ? null : r.trained ? 1 : 0,
        r.error ?? null,
        runId,
        mode,
      );
  }

  /** Records what the generator is given besides the seed. */
  setInputs(runId: string, inputs: RunInputs): void {
    this.db
      .prepare('UPDATE batch_runs SET inputs = ? WHERE id = ?')
      .run(JSON.stringify(inputs), runId);
  }

  /** Modes of a run still marked running. */
  runningModes(runId: string): Mode[] {
    return this.db
      .prepare<[string], { mode: Mode }>(
        "SELECT mode FROM batch_run_modes WHERE run_id = ? AND status = 'running'",
      )
      .all(runId)
      .map((r) => r.mode);
  }

  finish(runId: string, status: Run['status'], error: string | null, steps: RunStep[]): void {
    this.db
      .prepare(
        'UPDATE batch_runs SET status = ?, finished_at = ?, error = ?, steps = ? WHERE id = ?',
      )
      .run(status, this.now(), error, JSON.stringify(steps), runId);
  }

  /** At start-up: a run still marked running was cut off by a crash or a kill. */
  markInterrupted(): number {
    const reason = 'the app stopped before the run finished';
    return this.db.transaction(() => {
      this.db
        .prepare("UPDATE batch_run_modes SET status = 'failed', error = ? WHERE status = 'running'")
        .run(reason);
      return this.db
        .prepare(
          "UPDATE batch_runs SET status = 'interrupted', finished_at = ?, error = ? WHERE status = 'running'",
        )
        .run(this.now(), reason).changes;
    })();
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM batch_runs WHERE id = ?').get(id) !== undefined;
  }

  lastStartedAt(): number | null {
    const r = this.db
      .prepare<[], { t: number | null }>('SELECT MAX(started_at) AS t FROM batch_runs')
      .get();
    return r?.t ?? null;
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

  /** The reference system's metrics, computed from the runs table so they survive restarts. */
  metrics(): Metrics {
    const totals = this.db
      .prepare<[], { total: number; ok: number; failed: number }>(
        `SELECT COUNT(*) AS total,
                COUNT(*) FILTER (WHERE status IN ('success', 'partial')) AS ok,
                COUNT(*) FILTER (WHERE status IN ('failed', 'interrupted')) AS failed
         FROM batch_runs`,
      )
      .get()!;
    const last = this.db
      .prepare<[], RunRow>(
        "SELECT * FROM batch_runs WHERE status <> 'running' ORDER BY started_at DESC, rowid DESC LIMIT 1",
      )
      .get();
    const modes = this.db
      .prepare<[], { mode: Mode; tickets: number; runs: number; avg: number | null }>(
        `SELECT mode, SUM(tickets) AS tickets, COUNT(*) AS runs,
                AVG(duration_ms) FILTER (WHERE status = 'success') AS avg
         FROM batch_run_modes GROUP BY mode`,
      )
      .all();
    const byMode: Metrics['by_mode'] = {};
    for (const m of MODES) byMode[m] = { total_tickets: 0, total_runs: 0, avg_duration: null };
    let generated = 0;
    for (const m of modes) {
      byMode[m.mode] = {
        total_tickets: m.tickets,
        total_runs: m.runs,
        avg_duration: seconds(m.avg),
      };
      generated += m.tickets;
    }
    return {
      total_runs: totals.total,
      successful_runs: totals.ok,
      failed_runs: totals.failed,
      last_run_time: iso(last?.started_at ?? null),
      last_run_status: last?.status ?? null,
      last_run_duration:
        last && last.finished_at !== null ? seconds(last.finished_at - last.started_at) : null,
      tickets_generated: generated,
      by_mode: byMode,
    };
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
        modes: own.map((m) => ({
          mode: m.mode,
          status: m.status,
          tickets: m.tickets,
          duration_ms: m.duration_ms,
          train_ms: m.train_ms,
          trained: m.trained === null ? null : m.trained === 1,
          error: m.error,
        })),
        tickets_generated: own.reduce((sum, m) => sum + m.tickets, 0),
        started_at: iso(r.started_at)!,
        finished_at: iso(r.finished_at),
        duration_ms: r.finished_at === null ? null : r.finished_at - r.started_at,
        error: r.error,
        steps: JSON.parse(r.steps) as RunStep[],
        inputs: r.inputs === null ? null : (JSON.parse(r.inputs) as RunInputs),
      };
    });
  }
}
