/**
 * Engine benchmark: bulk insert, in-process reads, REST throughput and retention cleanup,
 * then the generator (bench/generator.ts: cold and warm runs of the six modes, training times,
 * REST latency during a run), measured against the performance targets.
 *   npm run bench              full run (1,000,000 tickets, 10 s per REST load)
 *   npm run bench -- --quick   smoke run (100,000 tickets, 2 s per REST load)
 *   npm run bench -- --only engine | --only generator   one part only
 * Prints tables and writes bench-results/engine.json.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { closeDatabase, DB_FILE_NAME, openDatabase, type Db } from '../src/main/store/database';
import { DAY_MS, TicketStore } from '../src/main/store/ticket-store';
import { MODES, type Mode } from '../src/shared/powerball';
import type { CachedResponse } from '../src/shared/schemas';
import { fmtInt, makeBatches, round, summarize, table, type Summary } from './lib';
import { benchGenerator, GENERATOR_TARGETS, type Check } from './generator';
import type { ChildMessage } from './rest-server';

// ---------------------------------------------------------------- configuration

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results/engine.json' },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help) {
  console.log(
    'Usage: npm run bench -- [--quick] [--only engine|generator] [--out bench-results/engine.json]\n' +
      '  engine: insert, reads, REST, cleanup; generator: cold/warm runs of the six modes,\n' +
      '  training times and REST latency during a run (bench/generator.ts). Default: both.',
  );
  process.exit(0);
}
if (args.only !== undefined && args.only !== 'engine' && args.only !== 'generator') {
  console.error(`bench: --only must be engine or generator, got "${args.only}"`);
  process.exit(2);
}
const QUICK = args.quick === true;
const RUN_ENGINE = args.only !== 'generator';
const RUN_GENERATOR = args.only !== 'engine';

const CONFIG = {
  quick: QUICK,
  tickets: QUICK ? 100_000 : 1_000_000,
  batchSize: 1000,
  seed: 20_240_601,
  cachedCalls: QUICK ? 5_000 : 20_000,
  cachedWarmup: 2_000,
  runFilterCalls: QUICK ? 2_000 : 5_000,
  statsColdRepeats: 5,
  restConnections: 16,
  restDurationS: QUICK ? 2 : 10,
  restWarmupS: QUICK ? 0.5 : 1,
  retentionDays: 7,
  /** Expired tickets are created this long ago, well past the retention. */
  expiredAgeDays: 30,
  stallBaselineMs: 200,
} as const;

const TARGETS = {
  insertPerSec: 300_000,
  cached10P50Us: 20,
  cached100P50Us: 200,
  rest10Rps: 10_000,
  rest10P99Ms: 3,
  cleanupMs: 2_000,
  stallMs: 50,
} as const;

const log = (msg: string) => console.log(msg);
const section = (title: string) =>
  log(`\n== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`);
const us = (ns: number) => ns / 1000;
const fmt = (v: number, digits = 1) =>
  Number.isFinite(v)
    ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : String(v);

// ---------------------------------------------------------------- machine

