/** A worker thread of the generator: runs one mode at a time. */
import { parentPort } from 'node:worker_threads';
import { ModeError } from './modes/types';
import { runMode, type ModeTask } from './run-mode';

export type ToWorker = { type: 'task'; taskId: number; task: ModeTask };
export type FromWorker =
  | { type: 'progress'; taskId: number; phase: 'train' | 'generate'; done: number; total: number }
  | {
      type: 'result';
      taskId: number;
      outcome: Awaited<ReturnType<typeof runMode>>;
    }
  | { type: 'error'; taskId: number; error: string; modeError: boolean };

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');

port.on('message', (msg: ToWorker) => {
  const { taskId, task } = msg;
  const post = (m: FromWorker) => port.postMessage(m);
  runMode(task, (phase, done, total) => post({ type: 'progress', taskId, phase, done, total }))
    .then((outcome) => post({ type: 'result', taskId, outcome }))
    .catch((err: unknown) =>
      post({
        type: 'error',
        taskId,
        error: err instanceof Error ? err.message : String(err),
        modeError: err instanceof ModeError,
      }),
    );
});
