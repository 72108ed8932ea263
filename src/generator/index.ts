/**
 * The generator process: an Electron utilityProcess in the app, a forked Node process
 * headless. It receives jobs (draws + settings), runs modes on a small worker pool and sends
 * tickets back; it never opens the database.
 */
import type { FromGenerator, GenerateJob, ToGenerator } from '../shared/generator-protocol';
import { readdirSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { drawsKey } from './history';
import { CancelledError, WorkerPool } from './pool';

const MAX_CORES = 2;
/** Below normal (Windows: BELOW_NORMAL_PRIORITY_CLASS). */
const BACKGROUND_PRIORITY = constants.priority.PRIORITY_BELOW_NORMAL;

interface Channel {
  send(msg: FromGenerator): void;
  onMessage(fn: (msg: ToGenerator) => void): void;
}

/** Electron's parentPort when present, else the Node IPC channel. */
function parentChannel(): Channel {
  const parentPort = (
    process as unknown as {
      parentPort?: {
        postMessage(m: unknown): void;
        on(e: 'message', fn: (e: { data: unknown }) => void): void;
      };
    }
  ).parentPort;
  if (parentPort) {
    return {
      send: (m) => parentPort.postMessage(m),
      onMessage: (fn) => parentPort.on('message', (e) => fn(e.data as ToGenerator)),
    };
  }
  if (!process.send) throw new Error('the generator must be started by the app (no IPC channel)');
  process.on('disconnect', () => process.exit(0));
  return {
    // The parent may be gone mid-run (it exits us on 'disconnect'): a failed send is dropped.
    send: (m) => {
      if (process.connected) process.send!(m, undefined, undefined, () => {});
    },
    onMessage: (fn) => process.on('message', fn),
  };
}

/**
 * Background work yields to the app: a lower priority keeps the main process answering while
 * both cores train and generate. Set before the worker threads start (they inherit it); Linux
 * keeps a nice value per thread, so the threads Node already started are lowered one by one.
 */
function lowerPriority(): void {
  try {
    setPriority(BACKGROUND_PRIORITY);
    if (process.platform === 'linux') {
      for (const tid of readdirSync('/proc/self/task'))
        setPriority(Number(tid), BACKGROUND_PRIORITY);
    }
  } catch {
    // not permitted here: run at normal priority
  }
}
lowerPriority();

const workerUrl = new URL(
  import.meta.url.endsWith('.ts') ? './worker.ts' : './generator-worker.js',
  import.meta.url,
);
const channel = parentChannel();
const pool = new WorkerPool(1, workerUrl);

async function runJob(job: GenerateJob): Promise<void> {
  const { jobId } = job;
  pool.resize(Math.max(1, Math.min(MAX_CORES, job.options.maxWorkers)));
  pool.resetHighWater();
  const key = drawsKey(job.draws);
  await Promise.all(
    job.modes.map((mode) =>
      pool
        .run(
          jobId,
          {
            mode,
            batchSize: job.batchSize,
            seed: job.seed,
            draws: job.draws,
            options: job.options,
            drawsKey: key,
          },
          (phase, done, total) =>
            channel.send({ type: 'progress', jobId, mode, phase, done, total }),
        )
        .then((o) =>
          channel.send({
            type: 'batch',
            jobId,
            mode,
            tickets: o.tickets,
            trainMs: o.trainMs,
            generateMs: o.generateMs,
            trained: o.trained,
          }),
        )
        .catch((err: Error) =>
          channel.send({
            type: 'mode-failed',
            jobId,
            mode,
            error: err.message,
            cancelled: err instanceof CancelledError,
          }),
        ),
    ),
  );
  channel.send({ type: 'done', jobId, maxConcurrent: pool.maxConcurrent });
}

channel.onMessage((msg) => {
  if (msg.type === 'job') void runJob(msg);
  else if (msg.type === 'cancel') pool.cancel(msg.jobId);
  else if (msg.type === 'shutdown') void pool.close().then(() => process.exit(0));
});
setInterval(() => channel.send({ type: 'heartbeat' }), 1000);
channel.send({ type: 'ready', pid: process.pid });
