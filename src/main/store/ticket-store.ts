import { MODES, POWERBALL_MAX, WHITE_MAX, type Mode } from '../../shared/powerball';
import type { DbStats, Ticket } from '../../shared/schemas';
import type { Db } from './database';

export const DAY_MS = 86_400_000;

/** A ticket as the generator hands it to main, before it is stored. */
export interface NewTicket {
  white_balls: readonly number[];
  powerball: number;
  confidence: number;
  strategy: string;
  metadata?: Record<string, unknown>;
}

export interface TicketProblem {
  index: number;
  field: string;
  message: string;
}

export class BatchValidationError extends Error {
  constructor(readonly problems: TicketProblem[]) {
    const shown = problems
      .slice(0, 10)
      .map((p) => `ticket ${p.index}: ${p.field} ${p.message}`)
      .join('; ');
    const more = problems.length > 10 ? `; and ${problems.length - 10} more` : '';
    super(`Batch rejected, nothing stored: ${shown}${more}`);
    this.name = 'BatchValidationError';
  }
}

/** A row as an array, in COLUMNS order: the cached read skips building row objects. */
type TicketRow = [
  id: number,
  mode: Mode,
  pipeline_run_id: string | null,
  n1: number,
  n2: number,
  n3: number,
  n4: number,
  n5: number,
  powerball: number,
  confidence: number,
  strategy: string,
  created_at: number,
];

