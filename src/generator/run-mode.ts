import type { GeneratedTicket, HistoryDraw, JobOptions, Phase } from '../shared/generator-protocol';
import { POWERBALL_MAX, WHITE_MAX, type Mode } from '../shared/powerball';
import { drawsKey } from './history';
import { MODE_IMPLS } from './modes';
import { ticketKey } from './modes/batch';
import { ModeError, type ModeContext, requireDraws } from './modes/types';
import { Rng } from './rng';

export interface ModeTask {
  mode: Mode;
  batchSize: number;
  seed: number;
  draws: readonly HistoryDraw[];
  options: JobOptions;
  /** Precomputed by the caller when it runs many modes on one history. */
  drawsKey?: string;
}

export interface ModeOutcome {
  tickets: GeneratedTicket[];
  trainMs: number;
  generateMs: number;
  trained: boolean;
}

export function modeContext(
  task: ModeTask,
  progress: ModeContext['progress'] = () => {},
): ModeContext {
  return {
    mode: task.mode,
    draws: task.draws,
    drawsKey: task.drawsKey ?? drawsKey(task.draws),
    batchSize: task.batchSize,
    rng: Rng.derive(task.seed, task.mode),
    options: task.options,
    progress,
  };
}

/** Loads or trains the mode's model, generates the batch and checks it before it leaves. */
export async function runMode(
  task: ModeTask,
  progress: (phase: Phase, done: number, total: number) => void = () => {},
): Promise<ModeOutcome> {
  const impl = MODE_IMPLS[task.mode];
  if (!impl) throw new ModeError(`unknown mode ${task.mode}`);
  requireDraws(task.mode, task.draws.length, impl.minDraws);
  const ctx = modeContext(task, progress);
  const t0 = performance.now();
  const { model, trained } = await impl.model(ctx);
  const t1 = performance.now();
  const tickets = impl.generate(model, ctx);
  const t2 = performance.now();
  checkBatch(task.mode, tickets, task.batchSize);
  return { tickets, trainMs: t1 - t0, generateMs: t2 - t1, trained };
}

function checkBatch(mode: Mode, tickets: GeneratedTicket[], batchSize: number): void {
  if (tickets.length !== batchSize) {
    throw new ModeError(`${mode} produced ${tickets.length} tickets instead of ${batchSize}`);
  }
  const seen = new Set<string>();
  for (const t of tickets) {
    const w = t.white_balls;
    const valid =
      w.length === 5 &&
      w.every(
        (n, i) => Number.isInteger(n) && n >= 1 && n <= WHITE_MAX && (i === 0 || n > w[i - 1]!),
      ) &&
      Number.isInteger(t.powerball) &&
      t.powerball >= 1 &&
      t.powerball <= POWERBALL_MAX &&
      t.confidence >= 0 &&
      t.confidence <= 1;
    if (!valid) throw new ModeError(`${mode} produced an invalid ticket ${JSON.stringify(t)}`);
    const key = ticketKey(t);
    if (seen.has(key)) throw new ModeError(`${mode} produced a duplicate ticket ${key}`);
    seen.add(key);
  }
}
