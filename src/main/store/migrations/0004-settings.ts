import type { Migration } from './types';

export const settings: Migration = {
  version: 4,
  name: 'settings',
  up(db) {
    // One row per top-level setting, JSON-encoded; missing keys take their defaults.
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
