import { describe, expect, it } from 'vitest';
import { columns, dbAtVersion } from './migrate-helpers';

describe('migration 7: batch_runs.inputs', () => {
  const db = dbAtVersion(7);

  it('adds a nullable JSON column that rejects anything but JSON', () => {
    expect(columns(db, 'batch_runs')).toContain('inputs');
    const put = db.prepare(
      "INSERT INTO batch_runs (id, status, trigger, seed, batch_size, started_at, inputs) VALUES (?, 'running', 'manual', 1, 10, 1, ?)",
    );
    put.run('a', null);
    put.run('b', JSON.stringify({ hybrid_ratio: 0.7 }));
    expect(() => put.run('c', '{not json')).toThrow(/CHECK/);
  });
});
