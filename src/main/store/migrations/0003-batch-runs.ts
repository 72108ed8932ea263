import type { Migration } from './types';

export const batchRuns: Migration = {
  version: 3,
  name: 'batch_runs',
  up(db) {
    db.exec(`
      CREATE TABLE batch_runs (
        id          TEXT PRIMARY KEY,
        status      TEXT NOT NULL CHECK (status IN ('running', 'success', 'partial', 'failed', 'cancelled', 'interrupted')),
        trigger     TEXT NOT NULL,
        seed        INTEGER,
        batch_size  INTEGER NOT NULL CHECK (batch_size BETWEEN 1 AND 1000),
        started_at  INTEGER NOT NULL,
        finished_at INTEGER,
        error       TEXT,
        -- JSON list of pipeline steps: [{ step, status, detail, ms }]
        steps       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(steps))
      ) STRICT;
      CREATE INDEX idx_batch_runs_started ON batch_runs (started_at DESC);

      CREATE TABLE batch_run_modes (
        run_id      TEXT NOT NULL REFERENCES batch_runs (id) ON DELETE CASCADE,
        mode        TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('running', 'success', 'failed', 'cancelled')),
        tickets     INTEGER NOT NULL DEFAULT 0,
        duration_ms REAL,
        train_ms    REAL,
        trained     INTEGER CHECK (trained IN (0, 1)),
        error       TEXT,
        PRIMARY KEY (run_id, mode)
      ) STRICT;
    `);
  },
};
