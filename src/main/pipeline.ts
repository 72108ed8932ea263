import { EventEmitter } from 'node:events';
import { randomBytes, randomInt } from 'node:crypto';
import type { HistoryDraw } from '../shared/generator-protocol';
import { V1_STRATEGIES, type Mode } from '../shared/powerball';
import type { GenerateRequest, ModeProgress, Progress, Run, RunStep } from '../shared/schemas';
import { ApiError } from './api-error';
import { evaluatePending, v1StrategyWeights } from './evaluation';
import { GeneratorFailure, type GeneratorHost } from './generator/host';
import type { Db } from './store/database';
import type { DrawStore } from './store/draw-store';
import type { RunStore } from './store/run-store';
import type { SettingsStore } from './store/settings-store';
import type { TicketStore } from './store/ticket-store';
import { addDays, drawInstant, zonedDate, DRAW_TIME_ZONE } from './zoned-time';

export interface PipelineDeps {
  db: Db;
  tickets: TicketStore;
  draws: DrawStore;
  runs: RunStore;
  settings: SettingsStore;
  host: GeneratorHost;
  modelDir: string;
  now: () => number;
  /** Downloads and imports the draw history (the engine's sync). */
  sync: () => Promise<unknown>;
}

export interface PipelineEvents {
  progress: [Progress];
  'run-finished': [Run];
}

interface Active {
  runId: string;
  progress: Progress;
  cancelled: boolean;
  done: Promise<Run>;
}

const POWERBALL_DAYS = ['mon', 'wed', 'sat'];

/**
 * Results are out minutes after the 22:59 ET draw; the default schedule (23:05) must count
 * that night's draw as due, or its sync waits for the next draw.
 */
export const RESULTS_DELAY_MS = 5 * 60_000;

/** The latest draw date whose results should be published by `now`. */
export function latestDueDrawDate(now: number): string {
  let date = zonedDate(now, DRAW_TIME_ZONE).date;
  for (let i = 0; i < 8; i++, date = addDays(date, -1)) {
    const weekday = zonedDate(Date.parse(`${date}T12:00:00Z`), 'UTC').weekday;
    if (POWERBALL_DAYS.includes(weekday) && drawInstant(date) + RESULTS_DELAY_MS <= now)
      return date;
  }
  return date;
}

/**
 * runPipeline, one run at a time: sync if a draw is due, score stored tickets against later
 * draws, train (in the generator, only when draws changed) and generate every mode, store
 * each mode's batch atomically, then clean up by retention.
 */
export class Pipeline extends EventEmitter<PipelineEvents> {
  private active: Active | null = null;

  constructor(private readonly d: PipelineDeps) {
    super();
  }

  get running(): boolean {
    return this.active !== null;
  }

  progress(): Progress | null {
    return this.active ? structuredClone(this.active.progress) : null;
  }

  /** Starts a run in the background; 409 if one is going. */
  start(
    req: GenerateRequest,
    trigger = 'manual',
  ): { run_id: string; status: 'running'; modes: Mode[]; batch_size: number; seed: number } {
    if (this.active) {
      throw new ApiError(
        409,
        'run_in_progress',
        `run ${this.active.runId} is still going; wait for it or cancel it`,
      );
    }
    const settings = this.d.settings.get();
    const modes = req.modes ?? settings.enabled_modes;
    const batchSize = req.batch_size ?? settings.batch_size;
    const seed = req.seed ?? randomInt(0, 2 ** 32 - 1);
    const runId = req.pipeline_run_id ?? newRunId(this.d.now());
    if (this.d.runs.exists(runId)) {
      throw new ApiError(
        409,
        'run_exists',
        `a run with id ${runId} already exists`,
        'pipeline_run_id',
      );
    }
    this.d.runs.create({ id: runId, trigger, seed, batchSize, modes });
    const progress: Progress = {
      run_id: runId,
      step: 'sync',
      modes: modes.map((mode) => ({ mode, phase: 'queued', done: 0, total: batchSize })),
    };
    const active: Active = {
      runId,
      progress,
      cancelled: false,
      done: null as unknown as Promise<Run>,
    };
    this.active = active;
    active.done = this.execute(active, modes, batchSize, seed).finally(() => {
      this.active = null;
    });
    active.done.then(
      (run) => this.emit('run-finished', run),
      () => {},
    );
    return { run_id: runId, status: 'running', modes, batch_size: batchSize, seed };
  }

  /** Cancels the running run; false when none is going. */
  cancel(): { cancelled: boolean; run_id: string | null } {
    const a = this.active;
    if (!a) return { cancelled: false, run_id: null };
    a.cancelled = true;
    this.d.host.cancel(a.runId);
    return { cancelled: true, run_id: a.runId };
  }

  /** Resolves when the current run (if any) has finished. */
  async idle(): Promise<void> {
    await this.active?.done.catch(() => {});
  }

