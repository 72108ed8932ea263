import type { Mode } from './powerball';

/** Messages between main (GeneratorHost) and the generator process. Structured-clone safe. */

export interface HistoryDraw {
  date: string;
  /** Sorted ascending, 1..69. */
  whites: number[];
  powerball: number;
}

export interface GeneratedTicket {
  white_balls: number[];
  powerball: number;
  confidence: number;
  strategy: string;
  metadata?: Record<string, unknown>;
}

export interface JobOptions {
  /** Share of v2 tickets in hybrid (0..1). */
  hybridRatio: number;
  /** v1 strategy weights from evaluation; missing means equal. */
  v1Weights?: Record<string, number>;
  /** Folder where trained models persist between runs. */
  modelDir: string;
  maxWorkers: number;
}

export interface GenerateJob {
  type: 'job';
  jobId: string;
  modes: Mode[];
  batchSize: number;
  seed: number;
  /** Current-era draws, oldest first. */
  draws: HistoryDraw[];
  options: JobOptions;
}

export type Phase = 'train' | 'generate';

export type ToGenerator = GenerateJob | { type: 'cancel'; jobId: string } | { type: 'shutdown' };

export type FromGenerator =
  | { type: 'ready'; pid: number }
  | { type: 'heartbeat' }
  | { type: 'progress'; jobId: string; mode: Mode; phase: Phase; done: number; total: number }
  | {
      type: 'batch';
      jobId: string;
      mode: Mode;
      tickets: GeneratedTicket[];
      trainMs: number;
      generateMs: number;
      trained: boolean;
    }
  | { type: 'mode-failed'; jobId: string; mode: Mode; error: string; cancelled: boolean }
  | { type: 'done'; jobId: string; maxConcurrent: number };
