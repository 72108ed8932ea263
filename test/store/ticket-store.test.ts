import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/main/store/database';
import {
  BatchValidationError,
  DAY_MS,
  TicketStore,
  type NewTicket,
} from '../../src/main/store/ticket-store';
import { RunStore } from '../../src/main/store/run-store';
import { tempDir } from '../helpers';

const ticket = (i: number, extra: Partial<NewTicket> = {}): NewTicket => ({
  white_balls: [5, 1 + (i % 3), 40, 69, 10 + (i % 20)].map((n, k) => (k === 4 && n === 5 ? 33 : n)),
  powerball: 1 + (i % 26),
  confidence: 0.5,
  strategy: 'uniform',
  metadata: { i },
  ...extra,
});
/** n distinct valid tickets. */
const batch = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    ticket(i, { powerball: 1 + (i % 26), white_balls: [1 + Math.floor(i / 26), 50, 51, 52, 53] }),
  );

let db: Db;
let clock: number;
let store: TicketStore;
let cleanup: () => void;

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(join(t.dir, 'tickets.db'));
  clock = Date.UTC(2026, 2, 10, 12, 0, 0);
  store = new TicketStore(db, () => clock);
});
afterEach(() => {
  db.close();
  cleanup();
});

const count = () =>
  (db.prepare('SELECT COUNT(*) AS n FROM pre_generated_tickets').get() as { n: number }).n;

