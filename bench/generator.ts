/**
 * Generator benchmark (issue 3, section 7): the real GeneratorHost with a real generator
 * process (forkGenerator, its worker_threads pool at max_workers = min(2, cores)) and the
 * current-era draws of ../shared/data.
 *   a. cold run: all six modes x 100 tickets in a fresh process with no saved models
 *   b. random_forest and lstm training time (trainMs of their batch messages in that run)
 *   c. warm runs: the same job again, models already trained (median of a few)
 *   d. the REST cached endpoint's p50/p99 while a cold pipeline run trains and generates: the
 *      real Engine + REST server + generator in a child (bench/generator-server.ts), loaded
 *      over loopback by autocannon from this process
 * Part of `npm run bench` (bench/run.ts); alone: `npx tsx bench/generator.ts [--quick]`.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { parseDrawFile } from '../src/main/draws/formats';
import { GeneratorHost } from '../src/main/generator/host';
import { forkGenerator } from '../src/main/generator/node-spawn';
import type { FromGenerator, HistoryDraw } from '../src/shared/generator-protocol';
import { CURRENT_ERA, MODES, type Mode } from '../src/shared/powerball';
import type { CachedResponse, Run } from '../src/shared/schemas';
import type { GenServerCommand, GenServerMessage } from './generator-server';
import { round, summarize, table, type Summary } from './lib';

export const DRAWS_FILE = fileURLToPath(
  new URL('../../shared/data/powerball-draws-2006-2025.csv', import.meta.url),
);

export const GENERATOR_TARGETS = {
  warmMs: 1_000,
  coldMs: 30_000,
  forestTrainMs: 10_000,
  lstmTrainMs: 15_000,
  restDuringRunP99Ms: 5,
} as const;

const BATCH = 100;
const SEED = 20_151_007;

export interface Check {
  measure: string;
  value: string;
  target: string;
  met: boolean;
}

interface ModeFigures {
  mode: Mode;
  ok: boolean;
  error?: string;
  train_ms: number | null;
  generate_ms: number | null;
  trained: boolean | null;
}

interface JobFigures {
  wall_ms: number;
  modes: ModeFigures[];
  max_concurrent: number;
}

interface RestDuringRun {
  load: RestLoad;
  requests: number;
  non_2xx: number;
  errors: number;
  timeouts: number;
  /** Exact per-response latency of the responses during the run (ms). */
  latency_ms: Summary;
  /** The same load with the generator idle, just before the run. */
  idle_latency_ms: Summary;
  run_wall_ms: number;
  run_status: Run['status'];
  run_modes: Run['modes'];
  /** The engine main thread's event-loop delay during the run (ms). */
  engine_loop_delay_ms: { p50: number; p99: number; max: number };
}

export interface GeneratorBenchResult {
  draws: number;
  batch_size: number;
  seed: number;
  max_workers: number;
  cold: JobFigures;
  forest_train_ms: number | null;
  lstm_train_ms: number | null;
  warm: JobFigures[];
  warm_median_ms: number;
  /** A fresh process with the models saved by the cold run: loads, never retrains. */
  restart: JobFigures;
  /** The first is the checked figure (one connection); the others are for context. */
  rest_during_run: RestDuringRun[];
  /** 1-minute load average at the start and end of this part (others' work makes it noisy). */
  loadavg: [number, number];
}

function currentEraDraws(): HistoryDraw[] {
  return parseDrawFile(readFileSync(DRAWS_FILE, 'utf8'))
    .draws.filter((d) => d.draw_date >= CURRENT_ERA.from)
    .sort((a, b) => a.draw_date.localeCompare(b.draw_date))
    .map((d) => ({ date: d.draw_date, whites: d.white_balls, powerball: d.powerball }));
}

