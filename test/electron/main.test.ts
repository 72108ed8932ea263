/**
 * The Electron entry (src/main/electron/index.ts) against a fake `electron` module: the
 * window's security flags, CSP, navigation rules, IPC wiring, REST at runtime, events and a
 * graceful quit, with a real engine, database and generator behind it.
 */
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DB_FILE_NAME } from '../../src/main/store/database';
import { ipcChannel, IPC_EVENTS, IPC_PICK_DRAW_FILE } from '../../src/shared/ipc';
import { contract } from '../../src/shared/contract';
import { SHARED_DRAWS, tempDir } from '../helpers';
import { closedPort } from '../rest/helpers';
import { killUtilityChildren } from './fakes';

vi.mock('electron', () => import('./fake-electron'));

type Fake = typeof import('./fake-electron');
const data = tempDir('shiol-electron-main-');
let fake: Fake;
let restPort = 0;
const logged: string[] = [];

async function loadEntry(): Promise<Fake> {
  vi.resetModules();
  const f = await import('./fake-electron');
  await import('../../src/main/electron/index');
  // Let whenReady().then(start) run.
  await vi.waitFor(() => expect(f.state.windows.length + f.state.quits).toBeGreaterThan(0));
  return f;
}

function health(port: number): Promise<number | string> {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: '/api/v1/health', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? String(err)));
  });
}

beforeAll(async () => {
  process.env.SHIOL_DATA_DIR = data.dir;
  process.env.SHIOL_NO_SCHEDULE = '1';
  delete process.env.ELECTRON_RENDERER_URL;
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
  fake = await loadEntry();
});

afterAll(() => {
  vi.restoreAllMocks();
  killUtilityChildren();
  delete process.env.SHIOL_DATA_DIR;
  delete process.env.SHIOL_NO_SCHEDULE;
  data.cleanup();
});

const win = () => fake.state.windows[0]!;
const page = () => ({ url: pathToFileURL(win().loaded!.file!).href });

