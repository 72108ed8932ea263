import { POWERBALL_MAX, WHITE_COUNT, WHITE_MAX } from '../../shared/powerball';
import { normalize } from '../confidence';
import { wasmTf } from '../lstm/backend';
import { LSTM_CONFIG, trainLstm, type TrainedLstm } from '../lstm/net';
import { cachedModel } from '../model-cache';
import { distinctBatch, sampleTicket } from './batch';
import { requireDraws, type ModeImpl } from './types';

/**
 * lstm: a small recurrent network (../lstm/net.ts) reads the last LSTM_CONFIG.window draws,
 * each as 69 multi-hot whites + 26 one-hot Powerball, and predicts the next draw: a sigmoid
 * per white and a softmax over the Powerball. It is trained with tfjs on the WebAssembly
 * backend with one thread (../lstm/backend.ts), with initializers seeded from the draws and
 * no shuffling, so the same history always gives the same weights; the job seed only drives
 * the sampling of tickets from the predicted probabilities.
 *
 * The trained weights and the prediction are saved with the model cache: while the draws are
 * unchanged a restart reuses them without retraining (and without loading tfjs at all).
 */

/** Bumped whenever the network, its training or the saved format change. */
const MODEL_VERSION = 1;
/** A window of history per sample and at least 50 samples to learn from. */
export const LSTM_MIN_DRAWS = LSTM_CONFIG.window + 50;

export const lstmMode: ModeImpl<TrainedLstm> = {
  mode: 'lstm',
  minDraws: LSTM_MIN_DRAWS,
  async model(ctx) {
    requireDraws('lstm', ctx.draws.length, LSTM_MIN_DRAWS);
    // Seeded from the draws (never the job seed): same history, same weights.
    const seed = Number.parseInt(ctx.drawsKey.slice(0, 8), 16) >>> 1;
    return cachedModel(
      ctx,
      'lstm',
      MODEL_VERSION,
      async () => {
        const tf = await wasmTf();
        return trainLstm(tf, ctx.draws, seed, (epoch, epochs) =>
          ctx.progress('train', epoch, epochs),
        );
      },
      LSTM_CODEC,
    );
  },
  generate(model, ctx) {
    const whiteProbs = normalize(model.whiteProbs, WHITE_COUNT);
    const powerballProbs = normalize(model.powerballProbs, 1);
    return distinctBatch(ctx, () => ({
      ...sampleTicket(ctx, whiteProbs, powerballProbs),
      strategy: 'lstm_sequence',
    }));
  },
};

/** Saved as plain JSON; a file that is not a model of the current configuration is retrained. */
export const LSTM_CODEC = {
  save: (m: TrainedLstm): unknown => m,
  load(json: unknown): TrainedLstm {
    const m = json as TrainedLstm;
    const ok =
      m !== null &&
      typeof m === 'object' &&
      JSON.stringify(m.config) === JSON.stringify(LSTM_CONFIG) &&
      Number.isInteger(m.seed) &&
      probs(m.whiteProbs, WHITE_MAX) &&
      probs(m.powerballProbs, POWERBALL_MAX) &&
      Array.isArray(m.weights) &&
      m.weights.every(
        (w) =>
          Array.isArray(w?.shape) &&
          Array.isArray(w.values) &&
          w.values.length === w.shape.reduce((a, b) => a * b, 1) &&
          w.values.every(Number.isFinite),
      );
    if (!ok) throw new Error('not an lstm model of this configuration');
    return m;
  },
};

const probs = (v: unknown, length: number) =>
  Array.isArray(v) &&
  v.length === length &&
  v.every((x) => typeof x === 'number' && x >= 0 && x <= 1);
