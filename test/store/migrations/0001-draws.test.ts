import { describe, expect, it } from 'vitest';
import { columns, dbAtVersion, indexes } from './migrate-helpers';

describe('migration 1: draws', () => {
  const db = dbAtVersion(1);

  it('creates the draws table with sorted whites, multiplier and era', () => {
    expect(columns(db, 'draws')).toEqual([
      'draw_date',
      'n1',
      'n2',
      'n3',
      'n4',
      'n5',
      'powerball',
      'multiplier',
      'era',
    ]);
    expect(indexes(db, 'draws')).toEqual(['idx_draws_era']);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('accepts a valid draw of each era and rejects one outside its era', () => {
    const put = db.prepare('INSERT INTO draws VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    put.run('2006-05-31', 10, 20, 22, 43, 49, 42, null, 1);
    put.run('2010-01-02', 1, 2, 3, 4, 59, 39, 2, 2);
    put.run('2013-01-02', 1, 2, 3, 4, 59, 35, null, 3);
    put.run('2016-01-02', 1, 2, 3, 4, 69, 26, 10, 4);
    expect(() => put.run('2013-01-03', 1, 2, 3, 4, 60, 5, null, 3)).toThrow(/CHECK/);
    expect(() => put.run('2016-01-03', 1, 2, 3, 4, 5, 27, null, 4)).toThrow(/CHECK/);
    expect(() => put.run('2016-01-04', 1, 2, 3, 4, 5, 6, null, 3)).toThrow(/CHECK/); // wrong era
    expect(() => put.run('2016-01-05', 5, 4, 3, 2, 1, 6, null, 4)).toThrow(/CHECK/); // unsorted
    expect(() => put.run('2016-02-30', 1, 2, 3, 4, 5, 6, null, 4)).toThrow(/CHECK/); // no such day
    expect(() => put.run('2016-01-06', 1, 2, 3, 4, 5, 6, 11, 4)).toThrow(/CHECK/); // multiplier
    expect(() => put.run('2004-01-01', 1, 2, 3, 4, 5, 6, null, 1)).toThrow(/CHECK|NOT NULL/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM draws').get()).toEqual({ n: 4 });
  });
});
