import type { Migration } from './types';

export const syncLog: Migration = {
  version: 5,
  name: 'sync_log',
  up(db) {
    db.exec(`
      CREATE TABLE sync_log (
        id       INTEGER PRIMARY KEY,
        at       INTEGER NOT NULL,
        url      TEXT NOT NULL,
        ok       INTEGER NOT NULL CHECK (ok IN (0, 1)),
        error    TEXT,
        inserted INTEGER NOT NULL DEFAULT 0,
        updated  INTEGER NOT NULL DEFAULT 0
      ) STRICT;
    `);
  },
};
