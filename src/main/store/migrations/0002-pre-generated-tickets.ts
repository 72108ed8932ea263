import { MODES, POWERBALL_MAX, WHITE_MAX } from '../../../shared/powerball';
import type { Migration } from './types';

export const preGeneratedTickets: Migration = {
  version: 2,
  name: 'pre_generated_tickets',
  up(db) {
    db.exec(`
      CREATE TABLE pre_generated_tickets (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        mode            TEXT NOT NULL CHECK (mode IN (${MODES.map((m) => `'${m}'`).join(', ')})),
        pipeline_run_id TEXT,
        n1 INTEGER NOT NULL,
        n2 INTEGER NOT NULL,
        n3 INTEGER NOT NULL,
        n4 INTEGER NOT NULL,
        n5 INTEGER NOT NULL,
        powerball  INTEGER NOT NULL CHECK (powerball BETWEEN 1 AND ${POWERBALL_MAX}),
        confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
        strategy   TEXT NOT NULL CHECK (length(strategy) BETWEEN 1 AND 64),
        metadata   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
        -- UTC epoch milliseconds: no time zone can shift a comparison.
        created_at INTEGER NOT NULL CHECK (created_at > 0),
        CHECK (1 <= n1 AND n1 < n2 AND n2 < n3 AND n3 < n4 AND n4 < n5 AND n5 <= ${WHITE_MAX})
      ) STRICT;
      -- getCached(mode, limit): newest first, read straight off the index.
      CREATE INDEX idx_tickets_mode_created ON pre_generated_tickets (mode, created_at DESC, id DESC);
      -- getCached with a run filter, run-level counts and deleting a run.
      CREATE INDEX idx_tickets_run ON pre_generated_tickets (pipeline_run_id, mode, created_at DESC, id DESC)
        WHERE pipeline_run_id IS NOT NULL;
      -- retention cleanup and oldest/newest.
      CREATE INDEX idx_tickets_created ON pre_generated_tickets (created_at);
    `);
  },
};
