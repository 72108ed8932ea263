import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DrawImportError } from '../../src/main/draws/formats';
import { importDraws } from '../../src/main/draws/import';
import { SyncError, syncDraws } from '../../src/main/draws/sync';
import { Engine } from '../../src/main/engine';
import { closeDatabase, openDatabase, type Db } from '../../src/main/store/database';
import { DrawStore } from '../../src/main/store/draw-store';

const NOW = Date.UTC(2025, 9, 8, 12, 0, 0);

const NY_CSV = [
  'Draw Date,Winning Numbers,Multiplier',
  '10/08/2025,68 03 47 07 67 02,2',
  '10/06/2025,28 08 17 55 22 14,',
  '10/04/2025,01 12 23 34 45 05,3',
  '',
].join('\r\n');

// Valid rows, then a Powerball that the 69/26 matrix does not have on line 4.
const BAD_CSV = [
  'Draw Date,Winning Numbers,Multiplier',
  '10/08/2025,68 03 47 07 67 02,2',
  '10/06/2025,28 08 17 55 22 14,',
  '10/04/2025,01 12 23 34 45 27,3',
  '',
].join('\n');

const SEED =
  'draw_date,white_1,white_2,white_3,white_4,white_5,powerball\n2016-01-02,40,3,69,17,25,26\n';

let server: http.Server;
let base: string;
let host: string;
let requests: string[];
let dir: string;
let db: Db;
let store: DrawStore;
let engine: Engine | undefined;

