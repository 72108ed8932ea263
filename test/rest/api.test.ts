import fs from 'node:fs';
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { Engine } from '../../src/main/engine';
import { MODES } from '../../src/shared/powerball';
import {
  AUTH,
  DRAWS_CSV,
  closedPort,
  errorOf,
  json,
  makeTickets,
  startTestServer,
  type Reply,
  type TestServer,
} from './helpers';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface TicketBody {
  id: number;
  white_balls: number[];
  powerball: number;
  confidence: number;
  strategy: string;
  mode: string;
  pipeline_run_id: string | null;
  created_at: string;
}
interface CachedBody {
  mode: string;
  count: number;
  tickets: TicketBody[];
  cached: boolean;
  response_time_ms: number;
  db_stats: unknown;
}

describe('REST API', () => {
  let t: TestServer;
  let clock: number;

  beforeEach(async () => {
    clock = T0;
    t = await startTestServer({ now: () => clock });
  });

  afterEach(async () => {
    await t?.close();
    // No 500 anywhere; 502 only where a sync was meant to fail.
    expect(t.statuses.filter((s) => s >= 500 && s !== 502)).toEqual([]);
  });

  const get = (urlPath: string) => t.call(urlPath, { headers: AUTH });
  const put = (urlPath: string, body: unknown) => t.call(urlPath, { method: 'PUT', ...json(body) });
  const post = (urlPath: string, init: RequestInit = {}) =>
    t.call(urlPath, { method: 'POST', ...init, headers: { ...AUTH, ...init.headers } });
  const importCsv = (text: string) =>
    post('/api/v1/draws/import', { headers: { 'content-type': 'text/csv' }, body: text });

  const expectBad = (reply: Reply, field: string, message: RegExp) => {
    expect(reply.status, reply.text).toBe(400);
    const error = errorOf(reply);
    expect(error.code).toBe('invalid_parameter');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/is required/);
  };

  describe('GET /api/v1/tickets/cached', () => {
    it('defaults to random_forest and 10 tickets, newest first, with the ticket shape', async () => {
      t.engine.tickets.insertBatch(makeTickets(8), 'random_forest', 'run-old');
      clock += 60_000;
      t.engine.tickets.insertBatch(makeTickets(8, 20), 'random_forest', 'run-new');
      t.engine.tickets.insertBatch(makeTickets(5, 40), 'random', 'run-new');

      const reply = await get('/api/v1/tickets/cached');
      expect(reply.status).toBe(200);
      const body = reply.body as CachedBody;
      expect(body).toMatchObject({
        mode: 'random_forest',
        count: 10,
        cached: true,
        db_stats: null,
      });
      expect(typeof body.response_time_ms).toBe('number');
      expect(body.tickets).toHaveLength(10);

      for (const ticket of body.tickets) {
        expect(Object.keys(ticket).sort()).toEqual(
          [
            'confidence',
            'created_at',
            'id',
            'mode',
            'pipeline_run_id',
            'powerball',
            'strategy',
            'white_balls',
          ].sort(),
        );
        expect(ticket.mode).toBe('random_forest');
        expect(ticket.white_balls).toHaveLength(5);
        expect(ticket.white_balls.every((n) => Number.isInteger(n) && n >= 1 && n <= 69)).toBe(
          true,
        );
        expect(ticket.white_balls).toEqual([...ticket.white_balls].sort((a, b) => a - b));
        expect(new Set(ticket.white_balls).size).toBe(5);
        expect(Number.isInteger(ticket.powerball)).toBe(true);
        expect(ticket.powerball).toBeGreaterThanOrEqual(1);
        expect(ticket.powerball).toBeLessThanOrEqual(26);
        expect(ticket.confidence).toBe(0.5);
        expect(ticket.strategy).toBe('test');
        expect(ticket.created_at).toMatch(ISO_UTC);
      }
      // Newest first: the 8 of the later batch, then the 2 newest rows of the earlier one.
      expect(body.tickets.map((x) => x.pipeline_run_id)).toEqual([
        ...Array<string>(8).fill('run-new'),
        'run-old',
        'run-old',
      ]);
      expect(body.tickets[0]!.created_at).toBe(new Date(T0 + 60_000).toISOString());
      expect(body.tickets[9]!.created_at).toBe(new Date(T0).toISOString());
      const ids = body.tickets.map((x) => x.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      // The stored balls are the sorted ones handed over.
      expect(body.tickets[0]!.white_balls).toEqual([28, 30, 32, 34, 36]);
    });

    it('filters by mode, limit and run_id', async () => {
      t.engine.tickets.insertBatch(makeTickets(3), 'random', 'run-1');
      t.engine.tickets.insertBatch(makeTickets(4, 10), 'random', 'run-2');
      t.engine.tickets.insertBatch(makeTickets(2, 20), 'lstm', 'run-1');

      const random = (await get('/api/v1/tickets/cached?mode=random&limit=100')).body as CachedBody;
      expect(random.count).toBe(7);
      expect(random.tickets.every((x) => x.mode === 'random')).toBe(true);

      const two = (await get('/api/v1/tickets/cached?mode=random&limit=2')).body as CachedBody;
      expect(two.count).toBe(2);
      expect(two.tickets.every((x) => x.pipeline_run_id === 'run-2')).toBe(true);

      const run1 = (await get('/api/v1/tickets/cached?mode=random&run_id=run-1'))
        .body as CachedBody;
      expect(run1.count).toBe(3);
      expect(run1.tickets.every((x) => x.pipeline_run_id === 'run-1')).toBe(true);

      const none = (await get('/api/v1/tickets/cached?mode=v1')).body as CachedBody;
      expect(none).toMatchObject({ mode: 'v1', count: 0, tickets: [] });
    });

    it('includes db_stats only when asked', async () => {
      t.engine.tickets.insertBatch(makeTickets(3), 'random', 'run-1');
      clock += 1000;
      t.engine.tickets.insertBatch(makeTickets(2), 'hybrid', null);

      for (const flag of ['true', '1']) {
        const body = (await get(`/api/v1/tickets/cached?include_stats=${flag}`)).body as CachedBody;
        expect(body.db_stats).toEqual({
          total_tickets: 5,
          by_mode: { random_forest: 0, lstm: 0, v1: 0, v2: 0, hybrid: 2, random: 3 },
          oldest_ticket: new Date(T0).toISOString(),
          newest_ticket: new Date(T0 + 1000).toISOString(),
        });
        expect((await get('/api/v1/tickets/batch-status')).body).toEqual(body.db_stats);
      }
      for (const q of ['', '?include_stats=false', '?include_stats=0']) {
        const body = (await get(`/api/v1/tickets/cached${q}`)).body as CachedBody;
        expect(body.db_stats, q).toBeNull();
      }
    });

    it('rejects bad parameters with 400 naming the field and what it allows', async () => {
      const range = /limit must be an integer from 1 to 100/;
      for (const limit of ['0', '101', 'abc', '2.5', '-1', '']) {
        expectBad(await get(`/api/v1/tickets/cached?limit=${limit}`), 'limit', range);
      }
      const mode = await get('/api/v1/tickets/cached?mode=foo');
      expectBad(mode, 'mode', /^mode must be one of: /);
      for (const m of MODES) expect(errorOf(mode).message).toContain(m);

      expectBad(
        await get('/api/v1/tickets/cached?include_stats=maybe'),
        'include_stats',
        /include_stats must be true or false/,
      );
      expectBad(await get(`/api/v1/tickets/cached?run_id=${'x'.repeat(201)}`), 'run_id', /200/);
    });
  });

  it('GET /api/v1/tickets/batch-status has counts by mode and the age range', async () => {
    const empty = await get('/api/v1/tickets/batch-status');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({
      total_tickets: 0,
      by_mode: Object.fromEntries(MODES.map((m) => [m, 0])),
      oldest_ticket: null,
      newest_ticket: null,
    });

    t.engine.tickets.insertBatch(makeTickets(4), 'v2', 'run-1');
    const after = (await get('/api/v1/tickets/batch-status')).body as {
      total_tickets: number;
      by_mode: Record<string, number>;
      oldest_ticket: string;
      newest_ticket: string;
    };
    expect(after.total_tickets).toBe(4);
    expect(after.by_mode.v2).toBe(4);
    expect(after.oldest_ticket).toMatch(ISO_UTC);
    expect(after.newest_ticket).toBe(new Date(T0).toISOString());
  });

  describe('settings', () => {
    it('applies a partial update that persists across engines', async () => {
      const before = (await get('/api/v1/settings')).body as Record<string, unknown>;
      expect(before).toMatchObject({ batch_size: 100, retention_days: 7, rest: { port: 8000 } });

      const reply = await put('/api/v1/settings', {
        batch_size: 250,
        enabled_modes: ['random', 'lstm'],
        rest: { port: 8123 },
        sync: { timeout_ms: 5000 },
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        batch_size: 250,
        retention_days: 7,
        auto_cleanup: true,
        enabled_modes: ['random', 'lstm'],
        rest: { enabled: false, port: 8123 },
        sync: { enabled: true, timeout_ms: 5000, url: (before.sync as { url: string }).url },
      });
      expect((await get('/api/v1/settings')).body).toEqual(reply.body);

      const dataDir = t.dataDir;
      await t.close({ keepDir: true });
      const again = new Engine({ dataDir });
      try {
        expect(again.settings.get()).toEqual(reply.body);
      } finally {
        await again.close();
      }
      t = await startTestServer({ dataDir });
      expect((await get('/api/v1/settings')).body).toEqual(reply.body);
    });

    it('rejects out-of-range values naming the field, and applies nothing', async () => {
      const original = (await get('/api/v1/settings')).body;
      const cases: [unknown, string, RegExp][] = [
        [{ batch_size: 0 }, 'batch_size', /from 1 to 1000/],
        [{ batch_size: 1001 }, 'batch_size', /from 1 to 1000/],
        [{ batch_size: '10' }, 'batch_size', /from 1 to 1000/],
        [{ retention_days: 366 }, 'retention_days', /from 1 to 365/],
        [{ rest: { port: 70000 } }, 'rest.port', /rest\.port must be an integer from 0 to 65535/],
        [{ enabled_modes: [] }, 'enabled_modes', /at least one mode/],
        [{ enabled_modes: ['bogus'] }, 'enabled_modes.0', /must be one of: random_forest/],
        [{ enabled_modes: ['random', 'random'] }, 'enabled_modes', /repeat/],
        [{ sync: { url: 'ftp://example.com/x' } }, 'sync.url', /http or https/],
        [{ sync: { timeout_ms: 10 } }, 'sync.timeout_ms', /from 1000 to 120000/],
        [{ auto_cleanup: 'yes' }, 'auto_cleanup', /true or false/],
      ];
      for (const [patch, field, message] of cases) {
        // A valid change rides along: it must not be applied either.
        const reply = await put('/api/v1/settings', { retention_days: 30, ...(patch as object) });
        expectBad(reply, field, message);
      }
      expect((await get('/api/v1/settings')).body).toEqual(original);
      expect(t.engine.settings.get().retention_days).toBe(7);
    });

    it('rejects unknown keys, the token, malformed JSON and non-JSON bodies', async () => {
      const original = (await get('/api/v1/settings')).body;

      const unknown = await put('/api/v1/settings', { batch_size: 5, colour: 'red' });
      expect(unknown.status).toBe(400);
      expect(errorOf(unknown)).toMatchObject({ field: 'colour' });
      expect(errorOf(unknown).message).toMatch(/not a known field/);

      const nested = await put('/api/v1/settings', { rest: { token: 'mine' } });
      expect(nested.status).toBe(400);
      expect(errorOf(nested).field).toBe('rest.token');

      for (const body of ['{"batch_size": 5', '', 'batch_size=5']) {
        const reply = await t.call('/api/v1/settings', {
          method: 'PUT',
          headers: { ...AUTH, 'content-type': 'application/json' },
          body,
        });
        expect(reply.status, body).toBe(400);
        expect(errorOf(reply).message).toMatch(/JSON/);
      }
      for (const body of ['null', '[]', '5']) {
        const reply = await t.call('/api/v1/settings', {
          method: 'PUT',
          headers: { ...AUTH, 'content-type': 'application/json' },
          body,
        });
        expect(reply.status, body).toBe(400);
        expect(errorOf(reply).message).toMatch(/expected object/);
      }

      for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
        const reply = await t.call('/api/v1/settings', {
          method: 'PUT',
          headers: { ...AUTH, 'content-type': type },
          body: JSON.stringify({ batch_size: 5 }),
        });
        expect(reply.status, type).toBe(415);
        expect(errorOf(reply)).toMatchObject({ code: 'unsupported_media_type' });
        expect(errorOf(reply).message).toContain('application/json');
      }
      expect((await get('/api/v1/settings')).body).toEqual(original);
    });

    it('POST /api/v1/settings/token replaces the token in use', async () => {
      await t.close();
      t = await startTestServer({ token: (engine) => engine.settings.ensureToken() });
      const first = t.engine.settings.ensureToken();
      const oldAuth = { authorization: `Bearer ${first}` };
      expect((await t.call('/api/v1/settings', { headers: oldAuth })).status).toBe(200);

      const reply = await t.call('/api/v1/settings/token', { method: 'POST', headers: oldAuth });
      expect(reply.status).toBe(200);
      const { token } = reply.body as { token: string };
      expect(token).toMatch(/^[\w-]{20,}$/);
      expect(token).not.toBe(first);

      const stale = await t.call('/api/v1/settings', { headers: oldAuth });
      expect(stale.status).toBe(401);
      const fresh = await t.call('/api/v1/settings', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(fresh.status).toBe(200);
      expect((fresh.body as { rest: { token: string } }).rest.token).toBe(token);
    });
  });

  describe('draws', () => {
    const csv = () => fs.readFileSync(DRAWS_CSV, 'utf8');

    it('imports the real history, lists it newest first and summarises it', async () => {
      const reply = await importCsv(csv());
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        format: 'shiol_csv',
        rows: 2235,
        inserted: 2235,
        updated: 0,
        unchanged: 0,
        skipped: 0,
      });

      const list = await get('/api/v1/draws?limit=3');
      expect(list.status).toBe(200);
      const { count, draws } = list.body as {
        count: number;
        draws: { draw_date: string; white_balls: number[]; era: number }[];
      };
      expect(count).toBe(3);
      expect(draws.map((d) => d.draw_date)).toEqual(
        [...draws.map((d) => d.draw_date)].sort().reverse(),
      );
      expect(draws[0]!.draw_date).toBe('2025-10-04');
      for (const d of draws) {
        expect(d.era).toBe(4);
        expect(d.white_balls).toEqual([...d.white_balls].sort((a, b) => a - b));
      }

      const summary = await get('/api/v1/draws/summary');
      expect(summary.status).toBe(200);
      const s = summary.body as {
        count: number;
        first: string;
        last: string;
        by_era: Record<string, number>;
        current_era_count: number;
        last_sync: unknown;
      };
      expect(s.count).toBe(2235);
      expect(s.first).toBe('2006-05-31');
      expect(s.last).toBe('2025-10-04');
      expect(Object.keys(s.by_era).sort()).toEqual(['1', '2', '3', '4']);
      expect(Object.values(s.by_era).reduce((a, b) => a + b, 0)).toBe(2235);
      expect(s.by_era['4']).toBe(1259);
      expect(s.current_era_count).toBe(1259);
      expect(s.last_sync).toBeNull();

      // Idempotent: the same file again changes nothing.
      const again = await importCsv(csv());
      expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 2235 });
    });

    it('rejects a malformed CSV with its line number and imports nothing', async () => {
      const lines = csv().split('\n');
      const cells = lines[100]!.split(',');
      cells[6] = 'x';
      lines[100] = cells.join(',');
      const reply = await importCsv(lines.join('\n'));
      expect(reply.status).toBe(400);
      const error = errorOf(reply);
      expect(error.code).toBe('invalid_file');
      expect(error.field).toBe('text');
      expect(error.message).toMatch(/^line 101: /);
      expect(error.message).toMatch(/Powerball "x"/);
      expect(((await get('/api/v1/draws/summary')).body as { count: number }).count).toBe(0);

      const header = await importCsv('date;white;powerball\n2020-01-01;1;2\n');
      expect(header.status).toBe(400);
      expect(errorOf(header).message).toMatch(/^line 1: unrecognized header/);
    });

    it('rejects an empty body', async () => {
      const empty = await importCsv('');
      expect(empty.status).toBe(400);
      expect(errorOf(empty)).toMatchObject({ field: 'text' });
      expect(errorOf(empty).message).toMatch(/empty/);

      const blank = await importCsv('\n  \n');
      expect(blank.status).toBe(400);
      expect(errorOf(blank).message).toMatch(/empty/);
    });

    it('answers 502 with a clear message when the sync server is unreachable', async () => {
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}/x.csv`;
      const set = await put('/api/v1/settings', { sync: { url } });
      expect(set.status).toBe(200);

      const reply = await post('/api/v1/draws/sync');
      expect(reply.status).toBe(502);
      const error = errorOf(reply);
      expect(error.code).toBe('sync_failed');
      expect(error.message).toContain(`127.0.0.1:${port}`);
      expect(error.message).toMatch(/nothing was changed/);
      expect(error.message).toMatch(/could not connect \(ECONNREFUSED\)/);

      const summary = (await get('/api/v1/draws/summary')).body as {
        count: number;
        last_sync: { ok: boolean; error: string; at: string };
      };
      expect(summary.count).toBe(0);
      expect(summary.last_sync).toMatchObject({ ok: false, error: error.message });
      expect(summary.last_sync.at).toMatch(ISO_UTC);
    });

    it('rejects bad list parameters', async () => {
      expectBad(await get('/api/v1/draws?limit=0'), 'limit', /from 1 to 5000/);
      expectBad(await get('/api/v1/draws?limit=5001'), 'limit', /from 1 to 5000/);
    });
  });

  describe('runs', () => {
    const createRun = (id: string, modes: ('random' | 'lstm')[] = ['random']) =>
      t.engine.runs.create({ id, trigger: 'manual', seed: 42, batchSize: 50, modes });

    it('lists runs newest first and gets one', async () => {
      createRun('run-1', ['random', 'lstm']);
      clock += 1000;
      createRun('run-2');

      const list = await get('/api/v1/runs');
      expect(list.status).toBe(200);
      const { count, runs } = list.body as { count: number; runs: { id: string }[] };
      expect(count).toBe(2);
      expect(runs.map((r) => r.id)).toEqual(['run-2', 'run-1']);
      expect(((await get('/api/v1/runs?limit=1')).body as { count: number }).count).toBe(1);
      expectBad(await get('/api/v1/runs?limit=501'), 'limit', /from 1 to 500/);

      const one = await get('/api/v1/runs/run-1');
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        id: 'run-1',
        status: 'running',
        trigger: 'manual',
        seed: 42,
        batch_size: 50,
        modes: [
          { mode: 'random', status: 'running', tickets: 0, duration_ms: null, error: null },
          { mode: 'lstm', status: 'running', tickets: 0, duration_ms: null, error: null },
        ],
        tickets_generated: 0,
        started_at: new Date(T0).toISOString(),
        finished_at: null,
        duration_ms: null,
        error: null,
      });

      const odd = 'run 3/ü';
      createRun(odd);
      const encoded = await get(`/api/v1/runs/${encodeURIComponent(odd)}`);
      expect(encoded.status).toBe(200);
      expect((encoded.body as { id: string }).id).toBe(odd);

      const missing = await get('/api/v1/runs/nope');
      expect(missing.status).toBe(404);
      expect(errorOf(missing)).toMatchObject({ code: 'not_found', field: 'id' });
      expect(errorOf(missing).message).toContain('nope');

      expectBad(await get(`/api/v1/runs/${'x'.repeat(201)}`), 'id', /at most 200/);
    });

    it('DELETE removes the run and only its tickets', async () => {
      createRun('run-1', ['random', 'lstm']);
      createRun('run-2');
      t.engine.tickets.insertBatch(makeTickets(3), 'random', 'run-1');
      t.engine.tickets.insertBatch(makeTickets(2), 'lstm', 'run-1');
      t.engine.tickets.insertBatch(makeTickets(4, 10), 'random', 'run-2');

      const del = await t.call('/api/v1/runs/run-1', { method: 'DELETE', headers: AUTH });
      expect(del.status).toBe(200);
      expect(del.body).toEqual({ id: 'run-1', tickets_deleted: 5 });

      expect((await get('/api/v1/runs/run-1')).status).toBe(404);
      const gone = (await get('/api/v1/tickets/cached?mode=random&run_id=run-1'))
        .body as CachedBody;
      expect(gone.count).toBe(0);
      const kept = (await get('/api/v1/tickets/cached?mode=random&run_id=run-2'))
        .body as CachedBody;
      expect(kept.count).toBe(4);
      expect(((await get('/api/v1/runs')).body as { count: number }).count).toBe(1);
      expect(
        ((await get('/api/v1/tickets/batch-status')).body as { total_tickets: number })
          .total_tickets,
      ).toBe(4);

      const again = await t.call('/api/v1/runs/run-1', { method: 'DELETE', headers: AUTH });
      expect(again.status).toBe(404);
      expect(errorOf(again).code).toBe('not_found');
      const unknown = await t.call('/api/v1/runs/never', { method: 'DELETE', headers: AUTH });
      expect(unknown.status).toBe(404);
    });

    it('DELETE also removes tickets whose run row is missing', async () => {
      t.engine.tickets.insertBatch(makeTickets(2), 'random', 'orphan');
      const del = await t.call('/api/v1/runs/orphan', { method: 'DELETE', headers: AUTH });
      expect(del.status).toBe(200);
      expect(del.body).toEqual({ id: 'orphan', tickets_deleted: 2 });
    });
  });
});
