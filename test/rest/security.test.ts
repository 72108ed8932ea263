import net from 'node:net';
import os from 'node:os';
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { contract, type Endpoint } from '../../src/shared/contract';
import { MAX_BODY_BYTES } from '../../src/main/rest/app';
import { AUTH, errorOf, rawRequest, startTestServer, type Reply, type TestServer } from './helpers';

const endpoints = Object.entries(contract as Record<string, Endpoint>);
const urlOf = (ep: Endpoint) => ep.path.replace(/\{(\w+)\}/g, 'some-run-id');
const GOOD_CSV = 'draw_date,white_1,white_2,white_3,white_4,white_5,powerball\n';

/** Tries a TCP connection; true if something accepted it. */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(3000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

function expectUnauthorized(reply: Reply, what: string): void {
  expect(reply.status, what).toBe(401);
  expect(reply.headers.get('www-authenticate'), what).toMatch(/^Bearer\b/);
  expect(errorOf(reply).code, what).toBe('unauthorized');
}

describe('REST security', () => {
  let t: TestServer;

  beforeEach(async () => {
    t = await startTestServer();
  });

  afterEach(async () => {
    await t.close();
  });

  it('serves health without a token', async () => {
    const reply = await t.call('/api/v1/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'ok', version: expect.any(String) });
    const head = await t.call('/api/v1/health', { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('marks only health as public in the contract', () => {
    const open = endpoints.filter(([, ep]) => ep.public).map(([name]) => name);
    expect(open).toEqual(['health']);
  });

  for (const [name, ep] of endpoints.filter(([, e]) => !e.public)) {
    const method = ep.method.toUpperCase();
    it(`${name} (${method} ${ep.path}) needs the token`, async () => {
      const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
      const none = await t.call(urlOf(ep), { method, body });
      expectUnauthorized(none, 'no Authorization header');
      expect(errorOf(none).message).toMatch(/token is required/);

      const wrong = await t.call(urlOf(ep), {
        method,
        body,
        headers: { authorization: 'Bearer not-the-token' },
      });
      expectUnauthorized(wrong, 'wrong token');
      expect(errorOf(wrong).message).toMatch(/token is wrong/);

      const basic = await t.call(urlOf(ep), {
        method,
        body,
        headers: { authorization: `Basic ${Buffer.from('u:tok').toString('base64')}` },
      });
      expectUnauthorized(basic, 'Basic scheme');

      const prefix = await t.call(urlOf(ep), {
        method,
        body,
        headers: { authorization: 'Bearer to' },
      });
      expectUnauthorized(prefix, 'a prefix of the token');
    });
  }

  it('lets the right token through on every read route', async () => {
    for (const [name, ep] of endpoints.filter(([, e]) => e.method === 'get')) {
      const reply = await t.call(urlOf(ep), { headers: AUTH });
      // Past the guard: a made-up id may be missing (404), but never 401/403.
      expect([401, 403], `${name}: ${reply.text}`).not.toContain(reply.status);
      expect(reply.status, name).toBeLessThan(500);
    }
    expect((await t.call('/api/v1/settings', { headers: AUTH })).status).toBe(200);
    expect((await t.call('/api/v1/runs/some-run-id', { headers: AUTH })).status).toBe(404);
  });

  it('keeps the OpenAPI document behind the token', async () => {
    expectUnauthorized(await t.call('/api/v1/openapi.json'), 'openapi without token');
    expect((await t.call('/api/v1/openapi.json', { headers: AUTH })).status).toBe(200);
  });

  it('rejects a foreign Host header (DNS rebinding), even with the token', async () => {
    const port = t.server.port;
    for (const host of [
      'evil.example:1234',
      'evil.example',
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
    ]) {
      for (const urlPath of ['/api/v1/health', '/api/v1/settings']) {
        const res = await rawRequest({ port, path: urlPath, headers: { ...AUTH, host } });
        expect(res.status, `${host} ${urlPath}`).toBe(403);
        const body = JSON.parse(res.text) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('forbidden_host');
        expect(body.error.message).toContain(host);
      }
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      const res = await rawRequest({ port, path: '/api/v1/settings', headers: { ...AUTH, host } });
      expect(res.status, host).toBe(200);
    }
  });

  it('rejects a foreign Origin and allows our own or none', async () => {
    const port = t.server.port;
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${port + 1}`]) {
      const reply = await t.call('/api/v1/settings', { headers: { ...AUTH, origin } });
      expect(reply.status, origin).toBe(403);
      expect(errorOf(reply).code).toBe('forbidden_origin');
    }
    // A cross-site write is refused before it reaches the handler.
    const put = await t.call('/api/v1/settings', {
      method: 'PUT',
      headers: { ...AUTH, origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ batch_size: 5 }),
    });
    expect(put.status).toBe(403);
    expect(t.engine.settings.get().batch_size).toBe(100);

    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const reply = await t.call('/api/v1/settings', { headers: { ...AUTH, origin } });
      expect(reply.status, origin).toBe(200);
    }
    expect((await t.call('/api/v1/settings', { headers: AUTH })).status).toBe(200);
  });

  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    expect(MAX_BODY_BYTES).toBe(5 * 1024 * 1024);
    const tooBig = await t.call('/api/v1/draws/import', {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'text/csv' },
      body: GOOD_CSV + 'x'.repeat(MAX_BODY_BYTES),
    });
    expect(tooBig.status).toBe(413);
    expect(errorOf(tooBig)).toMatchObject({ code: 'payload_too_large' });
    expect(errorOf(tooBig).message).toContain('5 MiB');

    // Exactly the limit is read (and then refused as a file, not for its size).
    const atLimit = await t.call('/api/v1/draws/import', {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'text/csv' },
      body: 'x'.repeat(MAX_BODY_BYTES),
    });
    expect(atLimit.status).toBe(400);
    expect(errorOf(atLimit).code).toBe('invalid_file');
  });

  it('refuses a chunked body (no Content-Length) over the limit with 413', async () => {
    const chunk = Buffer.alloc(256 * 1024, 'x');
    const res = await rawRequest({
      port: t.server.port,
      path: '/api/v1/draws/import',
      method: 'POST',
      headers: {
        ...AUTH,
        host: `127.0.0.1:${t.server.port}`,
        'content-type': 'text/csv',
        'transfer-encoding': 'chunked',
      },
      chunks: Array.from({ length: MAX_BODY_BYTES / chunk.length + 2 }, () => chunk),
    });
    expect(res.status).toBe(413);
    expect(t.engine.draws.summary().count).toBe(0);
  });

  it('listens on 127.0.0.1 only', async () => {
    const port = t.server.port;
    expect(t.server.url).toBe(`http://127.0.0.1:${port}`);
    expect(port).toBeGreaterThan(0);
    expect(await connects('127.0.0.1', port)).toBe(true);

    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a): a is os.NetworkInterfaceInfo => a !== undefined)
      .filter((a) => a.address !== '127.0.0.1' && !a.address.startsWith('fe80'))
      .map((a) => a.address);
    // Elsewhere in 127/8 reaches the loopback interface but not a socket bound to 127.0.0.1.
    if (process.platform === 'linux') others.push('127.0.0.2');
    for (const address of others) {
      expect(await connects(address, port), address).toBe(false);
    }
  });

  it('answers an unknown route with a JSON 404', async () => {
    const api = await t.call('/api/v1/nope', { headers: AUTH });
    expect(api.status).toBe(404);
    expect(errorOf(api)).toMatchObject({ code: 'not_found' });
    expect(errorOf(api).message).toContain('/api/v1/nope');

    const outside = await t.call('/nope');
    expect(outside.status).toBe(404);
    expect(errorOf(outside).code).toBe('not_found');

    // Under /api the token comes first: no route list for strangers.
    expectUnauthorized(await t.call('/api/v1/nope'), 'unknown route without token');
  });
});
