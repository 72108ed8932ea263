import type { Migration } from './types';

export const ticketEvaluations: Migration = {
  version: 6,
  name: 'ticket_evaluations',
  up(db) {
    // Each ticket scored against the first draw after it was made. No foreign key: the
    // scores outlive the tickets, which retention deletes.
    db.exec(`
      CREATE TABLE ticket_evaluations (
        ticket_id     INTEGER PRIMARY KEY,
        mode          TEXT NOT NULL,
        strategy      TEXT NOT NULL,
        run_id        TEXT,
        draw_date     TEXT NOT NULL,
        white_matches INTEGER NOT NULL CHECK (white_matches BETWEEN 0 AND 5),
        powerball_hit INTEGER NOT NULL CHECK (powerball_hit IN (0, 1)),
        tier          TEXT,
        evaluated_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX idx_evaluations_mode ON ticket_evaluations (mode, draw_date);
    `);
  },
};
