import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/dispatch';
import { Engine } from '../src/main/engine';
import { reconcilingHandlers, RestController } from '../src/main/rest-controller';
import { closedPort } from './rest/helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(opts: { restDelayMs?: number } = {}) {
  const engine = new Engine({ dataDir: ':memory:' });
  const lines: string[] = [];
  const controller = new RestController({
    handlers: engine.handlers,
    token: () => engine.settings.ensureToken(),
    log: (line) => lines.push(line),
    ...opts,
  });
  cleanups.push(
    () => engine.close(),
    () => controller.close(),
  );
  return { engine, controller, lines };
}

/** GET /api/v1/health on a fresh connection: the status, or the connection error's code. */
function health(port: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/api/v1/health', agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? String(err)));
  });
}

async function occupy(port: number): Promise<() => Promise<void>> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(port, '127.0.0.1', resolve));
  return () => new Promise<void>((resolve) => srv.close(() => resolve()));
}

describe('RestController', () => {
  it('starts, stops and moves the server to follow the settings', async () => {
    const { controller } = setup();
    const [p1, p2] = [await closedPort(), await closedPort()];
    expect(controller.status()).toEqual({ state: 'stopped' });

    const running = await controller.reconcile({ enabled: true, port: p1 });
    expect(running).toEqual({ state: 'running', port: p1, url: `http://127.0.0.1:${p1}` });
    expect(await health(p1)).toBe(200);
    // The same settings again change nothing.
    expect(await controller.reconcile({ enabled: true, port: p1 })).toEqual(running);
    expect(await health(p1)).toBe(200);

    expect(await controller.reconcile({ enabled: true, port: p2 })).toMatchObject({
      state: 'running',
      port: p2,
    });
    expect(await health(p2)).toBe(200);
    expect(await health(p1)).toBe('ECONNREFUSED');

    expect(await controller.reconcile({ enabled: false, port: p2 })).toEqual({ state: 'stopped' });
    expect(await health(p2)).toBe('ECONNREFUSED');
  });

  it('reports a port in use, keeps that state, and recovers on the next change', async () => {
    const { controller, lines } = setup();
    const port = await closedPort();
    const release = await occupy(port);
    const failed = await controller.reconcile({ enabled: true, port });
    expect(failed).toEqual({
      state: 'failed',
      port,
      error: `port ${port} is already in use; choose another, or 0 for any free port`,
    });
    expect(controller.status()).toEqual(failed);
    expect(lines.at(-1)).toMatch(/REST API could not start: port \d+ is already in use/);

    await release();
    // Same settings: a failed start is tried again.
    expect(await controller.reconcile({ enabled: true, port })).toMatchObject({
      state: 'running',
      port,
    });
    expect(await health(port)).toBe(200);
  });

  it('serialises overlapping changes and stays stopped once closed', async () => {
    const { controller } = setup();
    const [p1, p2] = [await closedPort(), await closedPort()];
    const results = await Promise.all([
      controller.reconcile({ enabled: true, port: p1 }),
      controller.reconcile({ enabled: true, port: p2 }),
      controller.reconcile({ enabled: false, port: p2 }),
      controller.reconcile({ enabled: true, port: p1 }),
    ]);
    expect(results.map((r) => r.state)).toEqual(['running', 'running', 'stopped', 'running']);
    expect(await health(p1)).toBe(200);
    expect(await health(p2)).toBe('ECONNREFUSED');

    await controller.close();
    expect(await health(p1)).toBe('ECONNREFUSED');
    expect(await controller.reconcile({ enabled: true, port: p1 })).toEqual({ state: 'stopped' });
    expect(await health(p1)).toBe('ECONNREFUSED');
  });
});

describe('updateSettings in the desktop app', () => {
  it('turns the server on and off at once (IPC side), with a clear error for a busy port', async () => {
    const { engine, controller } = setup();
    const handlers = reconcilingHandlers(engine.handlers, controller);
    const port = await closedPort();

    const on = await dispatch(handlers, 'updateSettings', { rest: { enabled: true, port } });
    expect(on).toMatchObject({ ok: true, value: { rest: { enabled: true, port } } });
    expect(await health(port)).toBe(200);
    // Other settings leave a running server alone.
    expect(await dispatch(handlers, 'updateSettings', { batch_size: 10 })).toMatchObject({
      ok: true,
    });
    expect(await health(port)).toBe(200);

    const off = await dispatch(handlers, 'updateSettings', { rest: { enabled: false } });
    expect(off).toMatchObject({ ok: true, value: { rest: { enabled: false } } });
    expect(await health(port)).toBe('ECONNREFUSED');

    const busy = await closedPort();
    const release = await occupy(busy);
    cleanups.push(release);
    const clash = await dispatch(handlers, 'updateSettings', {
      rest: { enabled: true, port: busy },
    });
    expect(clash).toEqual({
      ok: false,
      status: 409,
      error: {
        code: 'rest_unavailable',
        field: 'rest.port',
        message: `settings saved, but the REST API could not start: port ${busy} is already in use; choose another, or 0 for any free port`,
      },
    });
    expect(engine.settings.get().rest).toMatchObject({ enabled: true, port: busy });
    expect(controller.status()).toMatchObject({ state: 'failed', port: busy });
  });

  it('a REST client turning the server off gets its answer, then the server stops', async () => {
    const { engine, controller } = setup({ restDelayMs: 50 });
    const port = await closedPort();
    engine.settings.update({ rest: { enabled: true, port } });
    await controller.reconcile(engine.settings.get().rest);

    const res = await fetch(`http://127.0.0.1:${port}/api/v1/settings`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${engine.settings.ensureToken()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ rest: { enabled: false } }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rest: { enabled: false, port } });

    await expect.poll(() => health(port), { timeout: 5000 }).toBe('ECONNREFUSED');
    expect(controller.status()).toEqual({ state: 'stopped' });
  });
});
