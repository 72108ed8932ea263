import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { registerIpc } from '../../src/main/electron/ipc';
import { trustedSender } from '../../src/main/electron/security';
import { Engine, VERSION } from '../../src/main/engine';
import { createBridge } from '../../src/preload/bridge';
import { contract, type Method } from '../../src/shared/contract';
import { IPC_EVENTS, METHODS, type Bridge } from '../../src/shared/ipc';
import type { Progress } from '../../src/shared/schemas';
import { FakeIpcMain, FakeIpcRenderer } from './fakes';

const RENDERER = join('/app/out/renderer/index.html');

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

function wire(opts: { pickDrawFile?: () => Promise<string | null> } = {}) {
  const engine = new Engine({ dataDir: ':memory:' });
  engines.push(engine);
  const main = new FakeIpcMain();
  registerIpc(main, engine.handlers, trustedSender({ rendererFile: RENDERER }), {
    log: () => {},
    ...opts,
  });
  const renderer = new FakeIpcRenderer(main, { url: pathToFileURL(RENDERER).href });
  return { engine, main, renderer, api: createBridge(renderer) };
}

describe('METHODS', () => {
  it('is exactly the contract methods', () => {
    expectTypeOf<(typeof METHODS)[number]>().toEqualTypeOf<Method>();
    expect([...METHODS].sort()).toEqual(Object.keys(contract).sort());
    expect(new Set(METHODS).size).toBe(METHODS.length);
  });
});

describe('createBridge (window.api)', () => {
  it('has one function per contract method plus the events and the picker, and no ipcRenderer', () => {
    const { api } = wire();
    expectTypeOf(api).toEqualTypeOf<Bridge>();
    expect(Object.keys(api).sort()).toEqual(
      [...Object.keys(contract), 'onProgress', 'onRunFinished', 'pickDrawFile'].sort(),
    );
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('calls the engine through IPC and hands back the result envelope', async () => {
    const { api, engine } = wire();
    expect(await api.health({})).toEqual({ ok: true, value: { status: 'ok', version: VERSION } });
    expect(await api.updateSettings({ batch_size: 33 })).toMatchObject({
      ok: true,
      value: { batch_size: 33 },
    });
    expect(engine.settings.get().batch_size).toBe(33);
    expect(await api.updateSettings({ batch_size: -1 })).toMatchObject({
      ok: false,
      status: 400,
      error: { field: 'batch_size' },
    });
    expect(await api.getRun({ id: 'none' })).toMatchObject({ ok: false, status: 404 });
  });

  it('turns an IPC failure into an error result instead of a rejection', async () => {
    const { api, main } = wire();
    main.removeHandler('api:health');
    expect(await api.health({})).toEqual({
      ok: false,
      status: 500,
      error: {
        code: 'ipc_failed',
        message: "the app did not answer: No handler registered for 'api:health'",
      },
    });
  });

  it('passes only the payload to subscribers, and unsubscribes', () => {
    const { api, renderer } = wire();
    const seen: unknown[][] = [];
    const off = api.onProgress((...args: unknown[]) => seen.push(args));
    const offRun = api.onRunFinished(() => {});
    const progress: Progress = { run_id: 'r1', step: 'generate', modes: [] };
    renderer.emit(IPC_EVENTS.progress, progress);
    expect(seen).toEqual([[progress]]);
    expect(renderer.listenerCount(IPC_EVENTS.progress)).toBe(1);
    off();
    offRun();
    renderer.emit(IPC_EVENTS.progress, progress);
    expect(seen).toHaveLength(1);
    expect(renderer.listenerCount(IPC_EVENTS.progress)).toBe(0);
    expect(renderer.listenerCount(IPC_EVENTS.runFinished)).toBe(0);
  });

  it('picks a draw file through main', async () => {
    const pickDrawFile = vi.fn(async () => null);
    const { api } = wire({ pickDrawFile });
    expect(await api.pickDrawFile()).toEqual({ ok: true, value: null });
    expect(pickDrawFile).toHaveBeenCalledOnce();
  });
});
