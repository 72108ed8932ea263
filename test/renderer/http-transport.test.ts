import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine';
import { forkGenerator } from '../../src/main/generator/node-spawn';
import { startRestServer } from '../../src/main/rest/server';
import { ApiCallError, createHttpApi, httpRequest } from '../../src/renderer/src/api/client';
import { contract } from '../../src/shared/contract';
import type { Run } from '../../src/shared/schemas';
import {
  DRAWS_CSV,
  TOKEN,
  makeTickets,
  startTestServer,
  tempDir,
  type TestServer,
} from '../rest/helpers';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('the HTTP transport against the real REST server', () => {
  it('calls query, path and raw-body routes and returns their answers', async () => {
    server = await startTestServer();
    const api = createHttpApi({ baseUrl: server.server.url, token: TOKEN });
    expect(api.transport).toBe('http');
    expect((await api.health({})).status).toBe('ok');

    const imported = await api.importDraws({ text: fs.readFileSync(DRAWS_CSV, 'utf8') });
    expect(imported.format).toBe('shiol_csv');
    expect(imported.inserted).toBeGreaterThan(1000);
    expect((await api.listDraws({ limit: 3 })).draws).toHaveLength(3);

    server.engine.runs.create({
      id: 'r1',
      trigger: 'test',
      seed: 1,
      batchSize: 150,
      modes: ['v1'],
    });
    server.engine.tickets.insertBatch(makeTickets(150), 'v1', 'r1');
    const cached = await api.getCachedTickets({ mode: 'v1', limit: 5 });
    expect(cached).toMatchObject({ mode: 'v1', count: 5, cached: true });
    // The whole batch, past the cached endpoint's limit of 100.
    const batch = await api.listTickets({ mode: 'v1', run_id: 'r1', limit: 10_000 });
    expect(batch.count).toBe(150);
    expect((await api.getRun({ id: 'r1' })).id).toBe('r1');
    expect(await api.deleteRun({ id: 'r1' })).toEqual({ id: 'r1', tickets_deleted: 150 });
  });

  it('turns error answers into ApiCallError with status, code and field', async () => {
    server = await startTestServer();
    const api = createHttpApi({ baseUrl: server.server.url, token: TOKEN });
    const bad = await api.updateSettings({ batch_size: 5000 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ApiCallError);
    expect(bad).toMatchObject({ status: 400, field: 'batch_size' });
    expect((bad as Error).message).toMatch(/1 to 1000/);

    const missing = await api.getRun({ id: 'nope' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });

    const wrongToken = createHttpApi({ baseUrl: server.server.url, token: 'wrong' });
    await expect(wrongToken.getSettings({})).rejects.toMatchObject({ status: 401 });
  });

  it('keeps working after the token is regenerated, and hands the new one on', async () => {
    server = await startTestServer({ token: (engine) => engine.settings.ensureToken() });
    const first = server.engine.settings.ensureToken();
    const kept: string[] = [];
    const api = createHttpApi({
      baseUrl: server.server.url,
      token: first,
      onToken: (t) => kept.push(t),
    });
    const { token } = await api.regenerateToken({});
    expect(token).not.toBe(first);
    expect(kept).toEqual([token]);
    expect((await api.getSettings({})).rest.token).toBe(token);
    const stale = createHttpApi({ baseUrl: server.server.url, token: first });
    await expect(stale.getSettings({})).rejects.toMatchObject({ status: 401 });
  });

  it('reports an engine that cannot be reached', async () => {
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:1', token: TOKEN });
    await expect(api.health({})).rejects.toMatchObject({ status: 0, code: 'unreachable' });
  });

  it('builds requests from the contract: path parameters are encoded and left out of the query', () => {
    const { path, init } = httpRequest(contract.getRun, { id: 'a/b c' });
    expect(path).toBe('/api/v1/runs/a%2Fb%20c');
    expect(init.method).toBe('GET');
    expect(
      httpRequest(contract.getCachedTickets, { mode: 'v2', limit: 3, run_id: undefined }).path,
    ).toBe('/api/v1/tickets/cached?mode=v2&limit=3');
    const put = httpRequest(contract.updateSettings, { batch_size: 20 });
    expect(put.init).toMatchObject({ method: 'PUT', body: '{"batch_size":20}' });
  });

  it('polls progress during a run and reports the finished run', async () => {
    const dataDir = tempDir();
    const engine = new Engine({ dataDir, spawnGenerator: forkGenerator() });
    const rest = await startRestServer({ handlers: engine.handlers, token: () => TOKEN, port: 0 });
    try {
      engine.handlers.importDraws({ text: fs.readFileSync(DRAWS_CSV, 'utf8') });
      engine.settings.update({ sync: { enabled: false } });
      const api = createHttpApi({ baseUrl: rest.url, token: TOKEN, pollMs: 20, idlePollMs: 20 });
      const steps: string[] = [];
      const finished = new Promise<Run>((resolve) => {
        const offProgress = api.onProgress((p) => steps.push(p.step));
        const offFinished = api.onRunFinished((run) => {
          offProgress();
          offFinished();
          resolve(run);
        });
      });
      const started = await api.generateTickets({
        modes: ['random', 'v1'],
        batch_size: 50,
        seed: 7,
      });
      const run = await finished;
      expect(run.id).toBe(started.run_id);
      expect(run.status).toBe('success');
      expect(run.tickets_generated).toBe(100);

      // Two runs back to back, each over before a slow poll sees it: both are reported once.
      const slow = createHttpApi({ baseUrl: rest.url, token: TOKEN, pollMs: 300, idlePollMs: 300 });
      const reported: string[] = [];
      const off = slow.onRunFinished((r) => reported.push(r.id));
      const one = await slow.generateTickets({ modes: ['random'], batch_size: 5, seed: 1 });
      await engine.pipeline!.idle();
      const two = await slow.generateTickets({ modes: ['random'], batch_size: 5, seed: 2 });
      await engine.pipeline!.idle();
      for (let i = 0; i < 50 && reported.length < 2; i++)
        await new Promise((r) => setTimeout(r, 50));
      off();
      expect(reported.sort()).toEqual([one.run_id, two.run_id].sort());
      expect(steps.length).toBeGreaterThan(0);
    } finally {
      await rest.close();
      await engine.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