describe('the Electron main process', () => {
  it('opens one sandboxed, isolated window on the built renderer with the preload', () => {
    expect(fake.state.sandboxEnabled).toBe(true);
    expect(fake.app.getPath('userData')).toBe(data.dir);
    expect(fake.state.windows).toHaveLength(1);
    const { webPreferences, width, height } = win().options;
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(webPreferences!.preload).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect([width, height]).toEqual([1280, 820]);
    expect(win().loaded!.file).toMatch(/[\\/]renderer[\\/]index\.html$/);
  });

  it('sets the strict CSP on every response and denies permission requests', () => {
    let headers: Record<string, string[]> | undefined;
    fake.state.headersListener!(
      { responseHeaders: { 'content-security-policy': ['default-src *'], Etag: ['x'] } },
      (r) => (headers = r.responseHeaders),
    );
    expect(headers).toEqual({
      Etag: ['x'],
      'Content-Security-Policy': [
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
      ],
    });
    const granted: boolean[] = [];
    const own = page().url;
    fake.state.permissionHandler!({}, 'media', (g) => granted.push(g), { requestingUrl: own });
    // The Copy buttons may write to the clipboard; only from the app's own page.
    fake.state.permissionHandler!({}, 'clipboard-sanitized-write', (g) => granted.push(g), {
      requestingUrl: own,
    });
    fake.state.permissionHandler!({}, 'clipboard-sanitized-write', (g) => granted.push(g), {
      requestingUrl: 'https://example.com/',
    });
    expect(granted).toEqual([false, true, false]);
  });

  it('denies navigation and new windows; https links open in the browser', () => {
    const wc = win().webContents;
    for (const url of ['https://www.powerball.com/', 'http://example.com/', 'file:///etc/hosts']) {
      const event = { preventDefault: vi.fn() };
      wc.emit('will-navigate', event, url);
      expect(event.preventDefault).toHaveBeenCalled();
      expect(wc.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(fake.state.opened).toEqual(['https://www.powerball.com/', 'https://www.powerball.com/']);
    const attach = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    wc.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const subframe = { preventDefault: vi.fn(), isMainFrame: false };
    wc.emit('will-frame-navigate', subframe);
    expect(subframe.preventDefault).toHaveBeenCalled();
  });

  it('answers every contract method over IPC for the app page only', async () => {
    const channels = [...fake.ipcMain.handlers.keys()];
    for (const m of Object.keys(contract)) expect(channels).toContain(ipcChannel(m as 'health'));
    expect(channels).toContain(IPC_PICK_DRAW_FILE);
    expect(await fake.ipcMain.invoke(page(), ipcChannel('health'), {})).toMatchObject({
      ok: true,
      value: { status: 'ok' },
    });
    expect(
      await fake.ipcMain.invoke({ url: 'https://example.com/' }, ipcChannel('health'), {}),
    ).toMatchObject({ ok: false, status: 403 });
    expect(await fake.ipcMain.invoke(page(), IPC_PICK_DRAW_FILE)).toEqual({
      ok: true,
      value: null,
    });
  });

  it('keeps REST off by default and follows the setting at once', async () => {
    const port = await closedPort();
    // Nothing was started with the app: rest.enabled defaults to false.
    expect(logged.some((l) => l.includes('REST API listening'))).toBe(false);
    const on = await fake.ipcMain.invoke(page(), ipcChannel('updateSettings'), {
      rest: { enabled: true, port },
    });
    expect(on).toMatchObject({ ok: true, value: { rest: { enabled: true, port } } });
    expect(await health(port)).toBe(200);
    await fake.ipcMain.invoke(page(), ipcChannel('updateSettings'), { rest: { enabled: false } });
    expect(await health(port)).toBe('ECONNREFUSED');
    // On again, so quitting has a server to close.
    await fake.ipcMain.invoke(page(), ipcChannel('updateSettings'), { rest: { enabled: true } });
    expect(await health(port)).toBe(200);
    restPort = port;
  });

  it('generates in the utility process and sends progress and the finished run to the window', async () => {
    await fake.ipcMain.invoke(page(), ipcChannel('updateSettings'), {
      sync: { enabled: false },
    });
    const text = readFileSync(SHARED_DRAWS, 'utf8');
    expect(await fake.ipcMain.invoke(page(), ipcChannel('importDraws'), { text })).toMatchObject({
      ok: true,
    });
    const started = (await fake.ipcMain.invoke(page(), ipcChannel('generateTickets'), {
      modes: ['random'],
      batch_size: 4,
    })) as { ok: boolean; value: { run_id: string } };
    expect(started.ok).toBe(true);
    await vi.waitFor(
      () => expect(win().webContents.sent.map(([c]) => c)).toContain(IPC_EVENTS.runFinished),
      { timeout: 20_000 },
    );
    const sent = win().webContents.sent;
    expect(sent.some(([c]) => c === IPC_EVENTS.progress)).toBe(true);
    expect(sent.find(([c]) => c === IPC_EVENTS.runFinished)![1]).toMatchObject({
      id: started.value.run_id,
      status: 'success',
    });
    expect(fake.forks[0]!.options).toMatchObject({ serviceName: 'SHIOL+ Batch generator' });
  });

  it('focuses the window when a second instance starts', () => {
    fake.app.emit('second-instance');
    expect(win().focused).toBe(1);
  });

  it('quits gracefully: server closed, database checkpointed and closed, window saved', async () => {
    const port = restPort;
    const event = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(fake.state.exits).toEqual([0]), { timeout: 15_000 });
    expect(await health(port)).toBe('ECONNREFUSED');
    // TRUNCATE checkpoint on close: nothing is left in the write-ahead log.
    const wal = join(data.dir, `${DB_FILE_NAME}-wal`);
    expect(existsSync(join(data.dir, DB_FILE_NAME))).toBe(true);
    expect(!existsSync(wal) || readFileSync(wal).length === 0).toBe(true);
    expect(JSON.parse(readFileSync(join(data.dir, 'window-state.json'), 'utf8'))).toEqual({
      bounds: { x: 40, y: 30, width: 1111, height: 777 },
      maximized: false,
    });
    // The exit itself emits before-quit again; it is let through.
    const again = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('a second instance without the lock quits at once', async () => {
    const before = { windows: fake.state.windows.length, handlers: fake.ipcMain.handlers.size };
    fake.state.lock = false;
    vi.resetModules();
    // The fake electron module stays cached; the entry runs again against it.
    await import('../../src/main/electron/index');
    expect(fake.state.quits).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.state.windows).toHaveLength(before.windows);
    expect(fake.ipcMain.handlers.size).toBe(before.handlers);
  });
});