function machineInfo(db: Db) {
  const cpus = os.cpus();
  return {
    cpu_model: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    available_parallelism: os.availableParallelism(),
    total_mem_gb: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sqlite: (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
    loadavg_start: os.loadavg().map((v) => round(v, 2)),
  };
}

// ---------------------------------------------------------------- 1. insert

interface InsertResult {
  tickets: number;
  batches: number;
  batch_size: number;
  generate_ms: number;
  insert_ms: number;
  tickets_per_sec: number;
  /** CPU time of this process during the inserts; less sensitive to a busy machine. */
  cpu_ms: number;
  tickets_per_cpu_sec: number;
  batch_ms: Summary;
  final_checkpoint_ms: number;
  db_mb: number;
  expired_tickets: number;
}

function benchInsert(
  store: TicketStore,
  db: Db,
  clock: Clock,
  file: string,
): { result: InsertResult; recentRuns: string[] } {
  const g0 = performance.now();
  const batches = makeBatches(CONFIG.tickets, CONFIG.batchSize, CONFIG.seed);
  const generateMs = performance.now() - g0;

  // The first half of the batches is created long ago (expired by the cleanup phase), the rest now.
  const expiredBatches = Math.floor(batches.length / 2);
  const oldBase = Date.now() - CONFIG.expiredAgeDays * DAY_MS;
  let expired = 0;
  const batchMs = new Float64Array(batches.length);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let b = 0; b < batches.length; b++) {
    const batch = batches[b]!;
    clock.fixed = b < expiredBatches ? oldBase + b : null;
    const s = performance.now();
    store.insertBatch(batch.tickets, batch.mode, batch.runId);
    batchMs[b] = performance.now() - s;
    if (b < expiredBatches) expired += batch.tickets.length;
  }
  const insertMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  clock.fixed = null;

  const c0 = performance.now();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const checkpointMs = performance.now() - c0;

  // The five newest runs that hold a batch of every mode (for the run-filter reads).
  const recentRuns: string[] = [];
  for (let b = batches.length - MODES.length; b >= 0 && recentRuns.length < 5; b--) {
    if (b % MODES.length === 0) recentRuns.push(batches[b]!.runId);
  }

  const result: InsertResult = {
    tickets: CONFIG.tickets,
    batches: batches.length,
    batch_size: CONFIG.batchSize,
    generate_ms: round(generateMs),
    insert_ms: round(insertMs),
    tickets_per_sec: Math.round(CONFIG.tickets / (insertMs / 1000)),
    cpu_ms: round(cpuMs),
    tickets_per_cpu_sec: Math.round(CONFIG.tickets / (cpuMs / 1000)),
    batch_ms: roundSummary(summarize(batchMs), 3),
    final_checkpoint_ms: round(checkpointMs),
    db_mb: round(statSync(file).size / 2 ** 20, 1),
    expired_tickets: expired,
  };
  return { result, recentRuns };
}

// ---------------------------------------------------------------- 2. in-process reads

/** Per-call latency in µs of `call`, after a warmup; cycles through `variants`. */
function timeCalls<T>(variants: readonly T[], calls: number, call: (v: T) => unknown): Summary {
  for (let i = 0; i < CONFIG.cachedWarmup; i++) call(variants[i % variants.length]!);
  const ns = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const v = variants[i % variants.length]!;
    const s = process.hrtime.bigint();
    call(v);
    ns[i] = Number(process.hrtime.bigint() - s);
  }
  const sm = summarize(ns);
  return roundSummary(
    {
      n: sm.n,
      min: us(sm.min),
      p50: us(sm.p50),
      p90: us(sm.p90),
      p99: us(sm.p99),
      max: us(sm.max),
      mean: us(sm.mean),
    },
    2,
  );
}

interface ReadResult {
  cached_limit10_us: Summary;
  cached_limit100_us: Summary;
  cached_run_filter_limit10_us: Summary;
  stats_cold_ms: Summary;
  stats_warm_us: Summary;
}