  private async execute(a: Active, modes: Mode[], batchSize: number, seed: number): Promise<Run> {
    const steps: RunStep[] = [];
    const settings = this.d.settings.get();
    const step = async (
      name: RunStep['step'] & Progress['step'],
      fn: () => Promise<[RunStep['status'], string]>,
    ) => {
      a.progress.step = name;
      this.emit('progress', this.progress()!);
      const t0 = performance.now();
      try {
        const [status, detail] = await fn();
        steps.push({ step: name, status, detail, ms: Math.round(performance.now() - t0) });
      } catch (err) {
        steps.push({
          step: name,
          status: 'failed',
          detail: (err as Error).message,
          ms: Math.round(performance.now() - t0),
        });
      }
    };
    let runError: string | null = null;

    await step('sync', async () => {
      if (!settings.sync.enabled) return ['skipped', 'sync is turned off'];
      const due = latestDueDrawDate(this.d.now());
      const have = this.d.draws.summary().last;
      if (have !== null && have >= due) return ['skipped', `draws are up to date (${have})`];
      await this.d.sync();
      return ['ok', `synced; latest draw ${this.d.draws.summary().last}`];
    });

    await step('evaluate', async () => [
      'ok',
      `${evaluatePending(this.d.db, this.d.now)} tickets scored`,
    ]);

    await step('generate', async () => {
      if (a.cancelled) {
        for (const m of modes) this.finishMode(a, m, 'cancelled', 'cancelled before generation');
        return ['skipped', 'cancelled'];
      }
      const draws: HistoryDraw[] = this.d.draws.currentEra().map((d) => ({
        date: d.draw_date,
        whites: d.white_balls,
        powerball: d.powerball,
      }));
      const v1Weights = v1StrategyWeights(this.d.db, V1_STRATEGIES);
      this.d.runs.setInputs(a.runId, {
        hybrid_ratio: settings.hybrid_ratio,
        v1_weights: v1Weights,
        draws: draws.length,
        last_draw: draws.at(-1)?.date ?? null,
      });
      try {
        await this.d.host.run(
          {
            jobId: a.runId,
            modes,
            batchSize,
            seed,
            draws,
            options: {
              hybridRatio: settings.hybrid_ratio,
              v1Weights,
              modelDir: this.d.modelDir,
              maxWorkers: settings.max_workers,
            },
          },
          {
            onProgress: (m) => {
              this.setProgress(a, m.mode, { phase: m.phase, done: m.done, total: m.total });
            },
            onBatch: (m) => {
              try {
                const n = this.d.tickets.insertBatch(m.tickets, m.mode, a.runId);
                this.d.runs.finishMode(a.runId, m.mode, {
                  status: 'success',
                  tickets: n,
                  durationMs: m.trainMs + m.generateMs,
                  trainMs: m.trainMs,
                  trained: m.trained,
                });
                this.setProgress(a, m.mode, { phase: 'done', done: n, total: n });
              } catch (err) {
                this.finishMode(a, m.mode, 'failed', `batch rejected: ${(err as Error).message}`);
              }
            },
            onModeFailed: (m) =>
              this.finishMode(a, m.mode, m.cancelled ? 'cancelled' : 'failed', m.error),
          },
        );
      } catch (err) {
        if (!(err instanceof GeneratorFailure)) throw err;
        runError = err.message;
        for (const m of this.d.runs.runningModes(a.runId))
          this.finishMode(a, m, 'failed', err.message);
      }
      const run = this.d.runs.get(a.runId)!;
      const ok = run.modes.filter((m) => m.status === 'success').length;
      return [ok > 0 ? 'ok' : 'failed', `${ok} of ${modes.length} modes generated`];
    });

    await step('cleanup', async () => {
      if (!settings.auto_cleanup) return ['skipped', 'auto-cleanup is off'];
      const n = await this.d.tickets.clearOlderThan(settings.retention_days);
      return ['ok', `${n} tickets older than ${settings.retention_days} days deleted`];
    });

    a.progress.step = 'finished';
    const run = this.d.runs.get(a.runId)!;
    const ok = run.modes.filter((m) => m.status === 'success').length;
    const status: Run['status'] = a.cancelled
      ? 'cancelled'
      : ok === modes.length
        ? 'success'
        : ok > 0
          ? 'partial'
          : 'failed';
    if (!runError && status !== 'success') {
      runError = run.modes
        .filter((m) => m.status !== 'success')
        .map((m) => `${m.mode}: ${m.error ?? m.status}`)
        .join('; ');
    }
    this.d.runs.finish(a.runId, status, runError, steps);
    this.emit('progress', this.progress()!);
    return this.d.runs.get(a.runId)!;
  }

  private finishMode(a: Active, mode: Mode, status: 'failed' | 'cancelled', error: string): void {
    this.d.runs.finishMode(a.runId, mode, { status, error });
    this.setProgress(a, mode, { phase: status });
  }

  private setProgress(a: Active, mode: Mode, p: Partial<ModeProgress>): void {
    const m = a.progress.modes.find((x) => x.mode === mode);
    if (!m) return;
    Object.assign(m, p);
    this.emit('progress', this.progress()!);
  }
}

function newRunId(now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}