describe('insertBatch', () => {
  it('stores a valid batch with sorted whites and UTC epoch-ms timestamps', () => {
    expect(store.insertBatch([ticket(0, { white_balls: [69, 3, 40, 12, 7] })], 'v1', 'run-a')).toBe(
      1,
    );
    const row = db.prepare('SELECT * FROM pre_generated_tickets').get() as Record<string, unknown>;
    expect([row.n1, row.n2, row.n3, row.n4, row.n5]).toEqual([3, 7, 12, 40, 69]);
    expect(row.created_at).toBe(clock);
    expect(typeof row.created_at).toBe('number');
    expect(row.pipeline_run_id).toBe('run-a');
    expect(JSON.parse(row.metadata as string)).toEqual({ i: 0 });
  });

  it('rejects the whole batch and names every bad ticket and why', () => {
    store.insertBatch(batch(3), 'random');
    const bad = [
      ...batch(5),
      ticket(0, { white_balls: [1, 2, 3, 4, 70] }),
      ticket(0, { powerball: 27 }),
      ticket(0, { confidence: 1.5 }),
      ticket(0, { white_balls: [1, 1, 2, 3, 4] }),
      ticket(0, { strategy: '' }),
    ];
    let error: unknown;
    try {
      store.insertBatch(bad, 'random');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BatchValidationError);
    const problems = (error as BatchValidationError).problems;
    expect(problems.map((p) => [p.index, p.field])).toEqual([
      [5, 'white_balls'],
      [6, 'powerball'],
      [7, 'confidence'],
      [8, 'white_balls'],
      [9, 'strategy'],
    ]);
    expect((error as Error).message).toMatch(
      /ticket 6: powerball must be an integer from 1 to 26 \(got 27\)/,
    );
    expect(count()).toBe(3);
  });

  it('rejects duplicates within a batch, an unknown mode and an empty batch', () => {
    expect(() => store.insertBatch([ticket(1), ticket(1)], 'random')).toThrow(
      /ticket 1: ticket duplicates/,
    );
    expect(() => store.insertBatch(batch(2), 'quantum' as never)).toThrow(/mode must be one of/);
    expect(() => store.insertBatch([], 'random')).toThrow(/non-empty/);
    expect(count()).toBe(0);
  });

  it('rolls back every row when the database fails part-way', () => {
    db.exec(`CREATE TRIGGER fail_on_boom BEFORE INSERT ON pre_generated_tickets
             WHEN NEW.strategy = 'boom' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    const tickets = batch(100);
    tickets[77] = { ...tickets[77]!, strategy: 'boom' };
    expect(() => store.insertBatch(tickets, 'random')).toThrow(/disk on fire/);
    expect(count()).toBe(0);
  });
});

describe('getCached', () => {
  it('returns the newest tickets of one mode first, limited', () => {
    store.insertBatch(batch(5), 'random', 'old');
    clock += 1000;
    store.insertBatch(batch(5), 'random', 'new');
    store.insertBatch(batch(5), 'v1', 'new');
    const got = store.getCached('random', 7);
    expect(got).toHaveLength(7);
    expect(got.slice(0, 5).every((t) => t.pipeline_run_id === 'new')).toBe(true);
    expect(got.every((t) => t.mode === 'random')).toBe(true);
    const ids = got.map((t) => t.id);
    expect(ids.slice(0, 5)).toEqual([...ids.slice(0, 5)].sort((a, b) => b - a));
    expect(got[0]!.created_at).toBe(new Date(clock).toISOString());
    expect(got[0]!.white_balls).toHaveLength(5);
  });

  it('filters by run', () => {
    store.insertBatch(batch(4), 'random', 'r1');
    clock += 1;
    store.insertBatch(batch(6), 'random', 'r2');
    expect(store.getCached('random', 100, { runId: 'r1' })).toHaveLength(4);
    expect(store.getCached('random', 100, { runId: 'nope' })).toHaveLength(0);
    expect(store.countByRun('r2')).toEqual({ random: 6 });
  });

  it('answers from the index, never sorting the table', () => {
    const plan = (sql: string, ...args: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    const cached = plan(
      'SELECT * FROM pre_generated_tickets WHERE mode = ? ORDER BY created_at DESC, id DESC LIMIT ?',
      'random',
      10,
    );
    expect(cached).toMatch(/USING INDEX idx_tickets_mode_created \(mode=\?\)/);
    expect(cached).not.toMatch(/TEMP B-TREE/);
    const byRun = plan(
      'SELECT * FROM pre_generated_tickets WHERE pipeline_run_id = ? AND mode = ? ORDER BY created_at DESC, id DESC LIMIT ?',
      'r',
      'random',
      10,
    );
    expect(byRun).toMatch(/USING INDEX idx_tickets_run \(pipeline_run_id=\? AND mode=\?\)/);
    expect(byRun).not.toMatch(/TEMP B-TREE/);
    const cleanupPlan = plan(
      'SELECT id FROM pre_generated_tickets WHERE created_at < ? ORDER BY created_at LIMIT ?',
      1,
      10,
    );
    expect(cleanupPlan).toMatch(/USING (COVERING )?INDEX idx_tickets_created \(created_at<\?\)/);
    expect(cleanupPlan).not.toMatch(/TEMP B-TREE/);
    const range = plan('SELECT MIN(created_at), MAX(created_at) FROM pre_generated_tickets');
    expect(range).toMatch(/idx_tickets_created/);
  });
});

describe('clearOlderThan', () => {
  it('deletes exactly what is older than the cutoff, across midnight in far-off time zones', async () => {
    // Just after or before local midnight, where the local and the UTC date differ.
    const zones: [string, number][] = [
      ['Pacific/Kiritimati', 0],
      ['Pacific/Pago_Pago', 23],
      ['Asia/Kathmandu', 0],
    ];
    const before = process.env.TZ;
    try {
      for (const [tz, hour] of zones) {
        process.env.TZ = tz;
        db.exec('DELETE FROM pre_generated_tickets');
        const now = new Date(2026, 2, 10, hour, 30, 0).getTime();
        expect(new Date(now).getUTCDate()).not.toBe(new Date(now).getDate());
        const cutoff = now - 7 * DAY_MS;
        clock = cutoff - 60_000;
        store.insertBatch(batch(3), 'random', 'expired');
        clock = cutoff;
        store.insertBatch(batch(2), 'random', 'exactly-7-days');
        clock = cutoff + 60_000;
        store.insertBatch(batch(4), 'random', 'kept');
        clock = now;
        expect(await store.clearOlderThan(7)).toBe(3);
        expect(store.countByRun('expired')).toEqual({});
        expect(store.countByRun('exactly-7-days')).toEqual({ random: 2 });
        expect(store.countByRun('kept')).toEqual({ random: 4 });
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('works in chunks and lets other work run between them', async () => {
    for (let i = 0; i < 10; i++) store.insertBatch(batch(10), 'random', `r${i}`);
    clock += 8 * DAY_MS;
    const seenDuring: number[] = [];
    let done = false;
    const reader = () => {
      if (done) return;
      seenDuring.push(count());
      setImmediate(reader);
    };
    setImmediate(reader);
    const deleted = await store.clearOlderThan(7, { chunkSize: 10 });
    done = true;
    expect(deleted).toBe(100);
    expect(count()).toBe(0);
    // The reader saw the table part-way through: cleanup yielded between chunks.
    expect(seenDuring.some((n) => n > 0 && n < 100)).toBe(true);
  });

  it('rejects a negative or non-numeric age', async () => {
    await expect(store.clearOlderThan(-1)).rejects.toThrow(/days/);
    await expect(store.clearOlderThan(Number.NaN)).rejects.toThrow(/days/);
  });
});

describe('stats and runs', () => {
  it('counts by mode with the age range, and refreshes after writes', () => {
    expect(store.getStats()).toEqual({
      total_tickets: 0,
      by_mode: { random_forest: 0, lstm: 0, v1: 0, v2: 0, hybrid: 0, random: 0 },
      oldest_ticket: null,
      newest_ticket: null,
    });
    const first = clock;
    store.insertBatch(batch(3), 'lstm');
    clock += 5000;
    store.insertBatch(batch(2), 'hybrid');
    const s = store.getStats();
    expect(s.total_tickets).toBe(5);
    expect(s.by_mode).toMatchObject({ lstm: 3, hybrid: 2, random: 0 });
    expect(s.oldest_ticket).toBe(new Date(first).toISOString());
    expect(s.newest_ticket).toBe(new Date(clock).toISOString());
  });

  it('deletes a run with its tickets, atomically', () => {
    const runs = new RunStore(db, () => clock);
    runs.create({ id: 'r1', trigger: 'manual', seed: 7, batchSize: 3, modes: ['random'] });
    store.insertBatch(batch(3), 'random', 'r1');
    store.insertBatch(batch(2), 'random', 'r2');
    expect(store.deleteRun('r1')).toEqual({ tickets_deleted: 3 });
    expect(runs.get('r1')).toBeNull();
    expect(store.getStats().total_tickets).toBe(2);
    expect(store.deleteRun('r1')).toBeNull();
  });
});
