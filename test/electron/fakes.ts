/**
 * Fakes of the Electron objects at the IPC boundary, behaving as Electron does where the
 * code depends on it: one handler per channel, arguments and results structured-cloned.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { ForkOptions, IpcRendererEvent } from 'electron';
import type { InvokeEvent, IpcMainLike } from '../../src/main/electron/ipc';
import type { SenderFrame } from '../../src/main/electron/security';
import type { UtilityChild, UtilityProcessApi } from '../../src/main/electron/utility-spawn';
import type { IpcRendererLike } from '../../src/preload/bridge';

type Listener = (event: InvokeEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What `ipcRenderer.invoke` does from a frame at `frame.url`. */
  async invoke(frame: SenderFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const result = await listener({ senderFrame: frame }, ...structuredClone(args));
    return structuredClone(result);
  }
}

/** `ipcRenderer` of a page at `frame`, wired to a FakeIpcMain; `emit` is webContents.send. */
export class FakeIpcRenderer implements IpcRendererLike {
  private readonly listeners = new Map<
    string,
    Set<(event: IpcRendererEvent, ...args: unknown[]) => void>
  >();

  constructor(
    private readonly main: FakeIpcMain,
    private readonly frame: SenderFrame,
  ) {}

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return this.main.invoke(this.frame, channel, ...args);
  }

  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
    return this;
  }

  removeListener(
    channel: string,
    listener: (event: IpcRendererEvent, ...args: unknown[]) => void,
  ): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }

  emit(channel: string, payload: unknown): void {
    const event = { sender: this } as unknown as IpcRendererEvent;
    for (const l of this.listeners.get(channel) ?? []) l(event, structuredClone(payload));
  }
}

const children: ChildProcess[] = [];
export function killUtilityChildren(): void {
  for (const c of children.splice(0)) c.kill('SIGKILL');
}

/**
 * `utilityProcess` as Electron behaves at its boundary, backed by a real forked generator:
 * `postMessage` in, `message` and `exit` (code only) events out, `pid` known once spawned.
 * `resolveEntry` maps the bundle's entry to the source one when testing from source.
 */
export function fakeUtilityProcess(resolveEntry: (modulePath: string) => string = (p) => p) {
  const forks: { modulePath: string; options: ForkOptions | undefined }[] = [];
  const api: UtilityProcessApi = {
    fork(modulePath, _args, options) {
      forks.push({ modulePath, options });
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
      const child = fork(resolveEntry(modulePath), [], {
        execArgv: ['--import', tsx],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      const events = new EventEmitter();
      let pid: number | undefined;
      child.on('spawn', () => (pid = child.pid));
      child.on('message', (m) => events.emit('message', m));
      child.on('exit', (code) => events.emit('exit', code ?? -1));
      const fake = {
        get pid() {
          return pid;
        },
        postMessage: (m: unknown) => {
          if (!child.connected) throw new Error('the utility process is gone');
          child.send(m as object);
        },
        kill: () => child.kill('SIGKILL'),
        on: (event: string, fn: (...args: unknown[]) => void) => {
          events.on(event, fn);
          return fake;
        },
      };
      return fake as unknown as UtilityChild;
    },
  };
  return { api, forks };
}
