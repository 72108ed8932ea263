/**
 * `window.api`, built from the method list alone: the sandboxed preload cannot load the
 * contract (zod) and must stay one small CommonJS file. Nothing here exposes `ipcRenderer`
 * or an IPC event object to the page.
 */
import type { IpcRendererEvent } from 'electron';
import type { Method } from '../shared/contract';
import {
  IPC_EVENTS,
  IPC_PICK_DRAW_FILE,
  METHODS,
  ipcChannel,
  type Bridge,
  type IpcResult,
} from '../shared/ipc';
import type { Progress, Run } from '../shared/schemas';

/** The part of Electron's `ipcRenderer` the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
  removeListener(
    channel: string,
    listener: (event: IpcRendererEvent, ...args: unknown[]) => void,
  ): unknown;
}

/** An IPC failure below the handlers (no handler, main crashed) as an error result. */
function invoke(ipc: IpcRendererLike, channel: string, input?: unknown): Promise<IpcResult<never>> {
  return ipc.invoke(channel, input).then(
    (r) => r as IpcResult<never>,
    (err: unknown) => ({
      ok: false as const,
      status: 500,
      error: {
        code: 'ipc_failed',
        message: `the app did not answer: ${(err as Error)?.message ?? String(err)}`,
      },
    }),
  );
}

function subscribe<T>(ipc: IpcRendererLike, channel: string, fn: (payload: T) => void) {
  // Only the payload reaches the page; the event (and its `sender`) stays here.
  const listener = (_event: IpcRendererEvent, payload: unknown) => fn(payload as T);
  ipc.on(channel, listener);
  return () => {
    ipc.removeListener(channel, listener);
  };
}

export function createBridge(ipc: IpcRendererLike): Bridge {
  const calls = Object.fromEntries(
    METHODS.map((m: Method) => [m, (input: unknown) => invoke(ipc, ipcChannel(m), input)]),
  ) as { [K in Method]: Bridge[K] };
  return {
    ...calls,
    onProgress: (fn) => subscribe<Progress>(ipc, IPC_EVENTS.progress, fn),
    onRunFinished: (fn) => subscribe<Run>(ipc, IPC_EVENTS.runFinished, fn),
    pickDrawFile: () => invoke(ipc, IPC_PICK_DRAW_FILE),
  };
}
