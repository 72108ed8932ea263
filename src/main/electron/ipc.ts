/**
 * The desktop IPC: one `ipcMain.handle` per contract method, the native draw-file picker, and
 * pipeline events sent to the window. The Electron objects are passed in, so this is tested
 * with fakes and a real engine.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { contract, type Handlers, type Method } from '../../shared/contract';
import { IPC_EVENTS, IPC_PICK_DRAW_FILE, ipcChannel, type IpcResult } from '../../shared/ipc';
import type { Progress, Run } from '../../shared/schemas';
import { dispatch } from '../dispatch';
import type { PipelineEvents } from '../pipeline';
import type { SenderFrame } from './security';

/** What an IPC handler reads of its event (Electron's IpcMainInvokeEvent has more). */
export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null;
}

/** The part of Electron's `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcOptions {
  /** Shows the native open dialog; resolves with the chosen path, or null when cancelled. */
  pickDrawFile?: () => Promise<string | null>;
  log?: (message: string, err?: unknown) => void;
}

/** Draw files larger than this are refused before reading (the sync download's limit). */
export const MAX_DRAW_FILE_BYTES = 20 * 1024 * 1024;

const forbidden = (url: string | undefined): IpcResult<never> => ({
  ok: false,
  status: 403,
  error: {
    code: 'forbidden_sender',
    message: `IPC refused: the caller (${url ?? 'a closed frame'}) is not the app's own page`,
  },
});

/**
 * Registers every contract method and the file picker. Each call is refused unless
 * `isTrustedSender(event.senderFrame)`; inputs are validated by `dispatch`. Returns a function
 * that removes the handlers.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  isTrustedSender: (frame: SenderFrame | null) => boolean,
  opts: IpcOptions = {},
): () => void {
  const log = opts.log ?? console.error;
  const channels: string[] = [];
  const handle = (channel: string, fn: (input: unknown) => Promise<IpcResult<unknown>>) => {
    ipcMain.handle(channel, (event, input) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame)) {
        log(`IPC ${channel} refused from ${frame?.url ?? 'a closed frame'}`);
        return forbidden(frame?.url);
      }
      return fn(input);
    });
    channels.push(channel);
  };

  for (const method of Object.keys(contract) as Method[]) {
    handle(ipcChannel(method), (input) => dispatch(handlers, method, input, { log }));
  }
  handle(IPC_PICK_DRAW_FILE, async () => {
    if (!opts.pickDrawFile) {
      return {
        ok: false,
        status: 503,
        error: { code: 'unavailable', message: 'no file picker in this app' },
      };
    }
    try {
      const path = await opts.pickDrawFile();
      return path === null ? { ok: true, value: null } : await readDrawFile(path);
    } catch (err) {
      log('the draw-file picker failed:', err);
      return {
        ok: false,
        status: 500,
        error: { code: 'internal', message: `could not open the file: ${(err as Error).message}` },
      };
    }
  });

  return () => {
    for (const c of channels.splice(0)) ipcMain.removeHandler(c);
  };
}

/** Reads a chosen draw-history file as text (main reads it; the renderer never sees paths). */
export async function readDrawFile(
  path: string,
): Promise<IpcResult<{ name: string; text: string }>> {
  const name = basename(path);
  const fail = (status: number, code: string, message: string): IpcResult<never> => ({
    ok: false,
    status,
    error: { code, message, field: 'file' },
  });
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) return fail(400, 'invalid_file', `${name} is not a file`);
    size = s.size;
  } catch (err) {
    return fail(400, 'invalid_file', `${name} could not be read: ${(err as Error).message}`);
  }
  if (size > MAX_DRAW_FILE_BYTES) {
    return fail(
      413,
      'payload_too_large',
      `${name} is larger than ${MAX_DRAW_FILE_BYTES / 1024 / 1024} MiB`,
    );
  }
  try {
    return { ok: true, value: { name, text: await readFile(path, 'utf8') } };
  } catch (err) {
    return fail(400, 'invalid_file', `${name} could not be read: ${(err as Error).message}`);
  }
}

/** The part of the Pipeline (an EventEmitter) the window listens to. */
export interface PipelineEventSource {
  on<E extends keyof PipelineEvents>(event: E, fn: (...args: PipelineEvents[E]) => void): unknown;
  off<E extends keyof PipelineEvents>(event: E, fn: (...args: PipelineEvents[E]) => void): unknown;
}

/**
 * Sends the pipeline's progress and finished runs to the window on the IPC_EVENTS channels.
 * `send` should drop events while no window is open. Returns the unsubscribe.
 */
export function forwardPipelineEvents(
  pipeline: PipelineEventSource,
  send: (channel: string, payload: unknown) => void,
): () => void {
  const onProgress = (p: Progress) => send(IPC_EVENTS.progress, p);
  const onRun = (r: Run) => send(IPC_EVENTS.runFinished, r);
  pipeline.on('progress', onProgress);
  pipeline.on('run-finished', onRun);
  return () => {
    pipeline.off('progress', onProgress);
    pipeline.off('run-finished', onRun);
  };
}