/** One job of all six modes on the host; wall time from run() to the generator's 'done'. */
async function job(
  host: GeneratorHost,
  jobId: string,
  draws: HistoryDraw[],
  modelDir: string,
  maxWorkers: number,
): Promise<JobFigures> {
  const figures = new Map<Mode, ModeFigures>();
  const t0 = performance.now();
  const { maxConcurrent } = await host.run(
    {
      jobId,
      modes: [...MODES],
      batchSize: BATCH,
      seed: SEED,
      draws,
      options: { hybridRatio: 0.7, modelDir, maxWorkers },
    },
    {
      onProgress: () => {},
      onBatch: (m: Extract<FromGenerator, { type: 'batch' }>) => {
        const ok = m.tickets.length === BATCH;
        figures.set(m.mode, {
          mode: m.mode,
          ok,
          ...(ok ? {} : { error: `${m.tickets.length} tickets instead of ${BATCH}` }),
          train_ms: round(m.trainMs, 1),
          generate_ms: round(m.generateMs, 1),
          trained: m.trained,
        });
      },
      onModeFailed: (m) =>
        figures.set(m.mode, {
          mode: m.mode,
          ok: false,
          error: m.error,
          train_ms: null,
          generate_ms: null,
          trained: null,
        }),
    },
  );
  const wall = performance.now() - t0;
  return {
    wall_ms: round(wall, 1),
    max_concurrent: maxConcurrent,
    modes: MODES.map(
      (mode) =>
        figures.get(mode) ?? {
          mode,
          ok: false,
          error: 'no result',
          train_ms: null,
          generate_ms: null,
          trained: null,
        },
    ),
  };
}

interface GenChild {
  port: number;
  run(
    seed: number,
    batchSize: number,
  ): Promise<Extract<GenServerMessage, { type: 'run-finished' }>>;
  stop(): Promise<void>;
}

