import type { FromGenerator, GenerateJob, ToGenerator } from '../../shared/generator-protocol';

/** The generator process as the host sees it; Electron and Node each provide a spawner. */
export interface GeneratorChild {
  readonly pid: number | undefined;
  send(msg: ToGenerator): void;
  onMessage(fn: (msg: FromGenerator) => void): void;
  onExit(fn: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}
export type SpawnGenerator = () => GeneratorChild;

type JobMessage = Extract<FromGenerator, { jobId: string }>;
export interface JobListener {
  onProgress(msg: Extract<FromGenerator, { type: 'progress' }>): void;
  onBatch(msg: Extract<FromGenerator, { type: 'batch' }>): void;
  onModeFailed(msg: Extract<FromGenerator, { type: 'mode-failed' }>): void;
}

/** The generator process died or hung; the job failed with this reason. */
export class GeneratorFailure extends Error {
  override name = 'GeneratorFailure';
}

export interface HostOptions {
  /** No message (heartbeats included) for this long means the process hung. */
  hangTimeoutMs?: number;
  /**
   * No word of the job (progress, batch, failure) for this long means a mode is stuck in a
   * worker thread while the process itself still answers (default 5 min).
   */
  stallTimeoutMs?: number;
}

interface Current {
  jobId: string;
  listener: JobListener;
  resolve: (r: { maxConcurrent: number }) => void;
  reject: (e: Error) => void;
}

/** Main's side of the generator: starts it, runs one job at a time, restarts it when it fails. */
export class GeneratorHost {
  private child: GeneratorChild | null = null;
  private current: Current | null = null;
  private lastHeard = 0;
  private lastJobNews = 0;
  private watchdog: NodeJS.Timeout | null = null;
  private readonly hangTimeoutMs: number;
  private readonly stallTimeoutMs: number;

  constructor(
    private readonly spawn: SpawnGenerator,
    opts: HostOptions = {},
  ) {
    this.hangTimeoutMs = opts.hangTimeoutMs ?? 30_000;
    this.stallTimeoutMs = opts.stallTimeoutMs ?? 5 * 60_000;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get busy(): boolean {
    return this.current !== null;
  }

  /** Runs a job; resolves when every mode has reported, rejects if the process dies or hangs. */
  run(job: Omit<GenerateJob, 'type'>, listener: JobListener): Promise<{ maxConcurrent: number }> {
    if (this.current) return Promise.reject(new Error('the generator is already running a job'));
    return new Promise((resolve, reject) => {
      this.current = { jobId: job.jobId, listener, resolve, reject };
      try {
        const child = this.ensureChild();
        this.lastHeard = this.lastJobNews = Date.now();
        this.startWatchdog();
        child.send({ type: 'job', ...job });
      } catch (err) {
        this.finish(
          new GeneratorFailure(`could not start the generator: ${(err as Error).message}`),
        );
      }
    });
  }

  cancel(jobId: string): void {
    if (this.current?.jobId === jobId) this.child?.send({ type: 'cancel', jobId });
  }

  /** Ends the process (a running job fails with `reason`). */
  stop(reason = 'the generator was stopped'): void {
    const child = this.child;
    this.child = null;
    if (child) {
      try {
        child.send({ type: 'shutdown' });
      } catch {
        // already gone
      }
      setTimeout(() => child.kill(), 2000).unref();
    }
    if (this.current) this.finish(new GeneratorFailure(reason));
  }

  private ensureChild(): GeneratorChild {
    if (this.child) return this.child;
    const child = this.spawn();
    this.child = child;
    child.onMessage((msg) => {
      if (this.child !== child) return;
      this.lastHeard = Date.now();
      if ('jobId' in msg) this.dispatch(msg);
    });
    child.onExit((code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      if (this.current) {
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        this.finish(new GeneratorFailure(`the generator process ${how} during the run`));
      }
    });
    return child;
  }

  private dispatch(msg: JobMessage): void {
    const cur = this.current;
    if (!cur || msg.jobId !== cur.jobId) return;
    this.lastJobNews = Date.now();
    switch (msg.type) {
      case 'progress':
        return cur.listener.onProgress(msg);
      case 'batch':
        return cur.listener.onBatch(msg);
      case 'mode-failed':
        return cur.listener.onModeFailed(msg);
      case 'done':
        return this.finish(null, { maxConcurrent: msg.maxConcurrent });
    }
  }

  private startWatchdog(): void {
    const s = (ms: number) => Math.round(ms / 1000);
    this.watchdog ??= setInterval(
      () => {
        if (!this.current) return;
        const now = Date.now();
        if (now - this.lastHeard >= this.hangTimeoutMs) {
          this.restart(
            `the generator stopped responding for ${s(this.hangTimeoutMs)} s and was restarted`,
          );
        } else if (now - this.lastJobNews >= this.stallTimeoutMs) {
          this.restart(
            `no mode made progress for ${s(this.stallTimeoutMs)} s; the generator was restarted`,
          );
        }
      },
      Math.min(1000, this.hangTimeoutMs / 4, this.stallTimeoutMs / 4),
    );
    this.watchdog.unref();
  }

  /** Kills the process and fails the running job; the next job starts a fresh process. */
  private restart(reason: string): void {
    const child = this.child;
    this.child = null;
    child?.kill();
    this.finish(new GeneratorFailure(reason));
  }

  private finish(err: Error | null, result?: { maxConcurrent: number }): void {
    const cur = this.current;
    this.current = null;
    if (this.watchdog) {
      clearInterval(this.watchdog);
      this.watchdog = null;
    }
    if (!cur) return;
    if (err) cur.reject(err);
    else cur.resolve(result!);
  }
}