const isMode = (m: unknown): m is Mode => (MODES as readonly unknown[]).includes(m);
const isInt = (v: unknown, min: number, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Checks one ticket; returns the sorted whites, or pushes problems. */
function checkTicket(t: NewTicket, index: number, problems: TicketProblem[]): number[] | null {
  const start = problems.length;
  const whites = Array.isArray(t?.white_balls) ? [...t.white_balls].sort((a, b) => a - b) : [];
  if (
    whites.length !== 5 ||
    !whites.every((n) => isInt(n, 1, WHITE_MAX)) ||
    new Set(whites).size !== 5
  ) {
    problems.push({
      index,
      field: 'white_balls',
      message: `must be 5 distinct integers from 1 to ${WHITE_MAX} (got ${JSON.stringify(t?.white_balls)})`,
    });
  }
  if (!isInt(t?.powerball, 1, POWERBALL_MAX)) {
    problems.push({
      index,
      field: 'powerball',
      message: `must be an integer from 1 to ${POWERBALL_MAX} (got ${JSON.stringify(t?.powerball)})`,
    });
  }
  if (typeof t?.confidence !== 'number' || !(t.confidence >= 0 && t.confidence <= 1)) {
    problems.push({
      index,
      field: 'confidence',
      message: `must be a number from 0 to 1 (got ${JSON.stringify(t?.confidence)})`,
    });
  }
  if (typeof t?.strategy !== 'string' || t.strategy.length < 1 || t.strategy.length > 64) {
    problems.push({ index, field: 'strategy', message: 'must be a string of 1 to 64 characters' });
  }
  if (t?.metadata !== undefined && (typeof t.metadata !== 'object' || t.metadata === null)) {
    problems.push({ index, field: 'metadata', message: 'must be an object' });
  }
  return problems.length === start ? whites : null;
}

/** A batch shares one created_at: its ISO text is made once, not once per ticket. */
let lastMs = NaN;
let lastIso = '';
function isoAt(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

function toTicket(r: TicketRow): Ticket {
  return {
    id: r[0],
    white_balls: [r[3], r[4], r[5], r[6], r[7]],
    powerball: r[8],
    confidence: r[9],
    strategy: r[10],
    mode: r[1],
    pipeline_run_id: r[2],
    created_at: isoAt(r[11]),
  };
}

const COLUMNS =
  'id, mode, pipeline_run_id, n1, n2, n3, n4, n5, powerball, confidence, strategy, created_at';

/** Pre-generated tickets: validated atomic batches in, newest-first reads out. */
export class TicketStore {
  private readonly insertStmt;
  private readonly cachedStmt;
  private readonly cachedByRunStmt;
  private readonly deleteChunkStmt;
  private readonly countByRunStmt;
  private readonly deleteRunTicketsStmt;
  private readonly deleteRunStmt;
  private stats: { version: number; value: DbStats } | null = null;
  private version = 0;
  private cleanup: Promise<number> | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.insertStmt = db.prepare(
      `INSERT INTO pre_generated_tickets
         (mode, pipeline_run_id, n1, n2, n3, n4, n5, powerball, confidence, strategy, metadata, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.cachedStmt = db
      .prepare<[Mode, number], TicketRow>(
        `SELECT ${COLUMNS} FROM pre_generated_tickets
         WHERE mode = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .raw(true);
    this.cachedByRunStmt = db
      .prepare<[string, Mode, number], TicketRow>(
        `SELECT ${COLUMNS} FROM pre_generated_tickets
         WHERE pipeline_run_id = ? AND mode = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .raw(true);
    this.deleteChunkStmt = db.prepare<[number, number]>(
      `DELETE FROM pre_generated_tickets WHERE id IN (
         SELECT id FROM pre_generated_tickets WHERE created_at < ? ORDER BY created_at LIMIT ?)`,
    );
    this.countByRunStmt = db.prepare<[string], { mode: Mode; n: number }>(
      `SELECT mode, COUNT(*) AS n FROM pre_generated_tickets WHERE pipeline_run_id = ? GROUP BY mode`,
    );
    this.deleteRunTicketsStmt = db.prepare<[string]>(
      'DELETE FROM pre_generated_tickets WHERE pipeline_run_id = ?',
    );
    this.deleteRunStmt = db.prepare<[string]>('DELETE FROM batch_runs WHERE id = ?');
  }

  /** Validates every ticket, then stores all of them in one transaction, or none. */
  insertBatch(tickets: readonly NewTicket[], mode: Mode, runId: string | null = null): number {
    const problems: TicketProblem[] = [];
    if (!isMode(mode)) {
      problems.push({ index: -1, field: 'mode', message: `must be one of: ${MODES.join(', ')}` });
    }
    if (!Array.isArray(tickets) || tickets.length === 0) {
      problems.push({ index: -1, field: 'tickets', message: 'must be a non-empty list' });
      throw new BatchValidationError(problems);
    }
    const sorted: number[][] = [];
    const seen = new Set<string>();
    tickets.forEach((t, i) => {
      const whites = checkTicket(t, i, problems);
      if (!whites) return;
      const key = `${whites.join(',')}|${t.powerball}`;
      if (seen.has(key)) {
        problems.push({ index: i, field: 'ticket', message: `duplicates another ticket (${key})` });
      }
      seen.add(key);
      sorted.push(whites);
    });
    if (problems.length > 0) throw new BatchValidationError(problems);

    const createdAt = this.now();
    const stmt = this.insertStmt;
    this.db.transaction(() => {
      for (let i = 0; i < tickets.length; i++) {
        const t = tickets[i]!;
        const w = sorted[i]!;
        stmt.run(
          mode,
          runId,
          w[0],
          w[1],
          w[2],
          w[3],
          w[4],
          t.powerball,
          t.confidence,
          t.strategy,
          t.metadata === undefined ? '{}' : JSON.stringify(t.metadata),
          createdAt,
        );
      }
    })();
    this.version++;
    return tickets.length;
  }

  /** Newest tickets of a mode, optionally of one run. */
  getCached(mode: Mode, limit: number, opts: { runId?: string } = {}): Ticket[] {
    const rows =
      opts.runId === undefined
        ? this.cachedStmt.all(mode, limit)
        : this.cachedByRunStmt.all(opts.runId, mode, limit);
    return rows.map(toTicket);
  }

  /**
   * Deletes tickets created more than `days` days ago, in chunks, yielding to the event loop
   * between chunks so readers are never stalled for long. Concurrent calls share one pass.
   */
  clearOlderThan(days: number, opts: { chunkSize?: number } = {}): Promise<number> {
    if (!Number.isFinite(days) || days < 0) {
      return Promise.reject(new RangeError('days must be a number of days, 0 or more'));
    }
    this.cleanup ??= this.runCleanup(this.now() - days * DAY_MS, opts.chunkSize ?? 2000).finally(
      () => (this.cleanup = null),
    );
    return this.cleanup;
  }

  private async runCleanup(cutoffMs: number, chunkSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const { changes } = this.deleteChunkStmt.run(cutoffMs, chunkSize);
      total += changes;
      if (changes > 0) this.version++;
      if (changes < chunkSize) return total;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Totals by mode and the age range; cached until the next write. */
  getStats(): DbStats {
    if (this.stats?.version === this.version) return this.stats.value;
    const byMode = Object.fromEntries(MODES.map((m) => [m, 0])) as Record<string, number>;
    const rows = this.db
      .prepare<[], { mode: string; n: number }>(
        'SELECT mode, COUNT(*) AS n FROM pre_generated_tickets GROUP BY mode',
      )
      .all();
    let total = 0;
    for (const r of rows) {
      byMode[r.mode] = r.n;
      total += r.n;
    }
    const range = this.db
      .prepare<[], { oldest: number | null; newest: number | null }>(
        'SELECT MIN(created_at) AS oldest, MAX(created_at) AS newest FROM pre_generated_tickets',
      )
      .get()!;
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const value: DbStats = {
      total_tickets: total,
      by_mode: byMode,
      oldest_ticket: iso(range.oldest),
      newest_ticket: iso(range.newest),
    };
    this.stats = { version: this.version, value };
    return value;
  }

  /** Ticket counts of one run, by mode. */
  countByRun(runId: string): Partial<Record<Mode, number>> {
    return Object.fromEntries(this.countByRunStmt.all(runId).map((r) => [r.mode, r.n]));
  }

  /** Deletes a run's tickets and the run itself in one transaction; null if neither existed. */
  deleteRun(runId: string): { tickets_deleted: number } | null {
    const result = this.db.transaction(() => {
      const tickets = this.deleteRunTicketsStmt.run(runId).changes;
      const runs = this.deleteRunStmt.run(runId).changes;
      return tickets === 0 && runs === 0 ? null : { tickets_deleted: tickets };
    })();
    if (result) this.version++;
    return result;
  }
}
