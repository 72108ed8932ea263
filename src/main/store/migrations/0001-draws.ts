import { ERAS } from '../../../shared/powerball';
import type { Migration } from './types';

// Era bounds are written into the CHECK, so an impossible row for its date cannot be stored.
const eraOfDate = `CASE ${[...ERAS]
  .reverse()
  .map((e) => `WHEN draw_date >= '${e.from}' THEN ${e.id}`)
  .join(' ')} END`;
const whiteMax = `CASE era ${ERAS.map((e) => `WHEN ${e.id} THEN ${e.whiteMax}`).join(' ')} END`;
const powerballMax = `CASE era ${ERAS.map((e) => `WHEN ${e.id} THEN ${e.powerballMax}`).join(' ')} END`;

export const draws: Migration = {
  version: 1,
  name: 'draws',
  up(db) {
    db.exec(`
      CREATE TABLE draws (
        draw_date  TEXT PRIMARY KEY CHECK (draw_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'
                                           AND date(draw_date) IS draw_date),
        n1 INTEGER NOT NULL,
        n2 INTEGER NOT NULL,
        n3 INTEGER NOT NULL,
        n4 INTEGER NOT NULL,
        n5 INTEGER NOT NULL,
        powerball  INTEGER NOT NULL,
        multiplier INTEGER CHECK (multiplier IS NULL OR multiplier BETWEEN 1 AND 10),
        era        INTEGER NOT NULL CHECK (era IS (${eraOfDate})),
        CHECK (1 <= n1 AND n1 < n2 AND n2 < n3 AND n3 < n4 AND n4 < n5 AND n5 <= ${whiteMax}),
        CHECK (powerball BETWEEN 1 AND ${powerballMax})
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX idx_draws_era ON draws (era, draw_date);
    `);
  },
};