function benchReads(db: Db, store: TicketStore, runIds: readonly string[]): ReadResult {
  for (const mode of MODES) {
    for (const limit of [10, 100]) {
      const n = store.getCached(mode, limit).length;
      if (n !== limit) throw new Error(`getCached(${mode}, ${limit}) returned ${n} tickets`);
    }
  }
  const limit10 = timeCalls(MODES, CONFIG.cachedCalls, (m) => store.getCached(m, 10));
  const limit100 = timeCalls(MODES, CONFIG.cachedCalls, (m) => store.getCached(m, 100));

  // A run filter: recent runs (each run holds one batch per mode).
  const pairs: { mode: Mode; runId: string }[] = [];
  for (const runId of runIds) for (const mode of MODES) pairs.push({ mode, runId });
  const hits = store.getCached(pairs[0]!.mode, 10, { runId: pairs[0]!.runId }).length;
  if (hits !== 10) throw new Error(`getCached with a run filter returned ${hits} tickets`);
  const byRun = timeCalls(pairs, CONFIG.runFilterCalls, (p) =>
    store.getCached(p.mode, 10, { runId: p.runId }),
  );

  // getStats caches until the next write; a fresh store has no cache, so every first call is cold.
  const coldMs: number[] = [];
  let total = 0;
  for (let i = 0; i < CONFIG.statsColdRepeats; i++) {
    const fresh = new TicketStore(db);
    const s = performance.now();
    total = fresh.getStats().total_tickets;
    coldMs.push(performance.now() - s);
  }
  if (total !== CONFIG.tickets) throw new Error(`getStats counted ${total} tickets`);
  const warm = timeCalls([0], 10_000, () => store.getStats());

  return {
    cached_limit10_us: limit10,
    cached_limit100_us: limit100,
    cached_run_filter_limit10_us: byRun,
    stats_cold_ms: roundSummary(summarize(coldMs), 2),
    stats_warm_us: warm,
  };
}

// ---------------------------------------------------------------- 3. REST

interface RestRun {
  url: string;
  connections: number;
  duration_s: number;
  requests: number;
  req_per_sec: number;
  status_2xx: number;
  non_2xx: number;
  errors: number;
  timeouts: number;
  /** Exact, from every response's own timing (ms). */
  latency_ms: Summary;
  /** autocannon's own histogram (whole-millisecond buckets). */
  autocannon_latency_ms: { p50: number; p99: number; max: number };
  /** CPU time per request of the server process and of the load generator (µs). */
  server_cpu_us_per_req: number;
  loadgen_cpu_us_per_req: number;
}

interface RestChild {
  port: number;
  /** The child's CPU time so far (user + system, µs). */
  cpu: () => Promise<number>;
  stop: () => Promise<void>;
}

function startChild(dataDir: string, token: string): Promise<RestChild> {
  const child = fork(resolve(import.meta.dirname, 'rest-server.ts'), [dataDir], {
    env: { ...process.env, BENCH_TOKEN: token },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      if (child.connected) child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const cpuWaiters: ((us: number) => void)[] = [];
  const cpu = () =>
    new Promise<number>((done) => {
      cpuWaiters.push(done);
      child.send('cpu');
    });
  return new Promise((ok, fail) => {
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') ok({ port: m.port, cpu, stop });
      else if (m.type === 'cpu') cpuWaiters.shift()?.(m.usage.user + m.usage.system);
      else void stop().then(() => fail(new Error(`REST child failed: ${m.message}`)));
    });
    child.once('exit', (code) => fail(new Error(`REST child exited early (code ${code})`)));
  });
}

async function loadTest(
  child: RestChild,
  url: string,
  token: string,
  durationS: number,
): Promise<RestRun> {
  const latencies: number[] = [];
  const server0 = await child.cpu();
  const gen0 = process.cpuUsage();
  const run = await new Promise<Omit<RestRun, 'server_cpu_us_per_req' | 'loadgen_cpu_us_per_req'>>(
    (ok, fail) => {
      const instance = autocannon(
        {
          url,
          connections: CONFIG.restConnections,
          duration: durationS,
          pipelining: 1,
          headers: { authorization: `Bearer ${token}` },
        },
        (err, r) => {
          if (err) return fail(err);
          ok({
            url,
            connections: CONFIG.restConnections,
            duration_s: r.duration,
            requests: r.requests.total,
            req_per_sec: Math.round(r.requests.average),
            status_2xx: r['2xx'],
            non_2xx: r.non2xx,
            errors: r.errors,
            timeouts: r.timeouts,
            latency_ms: roundSummary(summarize(latencies), 3),
            autocannon_latency_ms: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
          });
        },
      );
      instance.on('response', (_client, status, _bytes, ms) => {
        if (status >= 200 && status < 300) latencies.push(ms);
      });
    },
  );
  const gen = process.cpuUsage(gen0);
  const server = (await child.cpu()) - server0;
  return {
    ...run,
    server_cpu_us_per_req: round(server / run.requests, 1),
    loadgen_cpu_us_per_req: round((gen.user + gen.system) / run.requests, 1),
  };
}

