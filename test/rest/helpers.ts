import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { Engine } from '../../src/main/engine';
import { startRestServer, type RestServer } from '../../src/main/rest/server';
import type { NewTicket } from '../../src/main/store/ticket-store';

export const TOKEN = 'tok';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

/** The real draw history shared next to the repo; read it, never copy it in. */
export const DRAWS_CSV = path.resolve(
  __dirname,
  '../../../shared/data/powerball-draws-2006-2025.csv',
);

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
  text: string;
}

export interface TestServer {
  dataDir: string;
  engine: Engine;
  server: RestServer;
  /** Every status this server answered through `call`. */
  statuses: number[];
  /** fetch against the server; fails the test on any 500. */
  call(urlPath: string, init?: RequestInit): Promise<Reply>;
  /** Shuts the server and engine; `keepDir` leaves the data folder for a second engine. */
  close(opts?: { keepDir?: boolean }): Promise<void>;
}

export function tempDir(prefix = 'shiol-rest-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startTestServer(
  opts: { dataDir?: string; now?: () => number; token?: (engine: Engine) => string } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const engine = new Engine({ dataDir, ...(opts.now ? { now: opts.now } : {}) });
  const tokenFn = opts.token;
  let server: RestServer;
  try {
    server = await startRestServer({
      handlers: engine.handlers,
      token: tokenFn ? () => tokenFn(engine) : () => TOKEN,
      port: 0,
    });
  } catch (err) {
    await engine.close();
    throw err;
  }
  const statuses: number[] = [];
  return {
    dataDir,
    engine,
    server,
    statuses,
    async call(urlPath, init = {}) {
      const res = await fetch(server.url + urlPath, init);
      const text = await res.text();
      statuses.push(res.status);
      expect(res.status, `${init.method ?? 'GET'} ${urlPath}: ${text}`).not.toBe(500);
      let body: unknown = null;
      if (text !== '') {
        expect(res.headers.get('content-type') ?? '').toMatch(/^application\/json/);
        body = JSON.parse(text);
      }
      return { status: res.status, headers: res.headers, body, text };
    },
    async close({ keepDir = false } = {}) {
      await server.close();
      await engine.close();
      if (!keepDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The error body every failure must have. */
export function errorOf(reply: Reply): { code: string; message: string; field?: string } {
  const body = reply.body as { error?: { code?: unknown; message?: unknown; field?: unknown } };
  expect(body, reply.text).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String) },
  });
  return body.error as { code: string; message: string; field?: string };
}

export const json = (body: unknown, headers: Record<string, string> = AUTH): RequestInit => ({
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** `count` distinct, valid tickets; white balls handed over unsorted. */
export function makeTickets(count: number, offset = 0): NewTicket[] {
  return Array.from({ length: count }, (_, i) => {
    const k = (i + offset) % 60;
    return {
      white_balls: [k + 9, k + 1, k + 5, k + 3, k + 7],
      powerball: ((i + offset) % 26) + 1,
      confidence: 0.5,
      strategy: 'test',
    };
  });
}

/** A plain node:http request, for what fetch cannot send (a Host header, a chunked body). */
export function rawRequest(opts: {
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  chunks?: Buffer[];
}): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      {
        host: '127.0.0.1',
        port: opts.port,
        path: opts.path,
        method: opts.method ?? 'GET',
        headers: opts.headers,
        agent: false,
      },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    // Once the answer is in, a reset from the server dropping the rest of the upload is fine.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    for (const c of opts.chunks ?? []) req.write(c);
    req.end();
  });
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
