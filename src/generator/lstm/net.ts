import type { HistoryDraw } from '../../shared/generator-protocol';
import { POWERBALL_MAX, WHITE_COUNT, WHITE_MAX } from '../../shared/powerball';
import type { Tf } from './backend';

type Tensor = import('@tensorflow/tfjs').Tensor;
type LayersModel = import('@tensorflow/tfjs').LayersModel;

/** Inputs per draw: multi-hot whites (69) then one-hot Powerball (26). */
export const FEATURES = WHITE_MAX + POWERBALL_MAX;

export interface LstmConfig {
  /** Draws the network reads to predict the next one. */
  window: number;
  /** Width of the per-draw embedding (a linear layer from the 95 inputs) the LSTM reads. */
  embed: number;
  /** LSTM units. */
  units: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty on the embedding and LSTM kernels: keeps a noise history from being memorized. */
  l2: number;
  /** L2 penalty on the two heads' kernels (not their biases, which learn plain frequencies). */
  headL2: number;
}

/**
 * About 11k weights. Few, large steps (5 per epoch on the real history) keep training at
 * about 2 s on one core. The L2 penalties keep the network from memorizing the real history,
 * which is noise: without them, 12 epochs took the Powerball training loss from 3.26 (chance)
 * to about 1.5 while the loss on held-out later draws rose above 4. With them it stays near
 * chance on real draws and still learns a real bias (a biased synthetic history) within the
 * 12 epochs, the learning rate being high enough for the heads' biases to move.
 */
export const LSTM_CONFIG: LstmConfig = {
  window: 10,
  embed: 16,
  units: 32,
  epochs: 12,
  batchSize: 256,
  learningRate: 0.05,
  l2: 0.003,
  headL2: 0.1,
};

/** A weight tensor as plain JSON. */
export interface SavedTensor {
  shape: number[];
  values: number[];
}

/** A trained network and what it predicts for the draw after the history it learned. */
export interface TrainedLstm {
  config: LstmConfig;
  /** Initializer seed: derived from the draws, so the same draws give the same weights. */
  seed: number;
  /** Training samples (windows) it learned from. */
  samples: number;
  /**
   * Cross-entropy per head after the first and the last epoch, without the L2 penalty.
   * Chance scores about 0.26 for the whites (mean over 69) and ln 26 = 3.26 for the Powerball.
   */
  loss: { whites: [number, number]; powerball: [number, number] };
  /** `model.getWeights()` in order, enough to rebuild the network. */
  weights: SavedTensor[];
  /** Sigmoid output per white for the next draw (index n-1; they sum to about 5). */
  whiteProbs: number[];
  /** Softmax output per Powerball for the next draw (index n-1; they sum to 1). */
  powerballProbs: number[];
}

/** A float32 as the shortest decimal that reads back to the same float32. */
const f32 = (v: number) => Number(Math.fround(v).toPrecision(9));

function encodeDraw(d: HistoryDraw, out: Float32Array, offset: number): void {
  for (const n of d.whites) out[offset + n - 1] = 1;
  out[offset + WHITE_MAX + d.powerball - 1] = 1;
}

/** The last `window` draws ending before index `end`, as one [window, FEATURES] block. */
function encodeWindow(
  draws: readonly HistoryDraw[],
  end: number,
  window: number,
  out: Float32Array,
  offset: number,
) {
  for (let t = 0; t < window; t++) encodeDraw(draws[end - window + t]!, out, offset + t * FEATURES);
}

/** The network: LSTM over the window, a sigmoid head for whites and a softmax head for the Powerball. */
export function buildModel(tf: Tf, config: LstmConfig, seed: number): LayersModel {
  const input = tf.input({ shape: [config.window, FEATURES] });
  const reg = (l2 = config.l2) => (l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined);
  const embedded = tf.layers
    .dense({
      units: config.embed,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 4 }),
      kernelRegularizer: reg(),
      name: 'embed',
    })
    .apply(input) as import('@tensorflow/tfjs').SymbolicTensor;
  const hidden = tf.layers
    .lstm({
      units: config.units,
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      kernelRegularizer: reg(),
      recurrentRegularizer: reg(),
    })
    .apply(embedded) as import('@tensorflow/tfjs').SymbolicTensor;
  // Heads start at chance (5/69 per white, uniform Powerball): training learns the departures.
  const baseLogit = Math.log(WHITE_COUNT / WHITE_MAX / (1 - WHITE_COUNT / WHITE_MAX));
  const whites = tf.layers
    .dense({
      units: WHITE_MAX,
      activation: 'sigmoid',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
      kernelRegularizer: reg(config.headL2),
      biasInitializer: tf.initializers.constant({ value: baseLogit }),
      name: 'whites',
    })
    .apply(hidden) as import('@tensorflow/tfjs').SymbolicTensor;
  const powerball = tf.layers
    .dense({
      units: POWERBALL_MAX,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }),
      kernelRegularizer: reg(config.headL2),
      name: 'powerball',
    })
    .apply(hidden) as import('@tensorflow/tfjs').SymbolicTensor;
  return tf.model({ inputs: input, outputs: [whites, powerball] });
}

