import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  forwardPipelineEvents,
  MAX_DRAW_FILE_BYTES,
  registerIpc,
} from '../../src/main/electron/ipc';
import { trustedSender } from '../../src/main/electron/security';
import { Engine, VERSION } from '../../src/main/engine';
import { forkGenerator } from '../../src/main/generator/node-spawn';
import { contract, type Method } from '../../src/shared/contract';
import { IPC_EVENTS, IPC_PICK_DRAW_FILE, ipcChannel } from '../../src/shared/ipc';
import type { Progress, Run } from '../../src/shared/schemas';
import { SHARED_DRAWS, tempDir } from '../helpers';
import { FakeIpcMain } from './fakes';

const RENDERER = join(tempDir('shiol-renderer-').dir, 'out', 'renderer', 'index.html');
const APP = { url: pathToFileURL(RENDERER).href };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(opts: { generator?: boolean; pickDrawFile?: () => Promise<string | null> } = {}) {
  const { dir, cleanup } = tempDir('shiol-ipc-');
  const engine = new Engine({
    dataDir: dir,
    ...(opts.generator ? { spawnGenerator: forkGenerator() } : {}),
  });
  engine.settings.update({ sync: { enabled: false } });
  cleanups.push(cleanup, () => engine.close());
  const ipcMain = new FakeIpcMain();
  const log = vi.fn();
  const unregister = registerIpc(
    ipcMain,
    engine.handlers,
    trustedSender({ rendererFile: RENDERER }),
    {
      log,
      ...(opts.pickDrawFile ? { pickDrawFile: opts.pickDrawFile } : {}),
    },
  );
  return { engine, ipcMain, log, unregister, dir };
}

