import { describe, expect, it } from 'vitest';
import { columns, dbAtVersion } from './migrate-helpers';

describe('migration 6: ticket_evaluations', () => {
  const db = dbAtVersion(6);

  it('keeps one score per ticket, within range', () => {
    expect(columns(db, 'ticket_evaluations')).toEqual([
      'ticket_id',
      'mode',
      'strategy',
      'run_id',
      'draw_date',
      'white_matches',
      'powerball_hit',
      'tier',
      'evaluated_at',
    ]);
    const put = db.prepare(
      `INSERT INTO ticket_evaluations (ticket_id, mode, strategy, draw_date, white_matches, powerball_hit, tier, evaluated_at)
       VALUES (?, 'random', 'uniform', '2026-01-03', ?, ?, NULL, 1)`,
    );
    put.run(1, 2, 1);
    expect(() => put.run(1, 0, 0)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => put.run(2, 6, 0)).toThrow(/CHECK/);
    expect(() => put.run(3, 1, 2)).toThrow(/CHECK/);
  });
});
