import { describe, expect, it } from 'vitest';
import { columns, dbAtVersion } from './migrate-helpers';

describe('migration 3: batch_runs', () => {
  const db = dbAtVersion(3);

  it('creates runs and per-mode figures', () => {
    expect(columns(db, 'batch_runs')).toEqual([
      'id',
      'status',
      'trigger',
      'seed',
      'batch_size',
      'started_at',
      'finished_at',
      'error',
      'steps',
    ]);
    expect(columns(db, 'batch_run_modes')).toEqual([
      'run_id',
      'mode',
      'status',
      'tickets',
      'duration_ms',
      'train_ms',
      'trained',
      'error',
    ]);
  });

  it('constrains status and batch size, and cascades per-mode rows', () => {
    db.pragma('foreign_keys = ON');
    const run = db.prepare(
      'INSERT INTO batch_runs (id, status, trigger, seed, batch_size, started_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    run.run('a', 'running', 'manual', 1, 100, 1);
    expect(() => run.run('b', 'exploded', 'manual', 1, 100, 1)).toThrow(/CHECK/);
    expect(() => run.run('c', 'running', 'manual', 1, 1001, 1)).toThrow(/CHECK/);
    db.prepare(
      "INSERT INTO batch_run_modes (run_id, mode, status) VALUES ('a', 'random', 'running')",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO batch_run_modes (run_id, mode, status) VALUES ('zzz', 'random', 'running')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM batch_runs WHERE id = 'a'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM batch_run_modes').get()).toEqual({ n: 0 });
  });
});
