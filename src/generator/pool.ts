import { Worker } from 'node:worker_threads';
import type { Phase } from '../shared/generator-protocol';
import type { ModeOutcome, ModeTask } from './run-mode';
import type { FromWorker } from './worker';

export class CancelledError extends Error {
  override name = 'CancelledError';
}

interface Pending {
  taskId: number;
  jobId: string;
  task: ModeTask;
  onProgress: (phase: Phase, done: number, total: number) => void;
  resolve: (o: ModeOutcome) => void;
  reject: (e: Error) => void;
}

/**
 * At most `size` worker threads, each running one mode at a time: the generator's only
 * use of CPU, so `size` (1..2) bounds the cores it takes.
 */
export class WorkerPool {
  private idle: Worker[] = [];
  private running = new Map<Worker, Pending>();
  private queue: Pending[] = [];
  private nextId = 1;
  private workers = 0;
  /** Highest number of modes that ran at once since the last reset. */
  maxConcurrent = 0;

  constructor(
    private size: number,
    private readonly workerUrl: URL,
    private readonly execArgv?: string[],
  ) {}

  resize(size: number): void {
    this.size = size;
  }

  resetHighWater(): void {
    this.maxConcurrent = this.running.size;
  }

  run(jobId: string, task: ModeTask, onProgress: Pending['onProgress']): Promise<ModeOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ taskId: this.nextId++, jobId, task, onProgress, resolve, reject });
      this.pump();
    });
  }

  /** Stops every task of a job: queued ones never start, running ones have their thread ended. */
  cancel(jobId: string): void {
    const cancelled = new CancelledError('cancelled');
    this.queue = this.queue.filter((p) => {
      if (p.jobId === jobId) p.reject(cancelled);
      return p.jobId !== jobId;
    });
    for (const [worker, p] of this.running) {
      if (p.jobId !== jobId) continue;
      this.running.delete(worker);
      this.workers--;
      void worker.terminate();
      p.reject(cancelled);
    }
    this.pump();
  }

  async close(): Promise<void> {
    this.queue = [];
    const all = [...this.idle, ...this.running.keys()];
    this.idle = [];
    this.running.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0 && this.running.size < this.size) {
      const worker = this.idle.pop() ?? this.spawn();
      if (!worker) return;
      const p = this.queue.shift()!;
      this.running.set(worker, p);
      this.maxConcurrent = Math.max(this.maxConcurrent, this.running.size);
      worker.postMessage({ type: 'task', taskId: p.taskId, task: p.task });
    }
  }

  private spawn(): Worker | null {
    if (this.workers >= this.size) return null;
    const worker = new Worker(this.workerUrl, this.execArgv ? { execArgv: this.execArgv } : {});
    this.workers++;
    worker.on('message', (msg: FromWorker) => {
      const p = this.running.get(worker);
      if (!p || msg.taskId !== p.taskId) return;
      if (msg.type === 'progress') return p.onProgress(msg.phase, msg.done, msg.total);
      this.running.delete(worker);
      if (this.workers <= this.size) this.idle.push(worker);
      else {
        this.workers--;
        void worker.terminate();
      }
      if (msg.type === 'result') p.resolve(msg.outcome);
      else p.reject(new Error(msg.error));
      this.pump();
    });
    const fail = (err: Error) => {
      const p = this.running.get(worker);
      if (!this.running.delete(worker) && !this.idle.includes(worker)) return;
      this.idle = this.idle.filter((w) => w !== worker);
      this.workers--;
      p?.reject(new Error(`the worker thread failed: ${err.message}`));
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
    return worker;
  }
}
