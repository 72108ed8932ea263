import type { Migration } from './types';

export const runInputs: Migration = {
  version: 7,
  name: 'run_inputs',
  up(db) {
    // What the generator was given besides the seed (hybrid ratio, v1 weights, the draws),
    // so a run can be explained and repeated later.
    db.exec(`
      ALTER TABLE batch_runs ADD COLUMN inputs TEXT CHECK (inputs IS NULL OR json_valid(inputs));
    `);
  },
};
