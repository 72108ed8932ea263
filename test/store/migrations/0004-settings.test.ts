import { describe, expect, it } from 'vitest';
import { columns, dbAtVersion } from './migrate-helpers';

describe('migration 4: settings', () => {
  const db = dbAtVersion(4);

  it('stores one JSON value per key', () => {
    expect(columns(db, 'settings')).toEqual(['key', 'value']);
    db.prepare("INSERT INTO settings VALUES ('batch_size', '100')").run();
    expect(() => db.prepare("INSERT INTO settings VALUES ('x', 'not json')").run()).toThrow(
      /CHECK/,
    );
    expect(() => db.prepare("INSERT INTO settings VALUES ('batch_size', '5')").run()).toThrow(
      /UNIQUE|PRIMARY/,
    );
  });
});
