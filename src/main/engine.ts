import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Handlers } from '../shared/contract';
import pkg from '../../package.json';
import { ApiError } from './api-error';
import { importDraws } from './draws/import';
import { syncDraws } from './draws/sync';
import { closeDatabase, DB_FILE_NAME, openDatabase, type Db } from './store/database';
import { DrawStore } from './store/draw-store';
import { RunStore } from './store/run-store';
import { SettingsStore } from './store/settings-store';
import { TicketStore } from './store/ticket-store';

export const VERSION: string = pkg.version;

export interface EngineOptions {
  /** Folder holding the database; `:memory:` for a throwaway engine. */
  dataDir: string;
  now?: () => number;
  fetch?: typeof fetch;
}

/** What the main process owns: the database, its stores and the API handlers over them. */
export class Engine {
  readonly db: Db;
  readonly tickets: TicketStore;
  readonly draws: DrawStore;
  readonly runs: RunStore;
  readonly settings: SettingsStore;
  readonly handlers: Handlers;

  constructor(private readonly opts: EngineOptions) {
    const file = opts.dataDir === ':memory:' ? ':memory:' : join(opts.dataDir, DB_FILE_NAME);
    const now = opts.now ?? Date.now;
    this.db = openDatabase(file);
    this.tickets = new TicketStore(this.db, now);
    this.draws = new DrawStore(this.db, now);
    this.runs = new RunStore(this.db, now);
    this.settings = new SettingsStore(this.db);
    this.handlers = this.createHandlers();
  }

  close(): void {
    closeDatabase(this.db);
  }

  private createHandlers(): Handlers {
    return {
      health: () => ({ status: 'ok', version: VERSION }),
      getCachedTickets: ({ mode, limit, include_stats, run_id }) => {
        const t0 = performance.now();
        const tickets = this.tickets.getCached(mode, limit, { runId: run_id });
        const db_stats = include_stats ? this.tickets.getStats() : null;
        const response_time_ms = Math.round((performance.now() - t0) * 1000) / 1000;
        return { mode, count: tickets.length, tickets, cached: true, response_time_ms, db_stats };
      },
      getBatchStatus: () => this.tickets.getStats(),
      getSettings: () => this.settings.get(),
      updateSettings: (patch) => this.settings.update(patch),
      regenerateToken: () => ({ token: this.settings.regenerateToken() }),
      listDraws: ({ limit }) => {
        const draws = this.draws.list(limit);
        return { count: draws.length, draws };
      },
      getDrawSummary: () => this.draws.summary(),
      importDraws: ({ text }) => importDraws(this.draws, text),
      syncDraws: () => {
        const { url, timeout_ms } = this.settings.get().sync;
        return syncDraws(this.draws, { url, timeoutMs: timeout_ms, fetch: this.opts.fetch });
      },
      listRuns: ({ limit }) => {
        const runs = this.runs.list(limit);
        return { count: runs.length, runs };
      },
      getRun: ({ id }) => {
        const run = this.runs.get(id);
        if (!run) throw new ApiError(404, 'not_found', `run ${id} does not exist`, 'id');
        return run;
      },
      deleteRun: ({ id }) => {
        const deleted = this.tickets.deleteRun(id);
        if (!deleted) throw new ApiError(404, 'not_found', `run ${id} does not exist`, 'id');
        return { id, ...deleted };
      },
    };
  }
}
