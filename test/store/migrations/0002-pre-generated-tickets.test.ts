import { describe, expect, it } from 'vitest';
import { columns, dbAtVersion, indexes } from './migrate-helpers';

const INSERT = `INSERT INTO pre_generated_tickets
  (mode, pipeline_run_id, n1, n2, n3, n4, n5, powerball, confidence, strategy, metadata, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

describe('migration 2: pre_generated_tickets', () => {
  const db = dbAtVersion(2);
  const put = db.prepare(INSERT);
  const ok = ['random', 'r1', 1, 2, 3, 4, 5, 6, 0.5, 'uniform', '{}', 1_700_000_000_000] as const;
  const withField = (i: number, v: unknown) => ok.map((x, j) => (j === i ? v : x));

  it('creates the table and the indexes the queries need', () => {
    expect(columns(db, 'pre_generated_tickets')).toEqual([
      'id',
      'mode',
      'pipeline_run_id',
      'n1',
      'n2',
      'n3',
      'n4',
      'n5',
      'powerball',
      'confidence',
      'strategy',
      'metadata',
      'created_at',
    ]);
    expect(indexes(db, 'pre_generated_tickets')).toEqual([
      'idx_tickets_created',
      'idx_tickets_mode_created',
      'idx_tickets_run',
    ]);
  });

  it('accepts a valid ticket', () => {
    expect(put.run(...ok).changes).toBe(1);
  });

  it.each([
    ['unknown mode', 0, 'quantum'],
    ['white 0', 2, 0],
    ['white 70', 6, 70],
    ['unsorted whites', 3, 9],
    ['repeated white', 3, 1],
    ['powerball 0', 7, 0],
    ['powerball 27', 7, 27],
    ['confidence below 0', 8, -0.01],
    ['confidence above 1', 8, 1.01],
    ['empty strategy', 9, ''],
    ['metadata not JSON', 10, '{oops'],
    ['created_at as text', 11, '2026-01-01 00:00:00'],
    ['created_at zero', 11, 0],
    ['n1 as text', 2, 'one'],
  ])('rejects %s', (_name, index, value) => {
    expect(() => put.run(...withField(index, value))).toThrow(/CHECK|cannot store|datatype/i);
  });
});