async function benchRest(dataDir: string): Promise<{ limit10: RestRun; limit100: RestRun }> {
  const token = randomBytes(24).toString('base64url');
  const child = await startChild(dataDir, token);
  try {
    const base = `http://127.0.0.1:${child.port}/api/v1/tickets/cached?mode=random&limit=`;
    for (const limit of [10, 100]) {
      const res = await fetch(base + limit, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as CachedResponse;
      if (res.status !== 200 || body.count !== limit) {
        throw new Error(`REST sanity check failed: ${res.status} ${JSON.stringify(body)}`);
      }
    }
    const out: RestRun[] = [];
    for (const limit of [10, 100]) {
      await loadTest(child, base + limit, token, CONFIG.restWarmupS);
      out.push(await loadTest(child, base + limit, token, CONFIG.restDurationS));
    }
    return { limit10: out[0]!, limit100: out[1]! };
  } finally {
    await child.stop();
  }
}

// ---------------------------------------------------------------- 4. cleanup

interface CleanupResult {
  retention_days: number;
  rows_before: number;
  rows_after: number;
  expected_deleted: number;
  deleted: number;
  deleted_ok: boolean;
  cleanup_ms: number;
  reads_during: number;
  /** Gaps between consecutive getCached reads on the same event loop while cleanup ran. */
  read_gap_ms: Summary;
  longest_stall_ms: number;
  gaps_over_16ms: number;
  gaps_over_50ms: number;
  baseline_longest_gap_ms: number;
}

async function benchCleanup(db: Db, store: TicketStore, expected: number): Promise<CleanupResult> {
  const count = () =>
    (db.prepare('SELECT COUNT(*) AS n FROM pre_generated_tickets').get() as { n: number }).n;
  const before = count();

  // Reader: getCached on a setImmediate loop, recording when each read finished.
  const readAt: number[] = [];
  let reading = true;
  let waiter: ((t: number) => void) | null = null;
  const reader = () => {
    if (!reading) return;
    store.getCached('random', 10);
    const t = performance.now();
    readAt.push(t);
    if (waiter) {
      waiter(t);
      waiter = null;
    }
    setImmediate(reader);
  };
  const nextRead = () => new Promise<number>((done) => (waiter = done));
  setImmediate(reader);
  await new Promise((done) => setTimeout(done, CONFIG.stallBaselineMs));

  const start = performance.now();
  const deleted = await store.clearOlderThan(CONFIG.retentionDays);
  const end = performance.now();
  await nextRead(); // the read after the last chunk closes the last gap
  reading = false;

  const baselineGaps: number[] = [];
  const gaps: number[] = [];
  for (let i = 1; i < readAt.length; i++) {
    const gap = readAt[i]! - readAt[i - 1]!;
    if (readAt[i]! <= start) baselineGaps.push(gap);
    else if (readAt[i - 1]! < end) gaps.push(gap); // the gap overlaps the cleanup
  }
  const after = count();
  const gapSummary = roundSummary(summarize(gaps), 3);
  return {
    retention_days: CONFIG.retentionDays,
    rows_before: before,
    rows_after: after,
    expected_deleted: expected,
    deleted,
    deleted_ok: deleted === expected && before - after === expected,
    cleanup_ms: round(end - start),
    reads_during: gaps.length,
    read_gap_ms: gapSummary,
    longest_stall_ms: gapSummary.max,
    gaps_over_16ms: gaps.filter((g) => g > 16).length,
    gaps_over_50ms: gaps.filter((g) => g > 50).length,
    baseline_longest_gap_ms: round(Math.max(0, ...baselineGaps), 3),
  };
}

// ---------------------------------------------------------------- helpers

interface Clock {
  /** A fixed "now" for inserts, or null for the real time. */
  fixed: number | null;
}

function roundSummary(s: Summary, digits: number): Summary {
  return {
    n: s.n,
    min: round(s.min, digits),
    p50: round(s.p50, digits),
    p90: round(s.p90, digits),
    p99: round(s.p99, digits),
    max: round(s.max, digits),
    mean: round(s.mean, digits),
  };
}

const latencyRow = (name: string, s: Summary, unit: string): string[] => [
  name,
  fmtInt(s.n),
  `${fmt(s.p50, 2)} ${unit}`,
  `${fmt(s.p90, 2)} ${unit}`,
  `${fmt(s.p99, 2)} ${unit}`,
  `${fmt(s.max, 2)} ${unit}`,
];
const LAT_HEAD = ['measure', 'samples', 'p50', 'p90', 'p99', 'max'];

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const began = performance.now();
  const dataDir = mkdtempSync(join(os.tmpdir(), 'shiol-bench-'));
  const file = join(dataDir, DB_FILE_NAME);
  const db = openDatabase(file);
  const clock: Clock = { fixed: null };
  const store = new TicketStore(db, () => clock.fixed ?? Date.now());

  try {
    const machine = machineInfo(db);
    section(`SHIOL+ Batch engine benchmark${QUICK ? ' (--quick)' : ''}`);
    log(
      table(
        ['machine', ''],
        [
          ['cpu', `${machine.cpu_model} x ${machine.cpus}`],
          ['memory', `${machine.total_mem_gb} GiB`],
          ['platform', machine.platform],
          ['node', machine.node],
          ['sqlite', machine.sqlite],
          ['load average (1/5/15 min)', machine.loadavg_start.join(' / ')],
          ['database', file],
        ],
      ),
    );

    const checks: Check[] = [];
    const results: Record<string, unknown> = {};
    if (RUN_ENGINE) {
      section(`1. insertBatch: ${fmtInt(CONFIG.tickets)} tickets, batches of ${CONFIG.batchSize}`);
      const { result: insert, recentRuns } = benchInsert(store, db, clock, file);
      log(
        table(
          ['measure', 'value'],
          [
            ['generate tickets (not timed)', `${fmt(insert.generate_ms, 0)} ms`],
            ['insert time', `${fmt(insert.insert_ms, 0)} ms`],
            ['insert throughput', `${fmtInt(insert.tickets_per_sec)} tickets/s`],
            [
              'insert CPU time (tickets per CPU-second)',
              `${fmt(insert.cpu_ms, 0)} ms (${fmtInt(insert.tickets_per_cpu_sec)}/s)`,
            ],
            [
              'per batch p50 / p99 / max',
              `${fmt(insert.batch_ms.p50, 2)} / ${fmt(insert.batch_ms.p99, 2)} / ${fmt(insert.batch_ms.max, 2)} ms`,
            ],
            ['final WAL checkpoint (not timed)', `${fmt(insert.final_checkpoint_ms, 0)} ms`],
            ['database size', `${fmt(insert.db_mb, 1)} MiB`],
          ],
        ),
      );

      section('2. in-process reads');
      const reads = benchReads(db, store, recentRuns);
      log(
        table(LAT_HEAD, [
          latencyRow('getCached(mode, 10)', reads.cached_limit10_us, 'µs'),
          latencyRow('getCached(mode, 100)', reads.cached_limit100_us, 'µs'),
          latencyRow('getCached(mode, 10, runId)', reads.cached_run_filter_limit10_us, 'µs'),
          latencyRow('getStats() cold (fresh store)', reads.stats_cold_ms, 'ms'),
          latencyRow('getStats() warm (memoised)', reads.stats_warm_us, 'µs'),
        ]),
      );

      section(
        `3. REST: ${CONFIG.restConnections} connections, ${CONFIG.restDurationS} s each, server in a child process`,
      );
      const rest = await benchRest(dataDir);
      const restRow = (name: string, r: RestRun) => [
        name,
        fmtInt(r.req_per_sec),
        fmtInt(r.requests),
        fmt(r.latency_ms.p50, 2),
        fmt(r.latency_ms.p99, 2),
        fmt(r.latency_ms.max, 2),
        `${r.autocannon_latency_ms.p50} / ${r.autocannon_latency_ms.p99}`,
        fmtInt(r.non_2xx),
        fmtInt(r.errors + r.timeouts),
        `${fmt(r.server_cpu_us_per_req, 0)} / ${fmt(r.loadgen_cpu_us_per_req, 0)}`,
      ];
      log(
        table(
          [
            'GET /api/v1/tickets/cached',
            'req/s',
            'requests',
            'p50 ms',
            'p99 ms',
            'max ms',
            'autocannon p50/p99',
            'non-2xx',
            'errors',
            'CPU µs/req server / client',
          ],
          [
            restRow('mode=random&limit=10', rest.limit10),
            restRow('mode=random&limit=100', rest.limit100),
          ],
        ),
      );
      log('(latency: exact per-response timings; autocannon column: its whole-ms histogram)');
      log(
        `(server CPU-bound ceiling at 1 core: ~${fmtInt(1e6 / rest.limit10.server_cpu_us_per_req)} req/s for limit=10, ` +
          `~${fmtInt(1e6 / rest.limit100.server_cpu_us_per_req)} req/s for limit=100)`,
      );

      section(
        `4. cleanup: clearOlderThan(${CONFIG.retentionDays}) of ${fmtInt(insert.expired_tickets)} expired tickets`,
      );
      const cleanup = await benchCleanup(db, store, insert.expired_tickets);
      log(
        table(
          ['measure', 'value'],
          [
            [
              'rows before / after',
              `${fmtInt(cleanup.rows_before)} / ${fmtInt(cleanup.rows_after)}`,
            ],
            [
              'deleted (expected)',
              `${fmtInt(cleanup.deleted)} (${fmtInt(cleanup.expected_deleted)}) ${cleanup.deleted_ok ? 'OK' : 'MISMATCH'}`,
            ],
            ['cleanup time', `${fmt(cleanup.cleanup_ms, 0)} ms`],
            ['reads during cleanup', fmtInt(cleanup.reads_during)],
            [
              'read gap p50 / p99 / max',
              `${fmt(cleanup.read_gap_ms.p50, 2)} / ${fmt(cleanup.read_gap_ms.p99, 2)} / ${fmt(cleanup.read_gap_ms.max, 2)} ms`,
            ],
            ['gaps > 16 ms / > 50 ms', `${cleanup.gaps_over_16ms} / ${cleanup.gaps_over_50ms}`],
            [
              'longest gap before cleanup (baseline)',
              `${fmt(cleanup.baseline_longest_gap_ms, 2)} ms`,
            ],
          ],
        ),
      );

      checks.push(
        {
          measure: 'insert throughput',
          value: `${fmtInt(insert.tickets_per_sec)} tickets/s`,
          target: `>= ${fmtInt(TARGETS.insertPerSec)} tickets/s`,
          met: insert.tickets_per_sec >= TARGETS.insertPerSec,
        },
        {
          measure: 'getCached limit 10 p50',
          value: `${fmt(reads.cached_limit10_us.p50, 2)} µs`,
          target: `<= ${TARGETS.cached10P50Us} µs`,
          met: reads.cached_limit10_us.p50 <= TARGETS.cached10P50Us,
        },
        {
          measure: 'getCached limit 100 p50',
          value: `${fmt(reads.cached_limit100_us.p50, 2)} µs`,
          target: `<= ${TARGETS.cached100P50Us} µs`,
          met: reads.cached_limit100_us.p50 <= TARGETS.cached100P50Us,
        },
        {
          measure: 'REST limit 10 throughput',
          value: `${fmtInt(rest.limit10.req_per_sec)} req/s`,
          target: `>= ${fmtInt(TARGETS.rest10Rps)} req/s`,
          met: rest.limit10.req_per_sec >= TARGETS.rest10Rps,
        },
        {
          measure: 'REST limit 10 p99',
          value: `${fmt(rest.limit10.latency_ms.p99, 2)} ms`,
          target: `<= ${TARGETS.rest10P99Ms} ms`,
          met: rest.limit10.latency_ms.p99 <= TARGETS.rest10P99Ms,
        },
        {
          measure: 'REST non-2xx + errors (both runs)',
          value: fmtInt(
            rest.limit10.non_2xx +
              rest.limit100.non_2xx +
              rest.limit10.errors +
              rest.limit100.errors +
              rest.limit10.timeouts +
              rest.limit100.timeouts,
          ),
          target: '0',
          met:
            rest.limit10.non_2xx + rest.limit100.non_2xx === 0 &&
            rest.limit10.errors + rest.limit100.errors === 0 &&
            rest.limit10.timeouts + rest.limit100.timeouts === 0,
        },
        {
          measure: 'cleanup time',
          value: `${fmt(cleanup.cleanup_ms, 0)} ms`,
          target: `<= ${fmtInt(TARGETS.cleanupMs)} ms`,
          met: cleanup.cleanup_ms <= TARGETS.cleanupMs,
        },
        {
          measure: 'cleanup longest read stall',
          value: `${fmt(cleanup.longest_stall_ms, 2)} ms`,
          target: `<= ${TARGETS.stallMs} ms`,
          met: cleanup.longest_stall_ms <= TARGETS.stallMs,
        },
        {
          measure: 'cleanup deleted rows',
          value: fmtInt(cleanup.deleted),
          target: `= ${fmtInt(cleanup.expected_deleted)}`,
          met: cleanup.deleted_ok,
        },
      );
      Object.assign(results, { insert, reads, rest, cleanup });
    }

    if (RUN_GENERATOR) {
      section('5. generator: six modes x 100 tickets in a real generator process');
      const generator = await benchGenerator({ quick: QUICK, log });
      checks.push(...generator.checks);
      results.generator = generator.result;
    }

    const totalS = (performance.now() - began) / 1000;
    const loadEnd = os.loadavg().map((v) => round(v, 2));
    section('summary');
    log(
      table(
        ['measure', 'value', 'target', 'met?'],
        checks.map((c) => [c.measure, c.value, c.target, c.met ? 'yes' : 'NO']),
      ),
    );
    const met = checks.filter((c) => c.met).length;
    log(
      `\n${met}/${checks.length} targets met; bench took ${fmt(totalS, 1)} s; ` +
        `load average now ${loadEnd.join(' / ')} on ${machine.cpus} CPUs`,
    );
    if (Math.max(machine.loadavg_start[0]!, loadEnd[0]!) > machine.cpus) {
      log('WARNING: the machine was busy (load average above the CPU count); figures are noisy.');
    }

    const out = resolve(args.out ?? 'bench-results/engine.json');
    mkdirSync(resolve(out, '..'), { recursive: true });
    writeFileSync(
      out,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: { ...machine, loadavg_end: loadEnd },
          config: CONFIG,
          targets: { ...TARGETS, generator: GENERATOR_TARGETS },
          results,
          summary: checks,
          targets_met: met,
          targets_total: checks.length,
          duration_s: round(totalS, 1),
        },
        null,
        2,
      ) + '\n',
    );
    log(`results written to ${out}`);
  } finally {
    closeDatabase(db);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`bench failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
