import { draws } from './0001-draws';
import { preGeneratedTickets } from './0002-pre-generated-tickets';
import { batchRuns } from './0003-batch-runs';
import { settings } from './0004-settings';
import { syncLog } from './0005-sync-log';
import { ticketEvaluations } from './0006-ticket-evaluations';
import { runInputs } from './0007-run-inputs';
import type { Migration } from './types';

/** In order; never edit one that has shipped, add a new file instead. */
export const MIGRATIONS: readonly Migration[] = [
  draws,
  preGeneratedTickets,
  batchRuns,
  settings,
  syncLog,
  ticketEvaluations,
  runInputs,
];
export type { Migration };