function startGenChild(dataDir: string, token: string): Promise<GenChild> {
  const child = fork(resolve(import.meta.dirname, 'generator-server.ts'), [dataDir, DRAWS_FILE], {
    env: { ...process.env, BENCH_TOKEN: token },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      if (child.connected) child.send('stop' satisfies GenServerCommand);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  };
  let finished: ((m: Extract<GenServerMessage, { type: 'run-finished' }>) => void) | null = null;
  return new Promise((ok, fail) => {
    child.on('message', (m: GenServerMessage) => {
      if (m.type === 'ready') {
        ok({
          port: m.port,
          stop,
          run: (seed, batchSize) =>
            new Promise((done) => {
              finished = done;
              child.send({ type: 'run', seed, batchSize } satisfies GenServerCommand);
            }),
        });
      } else if (m.type === 'run-finished') finished?.(m);
      else void stop().then(() => fail(new Error(`generator REST child failed: ${m.message}`)));
    });
    child.once('exit', (code) =>
      fail(new Error(`generator REST child exited early (code ${code})`)),
    );
  });
}

/** Loads `url` with autocannon until `until` settles; latencies of 2xx responses by time. */
async function hammer<T>(
  url: string,
  token: string,
  load: RestLoad,
  until: () => Promise<T>,
): Promise<{
  value: T;
  from: number;
  to: number;
  samples: { at: number; ms: number }[];
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}> {
  const samples: { at: number; ms: number }[] = [];
  let instance: autocannon.Instance | undefined;
  const result = new Promise<autocannon.Result>((ok, fail) => {
    instance = autocannon(
      {
        url,
        connections: load.connections,
        ...(load.rate ? { overallRate: load.rate } : {}),
        duration: 3600,
        pipelining: 1,
        headers: { authorization: `Bearer ${token}` },
      },
      (err, r) => (err ? fail(err) : ok(r)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) samples.push({ at: performance.now(), ms });
    });
  });
  // Let the connections open and warm up before the measured window.
  await new Promise((done) => setTimeout(done, 300));
  const from = performance.now();
  const value = await until();
  const to = performance.now();
  instance!.stop();
  const r = await result;
  return {
    value,
    from,
    to,
    samples,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

const roundSummary = (s: Summary, d = 3): Summary => ({
  n: s.n,
  min: round(s.min, d),
  p50: round(s.p50, d),
  p90: round(s.p90, d),
  p99: round(s.p99, d),
  max: round(s.max, d),
  mean: round(s.mean, d),
});

/** Closed-loop (as fast as the server answers) unless `rate` (requests/s over all connections). */
export interface RestLoad {
  connections: number;
  rate?: number;
}

export async function restDuringRun(quick: boolean, load: RestLoad): Promise<RestDuringRun> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'shiol-bench-gen-'));
  const token = randomBytes(24).toString('base64url');
  const child = await startGenChild(dataDir, token);
  try {
    const url = `http://127.0.0.1:${child.port}/api/v1/tickets/cached?mode=random&limit=10`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as CachedResponse;
    if (res.status !== 200 || body.count !== 10) {
      throw new Error(`REST sanity check failed: ${res.status} ${JSON.stringify(body)}`);
    }
    const idle = await hammer(
      url,
      token,
      load,
      () => new Promise((done) => setTimeout(done, quick ? 1000 : 3000)),
    );
    const during = await hammer(url, token, load, () => child.run(SEED, BATCH));
    const inWindow = during.samples.filter((s) => s.at >= during.from && s.at <= during.to);
    const idleWindow = idle.samples.filter((s) => s.at >= idle.from && s.at <= idle.to);
    const run = during.value;
    return {
      load,
      requests: inWindow.length,
      non_2xx: during.non2xx,
      errors: during.errors,
      timeouts: during.timeouts,
      latency_ms: roundSummary(summarize(inWindow.map((s) => s.ms))),
      idle_latency_ms: roundSummary(summarize(idleWindow.map((s) => s.ms))),
      run_wall_ms: round(run.wallMs, 1),
      run_status: run.run.status,
      run_modes: run.run.modes,
      engine_loop_delay_ms: run.loopDelayMs,
    };
  } finally {
    await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const fmtMs = (v: number | null) =>
  v === null ? '-' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;

function jobTable(label: string, j: JobFigures): string {
  return table(
    [`${label} (${fmtMs(j.wall_ms)} total)`, 'ok', 'train', 'generate', 'trained'],
    j.modes.map((m) => [
      m.mode,
      m.ok ? 'yes' : `NO: ${m.error}`,
      fmtMs(m.train_ms),
      fmtMs(m.generate_ms),
      m.trained === null ? '-' : String(m.trained),
    ]),
  );
}

/** Runs the generator benchmark, printing as it goes; returns its figures and target checks. */
export async function benchGenerator(opts: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<{ result: GeneratorBenchResult; checks: Check[] }> {
  const { log, quick } = opts;
  const load0 = os.loadavg()[0]!;
  const draws = currentEraDraws();
  const maxWorkers = Math.min(2, os.availableParallelism());
  const modelDir = mkdtempSync(join(os.tmpdir(), 'shiol-bench-models-'));
  const host = new GeneratorHost(forkGenerator(), { hangTimeoutMs: 120_000 });
  log(
    `${draws.length} current-era draws (${draws[0]?.date} .. ${draws.at(-1)?.date}), ` +
      `${MODES.length} modes x ${BATCH} tickets, max_workers ${maxWorkers}, seed ${SEED}`,
  );

  let cold: JobFigures;
  let warm: JobFigures[];
  let restart: JobFigures;
  try {
    cold = await job(host, 'bench-cold', draws, modelDir, maxWorkers);
    log(jobTable('a. cold: new process, no saved models', cold));
    warm = [];
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      warm.push(await job(host, `bench-warm-${i}`, draws, modelDir, maxWorkers));
    }
    log('');
    log(jobTable('c. warm: models already trained (last run)', warm.at(-1)!));
    log(`   warm runs: ${warm.map((w) => fmtMs(w.wall_ms)).join(', ')}`);
    host.stop('restart');
    restart = await job(host, 'bench-restart', draws, modelDir, maxWorkers);
    log('');
    log(jobTable('restart: new process, models saved on disk', restart));
  } finally {
    host.stop('the benchmark is done');
    rmSync(modelDir, { recursive: true, force: true });
  }

  // The checked figure: one connection sending back-to-back requests, so the latency is the
  // server's own answer time (no queueing behind other connections of the load). With more
  // connections the figure also measures queueing on a CPU the two generator workers share.
  const loads: RestLoad[] = quick ? [{ connections: 1 }] : [{ connections: 1 }, { connections: 4 }];
  const rests: RestDuringRun[] = [];
  for (const load of loads) {
    log(
      `\nd. REST GET /api/v1/tickets/cached?mode=random&limit=10, ${load.connections} connection(s) ` +
        'back to back, while a cold pipeline run (Engine + REST + generator in a child) trains and generates',
    );
    const rest = await restDuringRun(quick, load);
    rests.push(rest);
    log(
      table(
        ['REST latency', 'requests', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
        (
          [
            ['generator idle', rest.idle_latency_ms],
            ['during the cold run', rest.latency_ms],
          ] as const
        ).map(([name, x]) => [
          name,
          String(x.n),
          ...[x.p50, x.p90, x.p99, x.max].map((v) => v.toFixed(2)),
        ]),
      ),
    );
    log(
      `   run ${rest.run_status} in ${fmtMs(rest.run_wall_ms)}; engine event-loop delay p99 ` +
        `${rest.engine_loop_delay_ms.p99} ms, max ${rest.engine_loop_delay_ms.max} ms; ` +
        `non-2xx ${rest.non_2xx}, errors ${rest.errors + rest.timeouts}; ` +
        `load average ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} CPUs`,
    );
  }
  const rest = rests[0]!;

  const trainOf = (mode: Mode) => cold.modes.find((m) => m.mode === mode)?.train_ms ?? null;
  const warmSorted = warm.map((w) => w.wall_ms).sort((a, b) => a - b);
  const warmMedian = warmSorted[Math.floor((warmSorted.length - 1) / 2)]!;
  const result: GeneratorBenchResult = {
    draws: draws.length,
    batch_size: BATCH,
    seed: SEED,
    max_workers: maxWorkers,
    cold,
    forest_train_ms: trainOf('random_forest'),
    lstm_train_ms: trainOf('lstm'),
    warm,
    warm_median_ms: warmMedian,
    restart,
    rest_during_run: rests,
    loadavg: [round(load0, 2), round(os.loadavg()[0]!, 2)],
  };

  const allOk = (j: JobFigures) => j.modes.every((m) => m.ok);
  const T = GENERATOR_TARGETS;
  const checks: Check[] = [
    {
      measure: 'generator: cold run, 6 modes x 100 (training included)',
      value: fmtMs(cold.wall_ms),
      target: `<= ${fmtMs(T.coldMs)}`,
      met: allOk(cold) && cold.wall_ms <= T.coldMs,
    },
    {
      measure: 'generator: random_forest training',
      value: fmtMs(result.forest_train_ms),
      target: `<= ${fmtMs(T.forestTrainMs)}`,
      met: result.forest_train_ms !== null && result.forest_train_ms <= T.forestTrainMs,
    },
    {
      measure: 'generator: lstm training',
      value: fmtMs(result.lstm_train_ms),
      target: `<= ${fmtMs(T.lstmTrainMs)}`,
      met: result.lstm_train_ms !== null && result.lstm_train_ms <= T.lstmTrainMs,
    },
    {
      measure: `generator: warm run, 6 modes x 100 (median of ${warm.length})`,
      value: `${fmtMs(warmMedian)} (max ${fmtMs(warmSorted.at(-1)!)})`,
      target: `<= ${fmtMs(T.warmMs)}`,
      met:
        warm.every(allOk) &&
        warm.every((w) => w.modes.every((m) => !m.trained)) &&
        warmMedian <= T.warmMs,
    },
    {
      measure: `generator: REST cached p99 during a cold run (${rest.load.connections} conn.)`,
      value: `${rest.latency_ms.p99.toFixed(2)} ms (p50 ${rest.latency_ms.p50.toFixed(2)} ms)`,
      target: `<= ${T.restDuringRunP99Ms} ms`,
      met:
        rest.latency_ms.n > 0 &&
        rest.latency_ms.p99 <= T.restDuringRunP99Ms &&
        rest.non_2xx + rest.errors + rest.timeouts === 0 &&
        rest.run_status === 'success',
    },
  ];
  log('');
  log(
    table(
      ['generator measure', 'value', 'target', 'met?'],
      checks.map((c) => [c.measure, c.value, c.target, c.met ? 'yes' : 'NO']),
    ),
  );
  return { result, checks };
}

// Standalone: npx tsx bench/generator.ts [--quick]
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchGenerator({ quick: process.argv.includes('--quick'), log: (l) => console.log(l) }).then(
    ({ checks }) => {
      const met = checks.filter((c) => c.met).length;
      console.log(`\n${met}/${checks.length} generator targets met`);
    },
    (err: Error) => {
      console.error(`generator bench failed: ${err.stack ?? err.message}`);
      process.exit(1);
    },
  );
}
