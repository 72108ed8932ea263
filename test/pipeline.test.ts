import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Engine } from '../src/main/engine';
import { forkGenerator } from '../src/main/generator/node-spawn';
import { ApiError } from '../src/main/api-error';
import type { Run } from '../src/shared/schemas';
import { V1_STRATEGIES, type Mode } from '../src/shared/powerball';
import { SHARED_DRAWS, tempDir } from './helpers';

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

function openEngine(
  dataDir = tempDir().dir,
  extra: Partial<ConstructorParameters<typeof Engine>[0]> = {},
) {
  const engine = new Engine({ dataDir, spawnGenerator: forkGenerator(), ...extra });
  engines.push(engine);
  // Keep tests offline and deterministic: no sync step.
  engine.settings.update({ sync: { enabled: false } });
  return engine;
}

async function runToEnd(
  engine: Engine,
  req: Parameters<Engine['handlers']['generateTickets']>[0],
): Promise<Run> {
  const { run_id } = engine.handlers.generateTickets(req) as { run_id: string };
  await engine.pipeline!.idle();
  return engine.runs.get(run_id)!;
}

const FAST: Mode[] = ['random', 'v1', 'v2', 'random_forest'];

describe('runPipeline', () => {
  it('generates and stores a batch per mode, records the run and keeps metrics', async () => {
    const engine = openEngine();
    engine.handlers.importDraws({ text: readFileSync(SHARED_DRAWS, 'utf8') });
    const run = await runToEnd(engine, { modes: FAST, batch_size: 25, seed: 5 });
    expect(run.status).toBe('success');
    expect(run.seed).toBe(5);
    expect(run.modes.map((m) => [m.mode, m.status, m.tickets])).toEqual(
      FAST.map((m) => [m, 'success', 25]),
    );
    expect(run.steps.map((s) => [s.step, s.status])).toEqual([
      ['sync', 'skipped'],
      ['evaluate', 'ok'],
      ['generate', 'ok'],
      ['cleanup', 'ok'],
    ]);
    for (const m of FAST)
      expect(engine.tickets.getCached(m, 100, { runId: run.id })).toHaveLength(25);
    const metrics = engine.runs.metrics();
    expect(metrics).toMatchObject({
      total_runs: 1,
      successful_runs: 1,
      failed_runs: 0,
      last_run_status: 'success',
      tickets_generated: 100,
    });
    expect(metrics.by_mode.v2).toMatchObject({ total_tickets: 25, total_runs: 1 });
    expect(metrics.by_mode.v2!.avg_duration).toBeGreaterThan(0);
    expect(metrics.by_mode.lstm).toMatchObject({ total_tickets: 0, total_runs: 0 });
  });

  it('is reproducible: the same seed and draws give the same tickets', async () => {
    const engine = openEngine();
    engine.handlers.importDraws({ text: readFileSync(SHARED_DRAWS, 'utf8') });
    const a = await runToEnd(engine, { modes: FAST, batch_size: 10, seed: 99 });
    const b = await runToEnd(engine, { modes: FAST, batch_size: 10, seed: 99 });
    const c = await runToEnd(engine, { modes: ['random'], batch_size: 10, seed: 100 });
    const numbers = (runId: string, m: Mode) =>
      engine.tickets
        .getCached(m, 100, { runId })
        .map((t) => [...t.white_balls, t.powerball].join('-'))
        .sort();
    for (const m of FAST) expect(numbers(a.id, m)).toEqual(numbers(b.id, m));
    expect(numbers(c.id, 'random')).not.toEqual(numbers(a.id, 'random'));
    // The second run reused the trained models.
    expect(b.modes.find((m) => m.mode === 'random_forest')!.trained).toBe(false);
    // Each run records what it was given besides the seed; equal inputs here, as they must be.
    const drawCount = engine.draws.currentEra().length;
    expect(a.inputs).toMatchObject({ hybrid_ratio: 0.7, draws: drawCount });
    expect(a.inputs!.last_draw).toBe(engine.draws.summary().last);
    expect(Object.keys(a.inputs!.v1_weights).sort()).toEqual([...V1_STRATEGIES].sort());
    expect(b.inputs).toEqual(a.inputs);
    expect(engine.runs.get(a.id)!.inputs).toEqual(a.inputs);
  });

  it('allows one run at a time (409), and names a taken run id', async () => {
    const engine = openEngine();
    engine.handlers.importDraws({ text: readFileSync(SHARED_DRAWS, 'utf8') });
    engine.handlers.generateTickets({ modes: ['random'], pipeline_run_id: 'first' });
    expect(() => engine.handlers.generateTickets({ modes: ['random'] })).toThrow(ApiError);
    try {
      engine.handlers.generateTickets({});
    } catch (e) {
      expect((e as ApiError).status).toBe(409);
    }
    await engine.pipeline!.idle();
    expect(() => engine.handlers.generateTickets({ pipeline_run_id: 'first' })).toThrow(
      /already exists/,
    );
  });

  it('records a clear error for a mode that lacks history; the other modes go on (partial)', async () => {
    const engine = openEngine();
    const few = readFileSync(SHARED_DRAWS, 'utf8')
      .split('\n')
      .slice(0, 1)
      .concat(
        readFileSync(SHARED_DRAWS, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('2025-0')),
      );
    engine.handlers.importDraws({ text: few.join('\n') });
    const run = await runToEnd(engine, { modes: ['random', 'random_forest'], batch_size: 5 });
    expect(run.status).toBe('partial');
    const rf = run.modes.find((m) => m.mode === 'random_forest')!;
    expect(rf.status).toBe('failed');
    expect(rf.error).toMatch(/random_forest needs at least 150 draws .* and has \d+/);
    expect(run.error).toMatch(/random_forest:/);
    expect(engine.tickets.getCached('random_forest', 10)).toHaveLength(0);
    expect(engine.tickets.getCached('random', 10)).toHaveLength(5);
  });

  it('survives a SIGKILL of the generator: the run fails with the reason, nothing partial, the next run succeeds', async () => {
    const engine = openEngine();
    engine.handlers.importDraws({ text: readFileSync(SHARED_DRAWS, 'utf8') });
    let killed = false;
    engine.pipeline!.on('progress', (p) => {
      const started = p.modes.some((m) => m.phase === 'train' || m.phase === 'generate');
      if (!killed && started && engine.host!.pid) {
        killed = true;
        process.kill(engine.host!.pid, 'SIGKILL');
      }
    });
    const run = await runToEnd(engine, { modes: ['random_forest', 'v2'], batch_size: 200 });
    expect(killed).toBe(true);
    expect(['failed', 'partial']).toContain(run.status);
    expect(run.error).toMatch(/killed \(SIGKILL\)/);
    for (const m of run.modes) {
      const stored = engine.tickets.countByRun(run.id)[m.mode] ?? 0;
      expect(stored).toBe(m.status === 'success' ? 200 : 0);
      if (m.status !== 'success') expect(m.error).toMatch(/SIGKILL/);
    }
    const next = await runToEnd(engine, { modes: ['random_forest', 'v2'], batch_size: 20 });
    expect(next.status).toBe('success');
  });

  it('cancels a run: modes not finished are cancelled and the run says so', async () => {
    const engine = openEngine();
    engine.handlers.importDraws({ text: readFileSync(SHARED_DRAWS, 'utf8') });
    engine.settings.update({ max_workers: 1 });
    let asked = false;
    engine.pipeline!.on('progress', (p) => {
      if (!asked && p.modes.some((m) => m.phase === 'train')) {
        asked = true;
        expect(engine.handlers.cancelGeneration({})).toMatchObject({ cancelled: true });
      }
    });
    const run = await runToEnd(engine, { modes: ['random_forest', 'v2', 'v1'], batch_size: 50 });
    expect(run.status).toBe('cancelled');
    expect(run.modes.some((m) => m.status === 'cancelled')).toBe(true);
    expect(engine.handlers.cancelGeneration({})).toEqual({ cancelled: false, run_id: null });
  });

  it('marks a run left unfinished by a crash as interrupted at the next start', async () => {
    const { dir } = tempDir();
    const first = new Engine({ dataDir: dir });
    first.runs.create({
      id: 'cut-off',
      trigger: 'manual',
      seed: 1,
      batchSize: 5,
      modes: ['random'],
    });
    await first.close();
    const second = openEngine(dir);
    const run = second.runs.get('cut-off')!;
    expect(run.status).toBe('interrupted');
    expect(run.modes[0]!.status).toBe('failed');
    expect(second.runs.metrics().failed_runs).toBe(1);
  });

  it('cleans up by retention after generating, when auto_cleanup is on', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const engine = openEngine(tempDir().dir, { now: () => clock });
    engine.tickets.insertBatch(
      [{ white_balls: [1, 2, 3, 4, 5], powerball: 1, confidence: 0.5, strategy: 'uniform' }],
      'random',
      'old',
    );
    clock += 10 * 86_400_000;
    const run = await runToEnd(engine, { modes: ['random'], batch_size: 3 });
    expect(run.steps.find((s) => s.step === 'cleanup')!.detail).toMatch(
      /^1 tickets older than 7 days/,
    );
    expect(engine.tickets.countByRun('old')).toEqual({});
    engine.settings.update({ auto_cleanup: false });
    const run2 = await runToEnd(engine, { modes: ['random'], batch_size: 3 });
    expect(run2.steps.find((s) => s.step === 'cleanup')!.status).toBe('skipped');
  });
});

