import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/main/api-error';
import { dispatch, errorResponse } from '../src/main/dispatch';
import { DrawImportError } from '../src/main/draws/formats';
import { SyncError } from '../src/main/draws/sync';
import { Engine, VERSION } from '../src/main/engine';
import { forkGenerator } from '../src/main/generator/node-spawn';
import type { Handlers } from '../src/shared/contract';
import { SHARED_DRAWS, tempDir } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function openEngine(withGenerator = false): Engine {
  const { dir, cleanup } = tempDir('shiol-dispatch-');
  const engine = new Engine({
    dataDir: dir,
    ...(withGenerator ? { spawnGenerator: forkGenerator() } : {}),
  });
  cleanups.push(cleanup, () => engine.close());
  engine.settings.update({ sync: { enabled: false } });
  return engine;
}

describe('dispatch', () => {
  it('validates the input and answers with the handler value', async () => {
    const engine = openEngine();
    expect(await dispatch(engine.handlers, 'health', {})).toEqual({
      ok: true,
      value: { status: 'ok', version: VERSION },
    });
    // A missing input counts as {}.
    expect(await dispatch(engine.handlers, 'getSettings', undefined)).toMatchObject({
      ok: true,
      value: { batch_size: 100, rest: { enabled: false } },
    });
    const updated = await dispatch(engine.handlers, 'updateSettings', { batch_size: 20 });
    expect(updated).toMatchObject({ ok: true, value: { batch_size: 20 } });
    expect(engine.settings.get().batch_size).toBe(20);
    // Defaults and coercion come from the contract's schema.
    expect(await dispatch(engine.handlers, 'listRuns', { limit: '5' })).toEqual({
      ok: true,
      value: { count: 0, runs: [] },
    });
  });

  it('names the bad field and its allowed range, and never calls the handler', async () => {
    const engine = openEngine();
    const updateSettings = vi.fn(engine.handlers.updateSettings);
    const handlers: Handlers = { ...engine.handlers, updateSettings };
    expect(await dispatch(handlers, 'updateSettings', { batch_size: 0 })).toEqual({
      ok: false,
      status: 400,
      error: {
        code: 'invalid_parameter',
        field: 'batch_size',
        message: 'batch_size must be an integer from 1 to 1000',
      },
    });
    expect(await dispatch(handlers, 'updateSettings', { rest: { port: 'x' } })).toMatchObject({
      status: 400,
      error: { field: 'rest.port', message: 'rest.port must be an integer from 0 to 65535' },
    });
    expect(await dispatch(handlers, 'updateSettings', { colour: 'red' })).toMatchObject({
      status: 400,
      error: { code: 'invalid_parameter', field: 'colour' },
    });
    expect(await dispatch(handlers, 'updateSettings', 'batch_size=5')).toMatchObject({
      ok: false,
      status: 400,
      error: { code: 'invalid_parameter' },
    });
    expect(updateSettings).not.toHaveBeenCalled();
    expect(engine.settings.get().batch_size).toBe(100);
  });

  it('maps a missing run to 404 and an unknown method to 404', async () => {
    const engine = openEngine();
    expect(await dispatch(engine.handlers, 'getRun', { id: 'nope' })).toEqual({
      ok: false,
      status: 404,
      error: { code: 'not_found', message: 'run nope does not exist', field: 'id' },
    });
    const unknown = await dispatch(engine.handlers, 'toString' as 'health', {});
    expect(unknown).toMatchObject({ ok: false, status: 404, error: { code: 'not_found' } });
  });

  it('maps a run in progress to 409', async () => {
    const engine = openEngine(true);
    engine.handlers.importDraws({ text: readFileSync(SHARED_DRAWS, 'utf8') });
    const started = await dispatch(engine.handlers, 'generateTickets', {
      modes: ['random'],
      batch_size: 5,
      seed: 1,
    });
    expect(started).toMatchObject({ ok: true, value: { status: 'running' } });
    const runId = (started as { value: { run_id: string } }).value.run_id;

    const again = await dispatch(engine.handlers, 'generateTickets', {});
    expect(again).toMatchObject({ ok: false, status: 409, error: { code: 'run_in_progress' } });
    expect(await dispatch(engine.handlers, 'deleteRun', { id: runId })).toMatchObject({
      ok: false,
      status: 409,
      error: { code: 'run_in_progress', field: 'id' },
    });
    await engine.pipeline!.idle();
    expect(await dispatch(engine.handlers, 'deleteRun', { id: runId })).toEqual({
      ok: true,
      value: { id: runId, tickets_deleted: 5 },
    });
  });

  it('maps import and sync failures like REST, and hides unexpected errors', async () => {
    const engine = openEngine();
    const bad = await dispatch(engine.handlers, 'importDraws', { text: 'not,a,draw\n1,2,3' });
    expect(bad).toMatchObject({
      ok: false,
      status: 400,
      error: { code: 'invalid_file', field: 'text' },
    });

    const log = vi.fn();
    const handlers: Handlers = {
      ...engine.handlers,
      getBatchStatus: () => {
        throw new Error('SQLITE_CORRUPT at /secret/path');
      },
    };
    const failed = await dispatch(handlers, 'getBatchStatus', {}, { log });
    expect(failed).toEqual({
      ok: false,
      status: 500,
      error: { code: 'internal', message: 'internal error; see the engine log' },
    });
    expect(log).toHaveBeenCalledOnce();
  });
});

describe('errorResponse (shared with REST)', () => {
  it('gives each known error its status, code and field', () => {
    const log = vi.fn();
    expect(errorResponse(new ApiError(503, 'generator_unavailable', 'no generator'), log)).toEqual({
      status: 503,
      body: { error: { code: 'generator_unavailable', message: 'no generator' } },
    });
    expect(errorResponse(new DrawImportError(3, 'bad date'), log)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_file', field: 'text' } },
    });
    expect(errorResponse(new SyncError('timed out'), log)).toEqual({
      status: 502,
      body: { error: { code: 'sync_failed', message: 'timed out' } },
    });
    expect(log).not.toHaveBeenCalled();
  });
});
