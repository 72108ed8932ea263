import { describe, expect, it } from 'vitest';
import { columns, dbAtVersion } from './migrate-helpers';

describe('migration 5: sync_log', () => {
  const db = dbAtVersion(5);

  it('records sync attempts', () => {
    expect(columns(db, 'sync_log')).toEqual([
      'id',
      'at',
      'url',
      'ok',
      'error',
      'inserted',
      'updated',
    ]);
    const put = db.prepare('INSERT INTO sync_log (at, url, ok, error) VALUES (?, ?, ?, ?)');
    put.run(1, 'http://x', 1, null);
    expect(() => put.run(1, 'http://x', 2, null)).toThrow(/CHECK/);
  });
});
