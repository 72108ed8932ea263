import type {
  GeneratedTicket,
  HistoryDraw,
  JobOptions,
  Phase,
} from '../../shared/generator-protocol';
import { CURRENT_ERA, type Mode } from '../../shared/powerball';
import type { Rng } from '../rng';

export interface ModeContext {
  mode: Mode;
  /** Current-era draws, oldest first: the only history a model may learn from. */
  draws: readonly HistoryDraw[];
  /** Hash of `draws`: a trained model is reused while it is unchanged. */
  drawsKey: string;
  batchSize: number;
  /** Seeded from the job seed and the mode; use it for every random choice in generation. */
  rng: Rng;
  options: JobOptions;
  progress(phase: Phase, done: number, total: number): void;
}

/** A mode's model is loaded (or trained) once per draw history, then generates batches. */
export interface ModeImpl<M> {
  readonly mode: Mode;
  /** Fewest current-era draws it can learn from; fewer is a clear error, never a fallback. */
  readonly minDraws: number;
  model(ctx: ModeContext): Promise<{ model: M; trained: boolean }>;
  /** Exactly `ctx.batchSize` valid, distinct tickets. */
  generate(model: M, ctx: ModeContext): GeneratedTicket[];
}

/** A mode that cannot do what its name says: recorded for that mode; the others go on. */
export class ModeError extends Error {
  override name = 'ModeError';
}

/** Fails a mode given too little history, with what it needs: never a fallback. */
export function requireDraws(mode: Mode, have: number, min: number): void {
  if (have < min) {
    throw new ModeError(
      `${mode} needs at least ${min} draws of the current matrix (since ${CURRENT_ERA.from}) and has ${have}; import or sync the draw history`,
    );
  }
}
