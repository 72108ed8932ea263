import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Handlers } from '../shared/contract';
import type { Evaluation } from '../shared/schemas';
import pkg from '../../package.json';
import { ApiError } from './api-error';
import { importDraws } from './draws/import';
import { syncDraws } from './draws/sync';
import { cachedEvaluationReport } from './evaluation';
import { GeneratorHost, type SpawnGenerator } from './generator/host';
import { Pipeline } from './pipeline';
import { Scheduler } from './scheduler';
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
  /** Starts the generator process; without it, generation calls answer 503. */
  spawnGenerator?: SpawnGenerator;
  /** A generator silent for this long is treated as hung (default 30 s). */
  hangTimeoutMs?: number;
  /** Run the schedule, catch-up and first-start runs (default false). */
  schedule?: boolean;
  log?: (line: string) => void;
}

/** What the main process owns: the database, its stores and the API handlers over them. */
export class Engine {
  readonly db: Db;
  readonly tickets: TicketStore;
  readonly draws: DrawStore;
  readonly runs: RunStore;
  readonly settings: SettingsStore;
  readonly handlers: Handlers;
  readonly host: GeneratorHost | null = null;
  readonly pipeline: Pipeline | null = null;
  readonly scheduler: Scheduler | null = null;
  private readonly evaluation: () => Evaluation;

  constructor(private readonly opts: EngineOptions) {
    const memory = opts.dataDir === ':memory:';
    const file = memory ? ':memory:' : join(opts.dataDir, DB_FILE_NAME);
    const now = opts.now ?? Date.now;
    this.db = openDatabase(file);
    this.tickets = new TicketStore(this.db, now);
    this.draws = new DrawStore(this.db, now);
    this.runs = new RunStore(this.db, now);
    this.evaluation = cachedEvaluationReport(this.db);
    this.settings = new SettingsStore(this.db, {
      max_workers: Math.min(2, availableParallelism()),
    });
    const interrupted = this.runs.markInterrupted();
    if (interrupted > 0) opts.log?.(`Marked ${interrupted} unfinished run(s) as interrupted`);
    if (opts.spawnGenerator) {
      this.host = new GeneratorHost(opts.spawnGenerator, { hangTimeoutMs: opts.hangTimeoutMs });
      this.pipeline = new Pipeline({
        db: this.db,
        tickets: this.tickets,
        draws: this.draws,
        runs: this.runs,
        settings: this.settings,
        host: this.host,
        modelDir: memory
          ? mkdtempSync(join(tmpdir(), 'shiol-models-'))
          : join(opts.dataDir, 'models'),
        now,
        sync: () => this.handlers.syncDraws({}) as Promise<unknown>,
      });
      this.scheduler = new Scheduler({
        pipeline: this.pipeline,
        settings: this.settings,
        runs: this.runs,
        tickets: this.tickets,
        draws: this.draws,
        now,
        log: opts.log,
      });
    }
    this.handlers = this.createHandlers();
    if (opts.schedule) this.scheduler?.start();
  }

  /** Cancels a running run, stops the generator, checkpoints and closes the database. */
  async close(): Promise<void> {
    this.scheduler?.stop();
    if (this.pipeline?.running) {
      this.pipeline.cancel();
      await Promise.race([this.pipeline.idle(), new Promise((r) => setTimeout(r, 10_000))]);
    }
    this.host?.stop('the app is closing');
    closeDatabase(this.db);
  }

  private requirePipeline(): Pipeline {
    if (!this.pipeline) {
      throw new ApiError(
        503,
        'generator_unavailable',
        'this engine was started without a generator',
      );
    }
    return this.pipeline;
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
      listTickets: ({ mode, limit, run_id }) => {
        const tickets = this.tickets.getCached(mode, limit, { runId: run_id });
        return { mode, count: tickets.length, tickets };
      },
      getBatchStatus: () => this.tickets.getStats(),
      getSettings: () => this.settings.get(),
      updateSettings: (patch) => {
        const next = this.settings.update(patch);
        if (patch.schedule) this.scheduler?.rearm();
        return next;
      },
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
        if (this.pipeline?.progress()?.run_id === id) {
          throw new ApiError(
            409,
            'run_in_progress',
            `run ${id} is still going; cancel it first`,
            'id',
          );
        }
        const deleted = this.tickets.deleteRun(id);
        if (!deleted) throw new ApiError(404, 'not_found', `run ${id} does not exist`, 'id');
        return { id, ...deleted };
      },
      generateTickets: (req) => this.requirePipeline().start(req),
      getGeneratorStatus: () => {
        const s = this.settings.get();
        const next = this.scheduler?.next() ?? null;
        return {
          is_generating: this.pipeline?.running ?? false,
          configured_modes: s.enabled_modes,
          batch_size: s.batch_size,
          auto_cleanup: s.auto_cleanup,
          cleanup_days: s.retention_days,
          metrics: this.runs.metrics(),
          db_stats: this.tickets.getStats(),
          progress: this.pipeline?.progress() ?? null,
          pid: this.host?.pid ?? null,
          next_scheduled_run: next === null ? null : new Date(next).toISOString(),
        };
      },
      cancelGeneration: () => this.requirePipeline().cancel(),
      getEvaluation: this.evaluation,
    };
  }
}
