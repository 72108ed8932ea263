/**
 * A stand-in for the `electron` module (vi.mock('electron', () => import('./fake-electron'))),
 * recording what the main process asks of it. Only the calls src/main/electron/index.ts makes.
 */
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions, HandlerDetails } from 'electron';
import { defaultGeneratorEntry } from '../../src/main/generator/node-spawn';
import { FakeIpcMain, fakeUtilityProcess } from './fakes';

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

export const state = {
  lock: true,
  sandboxEnabled: false,
  quits: 0,
  exits: [] as number[],
  windows: [] as BrowserWindow[],
  headersListener: null as HeadersListener | null,
  permissionHandler: null as
    | ((
        wc: unknown,
        permission: string,
        cb: (granted: boolean) => void,
        details?: { requestingUrl?: string },
      ) => void)
    | null,
  opened: [] as string[],
  errors: [] as [string, string][],
  dialogResult: { canceled: true, filePaths: [] as string[] },
};

class FakeApp extends EventEmitter {
  isPackaged = false;
  private readonly paths = new Map<string, string>();
  setPath(name: string, path: string) {
    this.paths.set(name, path);
  }
  getPath(name: string): string {
    const p = this.paths.get(name);
    if (!p) throw new Error(`no fake path for ${name}`);
    return p;
  }
  enableSandbox() {
    state.sandboxEnabled = true;
  }
  requestSingleInstanceLock() {
    return state.lock;
  }
  quit() {
    state.quits++;
  }
  exit(code = 0) {
    state.exits.push(code);
  }
  whenReady() {
    return Promise.resolve();
  }
}
export const app = new FakeApp();

export class FakeWebContents extends EventEmitter {
  readonly sent: [string, unknown][] = [];
  openHandler: ((details: Pick<HandlerDetails, 'url'>) => { action: string }) | null = null;
  setWindowOpenHandler(h: (details: Pick<HandlerDetails, 'url'>) => { action: string }) {
    this.openHandler = h;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, structuredClone(payload)]);
  }
}

export class BrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loaded: { file?: string; url?: string } | null = null;
  destroyed = false;
  focused = 0;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadFile(file: string) {
    this.loaded = { file };
    return Promise.resolve();
  }
  loadURL(url: string) {
    this.loaded = { url };
    return Promise.resolve();
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { x: 40, y: 30, width: 1111, height: 777 };
  }
  isMaximized() {
    return false;
  }
  isMinimized() {
    return false;
  }
  maximize() {}
  show() {}
  restore() {}
  focus() {
    this.focused++;
  }
}

export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived(listener: HeadersListener) {
        state.headersListener = listener;
      },
    },
    setPermissionRequestHandler(h: NonNullable<typeof state.permissionHandler>) {
      state.permissionHandler = h;
    },
  },
};

export const ipcMain = new FakeIpcMain();

export const dialog = {
  showOpenDialog: async () => state.dialogResult,
  showErrorBox: (title: string, message: string) => state.errors.push([title, message]),
};

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

export const shell = {
  openExternal: async (url: string) => {
    state.opened.push(url);
  },
};

// The bundle forks out/main/generator.js; from source, run the generator's TypeScript.
const utility = fakeUtilityProcess((p) =>
  p.endsWith('generator.js') ? defaultGeneratorEntry() : p,
);
export const utilityProcess = utility.api;
export const forks = utility.forks;