beforeEach(async () => {
  requests = [];
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    switch (req.url) {
      case '/ny.csv':
        res.writeHead(200, { 'content-type': 'text/csv' }).end(NY_CSV);
        return;
      case '/bad.csv':
        res.writeHead(200, { 'content-type': 'text/csv' }).end(BAD_CSV);
        return;
      case '/error':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('database unavailable');
        return;
      case '/hang':
        return; // never answers
      case '/stall':
        // Headers and the first line, then nothing more.
        res.writeHead(200, { 'content-type': 'text/csv' });
        res.write('Draw Date,Winning Numbers,Multiplier\r\n');
        return;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  base = `http://${host}`;

  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiol-draws-sync-'));
  db = openDatabase(path.join(dir, 'sync.db'));
  store = new DrawStore(db, () => NOW);
});

afterEach(async () => {
  engine?.close();
  engine = undefined;
  closeDatabase(db);
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The SyncError a sync to `url` throws (fails the test on success or another error). */
async function syncError(url: string, timeoutMs = 5000): Promise<SyncError> {
  try {
    await syncDraws(store, { url, timeoutMs });
  } catch (err) {
    if (err instanceof SyncError) return err;
    throw err;
  }
  throw new Error(`expected the sync from ${url} to fail`);
}

/** A port on 127.0.0.1 that was just free and has nothing listening. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const allDraws = () => store.list(100);

describe('syncDraws', () => {
  it('downloads, imports and logs a successful sync', async () => {
    const url = `${base}/ny.csv`;
    const result = await syncDraws(store, { url, timeoutMs: 5000 });
    expect(result).toEqual({
      format: 'ny_csv',
      rows: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      url,
    });
    expect(requests).toEqual(['/ny.csv']);
    expect(allDraws()).toEqual([
      {
        draw_date: '2025-10-08',
        white_balls: [3, 7, 47, 67, 68],
        powerball: 2,
        multiplier: 2,
        era: 4,
      },
      {
        draw_date: '2025-10-06',
        white_balls: [8, 17, 22, 28, 55],
        powerball: 14,
        multiplier: null,
        era: 4,
      },
      {
        draw_date: '2025-10-04',
        white_balls: [1, 12, 23, 34, 45],
        powerball: 5,
        multiplier: 3,
        era: 4,
      },
    ]);
    expect(store.lastSync()).toEqual({
      at: new Date(NOW).toISOString(),
      ok: true,
      error: null,
      inserted: 3,
      updated: 0,
    });
    const log = db.prepare('SELECT url, ok FROM sync_log').all();
    expect(log).toEqual([{ url, ok: 1 }]);

    // A second sync finds nothing new, and says so.
    await expect(syncDraws(store, { url, timeoutMs: 5000 })).resolves.toMatchObject({
      inserted: 0,
      unchanged: 3,
    });
    expect(store.lastSync()).toMatchObject({ ok: true, inserted: 0, updated: 0 });
    expect(store.summary().last_sync).toEqual(store.lastSync());
  });

  it('fails on an HTTP error, changes nothing and logs the reason', async () => {
    importDraws(store, SEED);
    await syncDraws(store, { url: `${base}/ny.csv`, timeoutMs: 5000 });
    const before = allDraws();

    const err = await syncError(`${base}/error`);
    expect(err.name).toBe('SyncError');
    expect(err.message).toBe(
      `Sync from ${host} failed, nothing was changed: the server answered HTTP 500 Internal Server Error`,
    );
    expect(allDraws()).toEqual(before);
    // The failure is now the last sync, even though an earlier one succeeded.
    expect(store.lastSync()).toEqual({
      at: new Date(NOW).toISOString(),
      ok: false,
      error: err.message,
      inserted: 0,
      updated: 0,
    });
    expect(db.prepare('SELECT ok FROM sync_log ORDER BY id').all()).toEqual([{ ok: 1 }, { ok: 0 }]);
  });

  it('gives up on a server that never answers', async () => {
    importDraws(store, SEED);
    const err = await syncError(`${base}/hang`, 1000);
    expect(requests).toEqual(['/hang']); // it connected: this is a timeout, not a refusal
    expect(err.message).toBe(`Sync from ${host} failed, nothing was changed: no answer within 1 s`);
    expect(allDraws()).toHaveLength(1);
    expect(store.lastSync()).toMatchObject({ ok: false, error: err.message, inserted: 0 });
  });

  it('gives up on a download that starts but never finishes', async () => {
    const err = await syncError(`${base}/stall`, 1000);
    expect(err.message).toBe(
      `Sync from ${host} failed, nothing was changed: the download did not finish within 1 s`,
    );
    expect(allDraws()).toEqual([]);
    expect(store.lastSync()).toMatchObject({ ok: false, error: err.message });
  });

  it('imports nothing from a malformed file and names the bad line', async () => {
    importDraws(store, SEED);
    const before = allDraws();
    const err = await syncError(`${base}/bad.csv`);
    expect(err.message).toBe(
      `Sync from ${host} failed, nothing was changed: ` +
        'line 4: Powerball 27 is outside 1..26 for a draw on 2025-10-04',
    );
    expect(err.cause).toBeInstanceOf(DrawImportError);
    expect((err.cause as DrawImportError).line).toBe(4);
    expect(allDraws()).toEqual(before);
    expect(store.lastSync()).toMatchObject({ ok: false, error: err.message, inserted: 0 });
  });

  it('reports a refused connection', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/draws.csv`;
    const err = await syncError(url);
    expect(err.message).toBe(
      `Sync from 127.0.0.1:${port} failed, nothing was changed: ` +
        'could not connect (ECONNREFUSED); are you offline?',
    );
    expect(allDraws()).toEqual([]);
    expect(store.lastSync()).toMatchObject({ ok: false, error: err.message });
    expect(db.prepare('SELECT url FROM sync_log').all()).toEqual([{ url }]);
  });

  it('reports a 404 for a wrong path', async () => {
    const err = await syncError(`${base}/nothing-here.csv`);
    expect(err.message).toMatch(/: the server answered HTTP 404 Not Found$/);
    expect(store.lastSync()).toMatchObject({ ok: false });
  });
});

describe('syncDraws through the Engine', () => {
  it('syncs from the URL in the settings', async () => {
    engine = new Engine({ dataDir: dir, now: () => NOW });
    const url = `${base}/ny.csv`;
    engine.settings.update({ sync: { url } });
    expect(engine.settings.get().sync.url).toBe(url);

    const result = await engine.handlers.syncDraws({});
    expect(result).toMatchObject({ format: 'ny_csv', url, rows: 3, inserted: 3 });
    expect(requests).toEqual(['/ny.csv']);
    expect(engine.handlers.getDrawSummary({})).toMatchObject({
      count: 3,
      first: '2025-10-04',
      last: '2025-10-08',
      current_era_count: 3,
      last_sync: { at: new Date(NOW).toISOString(), ok: true, error: null, inserted: 3 },
    });

    engine.settings.update({ sync: { url: `${base}/error` } });
    await expect(engine.handlers.syncDraws({})).rejects.toThrow(SyncError);
    expect(engine.draws.summary()).toMatchObject({ count: 3, last_sync: { ok: false } });
  });
});
