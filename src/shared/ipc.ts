import type { Input, Method, Output } from './contract';
import type { ErrorBody, Progress, Run } from './schemas';

/**
 * Every contract method, as a plain list: the sandboxed preload builds `window.api` from it
 * without loading the contract (and zod) at run time. The checks below fail to compile when
 * it drifts from the contract.
 */
export const METHODS = [
  'health',
  'getCachedTickets',
  'listTickets',
  'getBatchStatus',
  'getSettings',
  'updateSettings',
  'regenerateToken',
  'listDraws',
  'getDrawSummary',
  'importDraws',
  'syncDraws',
  'listRuns',
  'getRun',
  'deleteRun',
  'generateTickets',
  'getGeneratorStatus',
  'cancelGeneration',
  'getEvaluation',
] as const satisfies readonly Method[];
type Missing = Exclude<Method, (typeof METHODS)[number]>;
/** Compiles only while METHODS names every contract method (else: the missing names). */
export const METHODS_COMPLETE: [Missing] extends [never] ? true : Missing = true;

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
  { ok: true; value: T } | { ok: false; status: number; error: ErrorBody['error'] };

/** `window.api`, exposed by the preload: one method per contract call, plus events. */
export type Bridge = {
  [K in Method]: (input: Input<K>) => Promise<IpcResult<Output<K>>>;
} & {
  onProgress(fn: (progress: Progress) => void): () => void;
  onRunFinished(fn: (run: Run) => void): () => void;
  /** Opens the native picker; resolves with the file's text, or null when cancelled. */
  pickDrawFile(): Promise<IpcResult<{ name: string; text: string } | null>>;
};