describe('registerIpc', () => {
  it('registers one handler per contract method plus the file picker, and removes them', () => {
    const { ipcMain, unregister } = setup();
    const expected = [
      ...Object.keys(contract).map((m) => ipcChannel(m as Method)),
      IPC_PICK_DRAW_FILE,
    ];
    expect([...ipcMain.handlers.keys()].sort()).toEqual(expected.sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers the app page through dispatch, with validation and error mapping', async () => {
    const { ipcMain, engine } = setup();
    expect(await ipcMain.invoke(APP, ipcChannel('health'), {})).toEqual({
      ok: true,
      value: { status: 'ok', version: VERSION },
    });
    // Query and hash do not change the page.
    const withHash = { url: `${APP.url}#/settings` };
    expect(
      await ipcMain.invoke(withHash, ipcChannel('updateSettings'), { batch_size: 20 }),
    ).toMatchObject({
      ok: true,
      value: { batch_size: 20 },
    });
    expect(engine.settings.get().batch_size).toBe(20);
    expect(await ipcMain.invoke(APP, ipcChannel('updateSettings'), { batch_size: 5000 })).toEqual({
      ok: false,
      status: 400,
      error: {
        code: 'invalid_parameter',
        field: 'batch_size',
        message: 'batch_size must be an integer from 1 to 1000',
      },
    });
    expect(await ipcMain.invoke(APP, ipcChannel('getRun'), { id: 'x' })).toMatchObject({
      ok: false,
      status: 404,
      error: { code: 'not_found', field: 'id' },
    });
    const imported = await ipcMain.invoke(APP, ipcChannel('importDraws'), {
      text: readFileSync(SHARED_DRAWS, 'utf8'),
    });
    expect(imported).toMatchObject({ ok: true, value: { inserted: expect.any(Number) } });
    expect((imported as { value: { inserted: number } }).value.inserted).toBeGreaterThan(1000);
    // No generator in this engine: a 503, not a crash.
    expect(await ipcMain.invoke(APP, ipcChannel('generateTickets'), {})).toMatchObject({
      ok: false,
      status: 503,
      error: { code: 'generator_unavailable' },
    });
  });

  it('refuses every other sender before the handler runs', async () => {
    const { ipcMain, engine, log } = setup();
    const others = [
      { url: pathToFileURL(join(RENDERER, '..', 'other.html')).href },
      { url: 'file:///etc/passwd' },
      { url: 'https://example.com/' },
      { url: 'http://127.0.0.1:5173/' },
      { url: 'about:blank' },
      { url: 'devtools://devtools/bundled/inspector.html' },
      { url: APP.url, parent: { url: APP.url } },
      null,
    ];
    for (const frame of others) {
      const reply = await ipcMain.invoke(frame, ipcChannel('updateSettings'), { batch_size: 7 });
      expect(reply, frame?.url).toMatchObject({
        ok: false,
        status: 403,
        error: { code: 'forbidden_sender' },
      });
      expect(await ipcMain.invoke(frame, IPC_PICK_DRAW_FILE)).toMatchObject({ status: 403 });
    }
    expect(engine.settings.get().batch_size).toBe(100);
    expect(log).toHaveBeenCalled();
  });

  it('trusts the dev server origin only when one is given', async () => {
    const ipcMain = new FakeIpcMain();
    const engine = new Engine({ dataDir: ':memory:' });
    cleanups.push(() => engine.close());
    registerIpc(
      ipcMain,
      engine.handlers,
      trustedSender({ rendererFile: RENDERER, devUrl: 'http://localhost:5173/' }),
      { log: () => {} },
    );
    const dev = { url: 'http://localhost:5173/index.html' };
    expect(await ipcMain.invoke(dev, ipcChannel('health'), {})).toMatchObject({ ok: true });
    expect(
      await ipcMain.invoke({ url: 'http://localhost:5174/' }, ipcChannel('health'), {}),
    ).toMatchObject({ status: 403 });
  });
});

describe('the draw-file picker', () => {
  it('reads the chosen file in main, or answers null when cancelled', async () => {
    let chosen: string | null = null;
    const { ipcMain, dir } = setup({ pickDrawFile: async () => chosen });
    expect(await ipcMain.invoke(APP, IPC_PICK_DRAW_FILE)).toEqual({ ok: true, value: null });

    chosen = join(dir, 'draws.csv');
    writeFileSync(chosen, 'draw_date,white_balls\n');
    expect(await ipcMain.invoke(APP, IPC_PICK_DRAW_FILE)).toEqual({
      ok: true,
      value: { name: 'draws.csv', text: 'draw_date,white_balls\n' },
    });

    chosen = join(dir, 'huge.json');
    writeFileSync(chosen, '');
    truncateSync(chosen, MAX_DRAW_FILE_BYTES + 1);
    expect(await ipcMain.invoke(APP, IPC_PICK_DRAW_FILE)).toMatchObject({
      ok: false,
      status: 413,
      error: { code: 'payload_too_large', field: 'file' },
    });

    chosen = join(dir, 'gone.csv');
    expect(await ipcMain.invoke(APP, IPC_PICK_DRAW_FILE)).toMatchObject({
      ok: false,
      status: 400,
      error: { code: 'invalid_file', field: 'file' },
    });
  });

  it('reports a failing dialog, and a missing picker, as errors', async () => {
    const failing = setup({ pickDrawFile: () => Promise.reject(new Error('no display')) });
    expect(await failing.ipcMain.invoke(APP, IPC_PICK_DRAW_FILE)).toMatchObject({
      ok: false,
      status: 500,
      error: { code: 'internal', message: 'could not open the file: no display' },
    });
    const none = setup();
    expect(await none.ipcMain.invoke(APP, IPC_PICK_DRAW_FILE)).toMatchObject({
      ok: false,
      status: 503,
    });
  });
});

describe('forwardPipelineEvents', () => {
  it('sends progress and the finished run of a real generation to the window', async () => {
    const { engine, ipcMain } = setup({ generator: true });
    engine.handlers.importDraws({ text: readFileSync(SHARED_DRAWS, 'utf8') });
    const sent: [string, unknown][] = [];
    const stop = forwardPipelineEvents(engine.pipeline!, (channel, payload) =>
      sent.push([channel, structuredClone(payload)]),
    );

    const started = (await ipcMain.invoke(APP, ipcChannel('generateTickets'), {
      modes: ['random', 'v1'],
      batch_size: 10,
      seed: 3,
    })) as { ok: true; value: { run_id: string } };
    expect(started.ok).toBe(true);
    await engine.pipeline!.idle();

    const progress = sent.filter(([c]) => c === IPC_EVENTS.progress).map(([, p]) => p as Progress);
    const finished = sent.filter(([c]) => c === IPC_EVENTS.runFinished).map(([, r]) => r as Run);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.run_id === started.value.run_id)).toBe(true);
    expect(progress.some((p) => p.modes.some((m) => m.phase === 'generate'))).toBe(true);
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ id: started.value.run_id, status: 'success' });

    stop();
    sent.length = 0;
    await ipcMain.invoke(APP, ipcChannel('generateTickets'), { modes: ['random'], batch_size: 5 });
    await engine.pipeline!.idle();
    expect(sent).toEqual([]);
  });
});