describe('automatic runs', () => {
  it('starts a first run when draws exist and the cache is empty, and catches up on a missed draw', async () => {
    const { dir } = tempDir();
    let clock = Date.UTC(2026, 2, 5, 12); // Thu
    const setup = new Engine({ dataDir: dir, now: () => clock });
    setup.handlers.importDraws({ text: readFileSync(SHARED_DRAWS, 'utf8') });
    setup.settings.update({ sync: { enabled: false }, enabled_modes: ['random'], batch_size: 4 });
    await setup.close();

    const first = openEngine(dir, { schedule: true, now: () => clock });
    expect(first.pipeline!.running).toBe(true);
    await first.pipeline!.idle();
    expect(first.runs.list(5).map((r) => [r.trigger, r.status])).toEqual([
      ['first-start', 'success'],
    ]);
    await first.close();
    engines.splice(engines.indexOf(first), 1);

    // Closed over Saturday's slot: the next start catches up once.
    clock = Date.UTC(2026, 2, 9, 12); // Mon noon
    const second = openEngine(dir, { schedule: true, now: () => clock });
    expect(second.pipeline!.running).toBe(true);
    await second.pipeline!.idle();
    expect(second.runs.list(5)[0]!.trigger).toBe('catch-up');
    const status = second.handlers.getGeneratorStatus({}) as { next_scheduled_run: string };
    expect(status.next_scheduled_run).toBe('2026-03-10T03:05:00.000Z');
    await second.close();
    engines.splice(engines.indexOf(second), 1);

    // Nothing missed since: no run at start.
    const third = openEngine(dir, { schedule: true, now: () => clock });
    expect(third.pipeline!.running).toBe(false);
  });
});
