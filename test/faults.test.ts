import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Engine } from '../src/main/engine';
import { DB_FILE_NAME } from '../src/main/store/database';
import { REPO_ROOT, SHARED_DRAWS, tempDir } from './helpers';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/**
 * Starts the headless engine as a real process and waits for its URL. Node runs it with the
 * tsx loader in-process: the tsx CLI would put a wrapper process between, and a SIGKILL of
 * the wrapper leaves the engine running.
 */
async function startServe(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/main/serve.ts',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--token',
      'tok',
      '--no-schedule',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return { child, url };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('engine killed during an insert', () => {
  it('restarts with an intact database, no partial batch and the run marked interrupted', async () => {
    const { dir } = tempDir();
    const { child, url } = await startServe(dir);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(url + path, { ...init, headers: { authorization: 'Bearer tok', ...init.headers } });
    expect(
      (
        await api('/api/v1/draws/import', {
          method: 'POST',
          body: readFileSync(SHARED_DRAWS, 'utf8'),
        })
      ).status,
    ).toBe(200);
    await api('/api/v1/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sync: { enabled: false } }),
    });
    const res = await api('/api/v1/tickets/generate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        modes: ['random', 'v1', 'v2', 'random_forest'],
        batch_size: 1000,
        seed: 1,
      }),
    });
    expect(res.status).toBe(202);
    const { run_id } = (await res.json()) as { run_id: string };
    const generatorPid = ((await (await api('/api/v1/generator/status')).json()) as { pid: number })
      .pid;
    expect(generatorPid).toBeGreaterThan(0);

    // Watch from a second connection; kill the engine as soon as the first batch lands,
    // while the other modes' batches are still arriving.
    const reader = new Database(join(dir, DB_FILE_NAME), { readonly: true });
    const count = reader.prepare('SELECT COUNT(*) AS n FROM pre_generated_tickets');
    const deadline = Date.now() + 60_000;
    while ((count.get() as { n: number }).n === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1));
    }
    child.kill('SIGKILL');
    reader.close();
    await new Promise((r) => child.once('exit', r));
    // The generator notices its parent is gone and exits too.
    for (let i = 0; i < 100 && alive(generatorPid); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(alive(generatorPid)).toBe(false);

    const engine = new Engine({ dataDir: dir });
    try {
      expect(engine.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const run = engine.runs.get(run_id)!;
      expect(run.status).toBe('interrupted');
      const stored = engine.tickets.countByRun(run_id);
      expect(Object.values(stored).length).toBeGreaterThan(0);
      for (const n of Object.values(stored)) expect(n).toBe(1000);
    } finally {
      await engine.close();
    }
  });
});