/** The model's prediction for the draw after `draws`. */
function predictNext(
  tf: Tf,
  model: LayersModel,
  draws: readonly HistoryDraw[],
  window: number,
): { whiteProbs: number[]; powerballProbs: number[] } {
  const x = new Float32Array(window * FEATURES);
  encodeWindow(draws, draws.length, window, x, 0);
  const [w, p] = tf.tidy(() => {
    const out = model.predict(tf.tensor3d(x, [1, window, FEATURES])) as Tensor[];
    return [out[0]!.dataSync(), out[1]!.dataSync()];
  });
  return { whiteProbs: Array.from(w!, f32), powerballProbs: Array.from(p!, f32) };
}

/**
 * Trains the network on every window of `draws` (oldest first) → next draw, in order and
 * with seeded initializers, so the same draws always give the same weights.
 */
export async function trainLstm(
  tf: Tf,
  draws: readonly HistoryDraw[],
  seed: number,
  onEpoch: (epoch: number, epochs: number) => void = () => {},
  config: LstmConfig = LSTM_CONFIG,
): Promise<TrainedLstm> {
  const { window, epochs } = config;
  const samples = draws.length - window;
  const x = new Float32Array(samples * window * FEATURES);
  const yWhites = new Float32Array(samples * WHITE_MAX);
  const yPowerball = new Float32Array(samples * POWERBALL_MAX);
  for (let i = 0; i < samples; i++) {
    encodeWindow(draws, i + window, window, x, i * window * FEATURES);
    const next = draws[i + window]!;
    for (const n of next.whites) yWhites[i * WHITE_MAX + n - 1] = 1;
    yPowerball[i * POWERBALL_MAX + next.powerball - 1] = 1;
  }

  const model = buildModel(tf, config, seed);
  const optimizer = tf.train.adam(config.learningRate);
  const xs = tf.tensor3d(x, [samples, window, FEATURES]);
  const ys = [
    tf.tensor2d(yWhites, [samples, WHITE_MAX]),
    tf.tensor2d(yPowerball, [samples, POWERBALL_MAX]),
  ];
  try {
    model.compile({ optimizer, loss: ['binaryCrossentropy', 'categoricalCrossentropy'] });
    const history = await model.fit(xs, ys, {
      epochs,
      batchSize: config.batchSize,
      shuffle: false,
      verbose: 0,
      yieldEvery: 'epoch',
      callbacks: { onEpochEnd: (epoch) => onEpoch(epoch + 1, epochs) },
    });
    const firstLast = (key: string): [number, number] => {
      const l = history.history[key] as number[];
      return [l[0]!, l[l.length - 1]!];
    };
    const weights = model
      .getWeights()
      .map((t) => ({ shape: t.shape.slice(), values: Array.from(t.dataSync(), f32) }));
    return {
      config,
      seed,
      samples,
      loss: { whites: firstLast('whites_loss'), powerball: firstLast('powerball_loss') },
      weights,
      ...predictNext(tf, model, draws, window),
    };
  } finally {
    tf.dispose([xs, ...ys]);
    model.dispose();
    optimizer.dispose();
  }
}

/** Rebuilds a saved network from its weights and predicts the draw after `draws` again. */
export function predictFromWeights(tf: Tf, saved: TrainedLstm, draws: readonly HistoryDraw[]) {
  const model = buildModel(tf, saved.config, saved.seed);
  try {
    const tensors = saved.weights.map((w) => tf.tensor(w.values, w.shape));
    model.setWeights(tensors);
    tf.dispose(tensors);
    return predictNext(tf, model, draws, saved.config.window);
  } finally {
    model.dispose();
  }
}
