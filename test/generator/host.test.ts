import { afterEach, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { constants, getPriority } from 'node:os';
import { join } from 'node:path';
import type { FromGenerator, GenerateJob } from '../../src/shared/generator-protocol';
import type { Mode } from '../../src/shared/powerball';
import {
  GeneratorFailure,
  GeneratorHost,
  type HostOptions,
  type JobListener,
} from '../../src/main/generator/host';
import { forkGenerator } from '../../src/main/generator/node-spawn';
import { biasedDraws, REPO_ROOT, tempDir } from '../helpers';

const hosts: GeneratorHost[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.stop();
});

function newHost(opts = {}) {
  const host = new GeneratorHost(forkGenerator(), opts);
  hosts.push(host);
  return host;
}

const draws = biasedDraws(300);
const job = (
  jobId: string,
  modes: Mode[],
  extra: Partial<GenerateJob> = {},
): Omit<GenerateJob, 'type'> => ({
  jobId,
  modes,
  batchSize: 20,
  seed: 11,
  draws,
  options: { hybridRatio: 0.7, modelDir: tempDir().dir, maxWorkers: 2 },
  ...extra,
});

/** A host over a misbehaving stand-in generator from test/fixtures; tells how it ended. */
function fixtureHost(file: string, opts: HostOptions) {
  let child: ChildProcess | null = null;
  const host = new GeneratorHost(() => {
    const c = fork(join(REPO_ROOT, 'test/fixtures', file), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = c;
    return {
      pid: c.pid,
      send: (m) => c.connected && c.send(m),
      onMessage: (fn) => c.on('message', (m) => fn(m as FromGenerator)),
      onExit: (fn) => c.on('exit', fn),
      kill: () => c.kill('SIGKILL'),
    };
  }, opts);
  hosts.push(host);
  const killedBy = async () => {
    const c = child!;
    if (c.exitCode === null && c.signalCode === null) await once(c, 'exit');
    return c.signalCode;
  };
  return { host, killedBy };
}

function collect() {
  const batches: Extract<FromGenerator, { type: 'batch' }>[] = [];
  const failed: Extract<FromGenerator, { type: 'mode-failed' }>[] = [];
  const progress: Extract<FromGenerator, { type: 'progress' }>[] = [];
  const listener: JobListener = {
    onBatch: (m) => batches.push(m),
    onModeFailed: (m) => failed.push(m),
    onProgress: (m) => progress.push(m),
  };
  return { batches, failed, progress, listener };
}

describe('GeneratorHost with a real generator process', () => {
  it('runs modes in a separate process and returns valid batches', async () => {
    const host = newHost();
    const c = collect();
    await host.run(job('j1', ['random', 'v1']), c.listener);
    expect(host.pid).not.toBe(process.pid);
    expect(host.pid).toBeGreaterThan(0);
    expect(c.failed).toEqual([]);
    expect(c.batches.map((b) => b.mode).sort()).toEqual(['random', 'v1']);
    for (const b of c.batches) expect(b.tickets).toHaveLength(20);
    expect(c.progress.some((p) => p.phase === 'generate')).toBe(true);
  });

  it('runs the generator and its worker threads below normal priority, so main stays responsive', async () => {
    const host = newHost();
    await host.run(job('p1', ['random', 'v1']), collect().listener);
    const pid = host.pid!;
    expect(getPriority(pid)).toBe(constants.priority.PRIORITY_BELOW_NORMAL);
    expect(getPriority(process.pid)).toBe(constants.priority.PRIORITY_NORMAL);
    if (process.platform === 'linux') {
      // Linux keeps a nice value per thread: every thread of the process, workers included.
      const nice = readdirSync(`/proc/${pid}/task`).map((tid) => {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
      expect(nice.length).toBeGreaterThan(2);
      expect(new Set(nice)).toEqual(new Set([constants.priority.PRIORITY_BELOW_NORMAL]));
    }
  });

  it('never runs more modes at once than max_workers', async () => {
    const host = newHost();
    const modes: Mode[] = ['random', 'v1', 'v2', 'random_forest', 'hybrid'];
    const one = await host.run(
      job('w1', modes, { options: { hybridRatio: 0.7, modelDir: tempDir().dir, maxWorkers: 1 } }),
      collect().listener,
    );
    expect(one.maxConcurrent).toBe(1);
    const two = await host.run(
      job('w2', modes, { options: { hybridRatio: 0.7, modelDir: tempDir().dir, maxWorkers: 2 } }),
      collect().listener,
    );
    expect(two.maxConcurrent).toBe(2);
    // A request for more is capped at two cores.
    const many = await host.run(
      job('w3', modes, { options: { hybridRatio: 0.7, modelDir: tempDir().dir, maxWorkers: 8 } }),
      collect().listener,
    );
    expect(many.maxConcurrent).toBeLessThanOrEqual(2);
  });

  it('reports a mode that lacks history as failed while the others go on', async () => {
    const host = newHost();
    const c = collect();
    await host.run(
      job('few', ['random', 'random_forest'], { draws: draws.slice(0, 10) }),
      c.listener,
    );
    expect(c.batches.map((b) => b.mode)).toEqual(['random']);
    expect(c.failed).toHaveLength(1);
    expect(c.failed[0]!.mode).toBe('random_forest');
    expect(c.failed[0]!.error).toMatch(/random_forest needs at least \d+ draws/);
  });

  it('fails the job when the process is killed, and starts a fresh one for the next job', async () => {
    const host = newHost();
    const c = collect();
    let killed: number | null = null;
    c.listener.onProgress = () => {
      if (killed === null && host.pid) {
        killed = host.pid;
        process.kill(host.pid, 'SIGKILL');
      }
    };
    const failing = host.run(job('k1', ['random_forest', 'v2'], { batchSize: 200 }), c.listener);
    await expect(failing).rejects.toThrow(GeneratorFailure);
    await expect(failing).rejects.toThrow(/killed \(SIGKILL\)/);
    expect(killed).not.toBeNull();
    const next = collect();
    await host.run(job('k2', ['random']), next.listener);
    expect(next.batches).toHaveLength(1);
    expect(host.pid).not.toBe(killed);
  });

  it('detects a job that stalls while the process still answers', async () => {
    const { host, killedBy } = fixtureHost('stalled-generator.mjs', {
      hangTimeoutMs: 60_000,
      stallTimeoutMs: 1500,
    });
    await expect(host.run(job('s1', ['random']), collect().listener)).rejects.toThrow(
      /no mode made progress for 2 s/,
    );
    expect(await killedBy()).toBe('SIGKILL');
  });

  it('detects a hung process, kills it and says so', async () => {
    const { host, killedBy } = fixtureHost('hung-generator.mjs', { hangTimeoutMs: 1500 });
    await expect(host.run(job('h1', ['random']), collect().listener)).rejects.toThrow(
      /stopped responding for 2 s/,
    );
    expect(await killedBy()).toBe('SIGKILL');
  });

  it('cancels a running job: its modes are reported cancelled', async () => {
    const host = newHost();
    const c = collect();
    let sent = false;
    c.listener.onProgress = () => {
      if (!sent) {
        sent = true;
        host.cancel('c1');
      }
    };
    await host.run(job('c1', ['random_forest', 'v2'], { batchSize: 300 }), c.listener);
    expect(c.failed.length + c.batches.length).toBe(2);
    expect(c.failed.some((f) => f.cancelled)).toBe(true);
    // The process survives a cancel and takes the next job.
    const next = collect();
    await host.run(job('c2', ['random']), next.listener);
    expect(next.batches).toHaveLength(1);
  });
});
