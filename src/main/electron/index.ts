/**
 * The desktop app's main process (bundled as out/main/index.js). Kept thin: the engine, the
 * IPC, the REST controller and the security policy live in modules tested without Electron.
 *
 * Environment: SHIOL_DATA_DIR replaces the user-data folder (tests); SHIOL_NO_SCHEDULE=1
 * turns off the schedule and the first-start run.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  screen,
  session,
  shell,
  utilityProcess,
  type WebContents,
} from 'electron';
import { Engine } from '../engine';
import { reconcilingHandlers, RestController } from '../rest-controller';
import { forwardPipelineEvents, registerIpc } from './ipc';
import {
  allowPermission,
  contentSecurityPolicy,
  isExternalLink,
  trustedSender,
  withCsp,
  type AppPages,
} from './security';
import { generatorEnv, utilityGenerator } from './utility-spawn';
import {
  loadWindowState,
  MIN_SIZE,
  saveWindowState,
  WINDOW_STATE_FILE,
  type WindowState,
} from './window-state';

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const pages: AppPages = {
  rendererFile: here('../renderer/index.html'),
  // electron-vite dev sets it; a packaged app never loads a URL from the environment.
  ...(!app.isPackaged && process.env.ELECTRON_RENDERER_URL
    ? { devUrl: process.env.ELECTRON_RENDERER_URL }
    : {}),
};
const PRELOAD = here('../preload/index.cjs');
const GENERATOR = here('./generator.js');
const log = (line: string) => console.log(line);

if (process.env.SHIOL_DATA_DIR) app.setPath('userData', process.env.SHIOL_DATA_DIR);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
/** Set once the app is ready: opens the main window. */
let openWindowWhenReady: (() => void) | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    // A second launch shows the window (macOS keeps the app running with none open).
    if (!mainWindow) return void openWindowWhenReady?.();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // Every web contents: no navigation away, no new windows; https links go to the browser.
  app.on('web-contents-created', (_e, contents) => lockDown(contents));
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fatal(err));
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (isExternalLink(url)) void shell.openExternal(url);
  });
  // Subframes and server redirects may not take the page elsewhere either.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function wasmDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  } catch {
    return null;
  }
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const engine = new Engine({
    dataDir: userData,
    spawnGenerator: utilityGenerator(utilityProcess, {
      entry: GENERATOR,
      env: generatorEnv({ ...process.env }, app.isPackaged ? wasmDir() : null),
      log,
    }),
    schedule: process.env.SHIOL_NO_SCHEDULE !== '1',
    log,
  });
  // REST is off unless the settings turn it on (rest.enabled defaults to false).
  const rest = new RestController({
    handlers: engine.handlers,
    token: () => engine.settings.ensureToken(),
    log,
  });
  void rest.reconcile(engine.settings.get().rest);

  const csp = contentSecurityPolicy({ dev: pages.devUrl !== undefined });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: withCsp(details.responseHeaders, csp) }),
  );
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(allowPermission(permission, details?.requestingUrl, pages)),
  );

  registerIpc(ipcMain, reconcilingHandlers(engine.handlers, rest), trustedSender(pages), {
    pickDrawFile: async () => {
      const options = {
        title: 'Import draw history',
        properties: ['openFile' as const],
        filters: [
          { name: 'Draw history (CSV or JSON)', extensions: ['csv', 'json'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const result = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  });
  const stopEvents = engine.pipeline
    ? forwardPipelineEvents(engine.pipeline, (channel, payload) => {
        if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
      })
    : () => {};

  const stateFile = join(userData, WINDOW_STATE_FILE);
  const saveState = (win: BrowserWindow) => {
    try {
      saveWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (err) {
      log(`could not save the window position: ${(err as Error).message}`);
    }
  };
  const openWindow = () => {
    const state: WindowState = loadWindowState(
      stateFile,
      screen.getAllDisplays().map((d) => d.workArea),
    );
    const win = new BrowserWindow({
      ...state.bounds,
      minWidth: MIN_SIZE.width,
      minHeight: MIN_SIZE.height,
      show: false,
      title: 'SHIOL+ Batch',
      autoHideMenuBar: true,
      webPreferences: {
        preload: PRELOAD,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
      },
    });
    mainWindow = win;
    if (state.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());
    win.on('close', () => saveState(win));
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    void (pages.devUrl ? win.loadURL(pages.devUrl) : win.loadFile(pages.rendererFile));
  };
  openWindow();
  openWindowWhenReady = openWindow;
  app.on('activate', () => {
    if (!mainWindow) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quit once everything is down: the run cancelled, the server closed, the database
  // checkpointed and closed. The first before-quit waits for that, then exits.
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    if (mainWindow && !mainWindow.isDestroyed()) saveState(mainWindow);
    const shutdown = async () => {
      stopEvents();
      engine.pipeline?.cancel();
      await rest.close();
      await engine.close();
    };
    shutdown().then(
      () => app.exit(0),
      (err: unknown) => {
        console.error('shutdown failed:', err);
        app.exit(1);
      },
    );
  });
}

function fatal(err: unknown): void {
  const message = (err as Error)?.stack ?? String(err);
  console.error('SHIOL+ Batch could not start:', message);
  dialog.showErrorBox('SHIOL+ Batch could not start', (err as Error)?.message ?? String(err));
  app.exit(1);
}
