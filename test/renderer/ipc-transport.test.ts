import fs from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { registerIpc } from '../../src/main/electron/ipc';
import { trustedSender } from '../../src/main/electron/security';
import { Engine } from '../../src/main/engine';
import { createBridge } from '../../src/preload/bridge';
import { ApiCallError, createIpcApi } from '../../src/renderer/src/api/client';
import { IPC_EVENTS } from '../../src/shared/ipc';
import type { Progress } from '../../src/shared/schemas';
import { FakeIpcMain, FakeIpcRenderer } from '../electron/fakes';
import { DRAWS_CSV } from '../rest/helpers';

const RENDERER = join('/app/out/renderer/index.html');
const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

/** The renderer's IPC transport over the real preload bridge, with Electron's IPC faked. */
function wire(pickDrawFile?: () => Promise<string | null>) {
  const engine = new Engine({ dataDir: ':memory:' });
  engines.push(engine);
  const main = new FakeIpcMain();
  registerIpc(main, engine.handlers, trustedSender({ rendererFile: RENDERER }), {
    log: () => {},
    ...(pickDrawFile ? { pickDrawFile } : {}),
  });
  const renderer = new FakeIpcRenderer(main, { url: pathToFileURL(RENDERER).href });
  return { engine, renderer, api: createIpcApi(createBridge(renderer)) };
}

describe('the IPC transport', () => {
  it('returns the engine answers unwrapped', async () => {
    const { api, engine } = wire();
    expect(api.transport).toBe('ipc');
    expect((await api.health({})).status).toBe('ok');
    const settings = await api.updateSettings({ batch_size: 25 });
    expect(settings.batch_size).toBe(25);
    expect(engine.settings.get().batch_size).toBe(25);
  });

  it('throws ApiCallError with the status, code and field of an error envelope', async () => {
    const { api } = wire();
    const err = await api.updateSettings({ retention_days: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err).toMatchObject({ status: 400, field: 'retention_days' });
    expect((err as Error).message).toMatch(/1 to 365/);
    await expect(api.getRun({ id: 'missing' })).rejects.toMatchObject({ status: 404 });
  });

  it('imports the file chosen in the native picker', async () => {
    const { api, engine } = wire(async () => DRAWS_CSV);
    const file = await api.pickDrawFile!();
    expect(file!.name).toBe('powerball-draws-2006-2025.csv');
    expect(file!.text).toBe(fs.readFileSync(DRAWS_CSV, 'utf8'));
    await api.importDraws({ text: file!.text });
    expect(engine.draws.summary().count).toBeGreaterThan(1000);
    expect(await wire(async () => null).api.pickDrawFile!()).toBeNull();
  });

  it('passes progress events on and stops after unsubscribing', () => {
    const { api, renderer } = wire();
    const seen: Progress[] = [];
    const off = api.onProgress((p) => seen.push(p));
    const progress: Progress = { run_id: 'r', step: 'generate', modes: [] };
    renderer.emit(IPC_EVENTS.progress, progress);
    off();
    renderer.emit(IPC_EVENTS.progress, progress);
    expect(seen).toEqual([progress]);
  });
});
