import type { Input, Method, Output } from './contract';
import type { ErrorBody, Progress, Run } from './schemas';

/** The IPC channel of a contract method: one `ipcMain.handle` each. */
export const ipcChannel = (method: Method): string => `api:${method}`;

/** Events main sends to the window. */
export const IPC_EVENTS = {
  progress: 'event:progress',
  runFinished: 'event:run-finished',
} as const;

/** Desktop-only call: the native file picker for a draw-history file. */
export const IPC_PICK_DRAW_FILE = 'desktop:pick-draw-file';

/**
 * What an IPC handler resolves with. Errors travel as data: an Error thrown across IPC and
 * the context bridge loses its status, code and field.
 */
export type IpcResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; error: ErrorBody['error'] };

/** `window.api`, exposed by the preload: one method per contract call, plus events. */
export type Bridge = {
  [K in Method]: (input: Input<K>) => Promise<IpcResult<Output<K>>>;
} & {
  onProgress(fn: (progress: Progress) => void): () => void;
  onRunFinished(fn: (run: Run) => void): () => void;
  /** Opens the native picker; resolves with the file's text, or null when cancelled. */
  pickDrawFile(): Promise<IpcResult<{ name: string; text: string } | null>>;
};
