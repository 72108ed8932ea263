import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, it, expect, afterEach } from 'vitest';
import { tempDir } from './helpers';

const repoRoot = path.resolve(__dirname, '../..');
const binDir = path.join(repoRoot, 'node_modules', '.bin');
const tsx = path.join(binDir, 'tsx');

interface Cli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (a signal death counts as -1). */
  exited: Promise<number>;
}

const children = new Set<ChildProcess>();
const dirs: string[] = [];

function newDir(): string {
  const dir = tempDir('shiol-serve-');
  dirs.push(dir);
  return dir;
}

function startCli(args: string[], env: Record<string, string | undefined> = {}): Cli {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    // tsx runs on `node` from PATH: make that the pinned Node 22.
    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`,
  };
  delete childEnv.SHIOL_API_TOKEN;
  delete childEnv.SHIOL_DATA_DIR;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  const child = spawn(tsx, ['src/main/serve.ts', ...args], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code ?? -1);
    });
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits for the start-up lines; fails with the output if the process ends first. */
async function started(cli: Cli): Promise<{ url: string; port: number; token: string }> {
  const ready = /Listening on (http:\/\/127\.0\.0\.1:(\d+))\n[\s\S]*API token: (\S+)\n/;
  for (;;) {
    const m = ready.exec(cli.stdout());
    if (m) return { url: m[1]!, port: Number(m[2]), token: m[3]! };
    const code = await Promise.race([
      cli.exited,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 50)),
    ]);
    if (code !== null) {
      throw new Error(`serve exited with ${code}\n${cli.stdout()}\n${cli.stderr()}`);
    }
  }
}

async function stop(cli: Cli): Promise<number> {
  cli.child.kill('SIGTERM');
  return cli.exited;
}

function expectCheckpointed(dataDir: string): void {
  expect(fs.existsSync(path.join(dataDir, 'shiol-batch.db'))).toBe(true);
  const wal = path.join(dataDir, 'shiol-batch.db-wal');
  if (fs.existsSync(wal)) expect(fs.statSync(wal).size).toBe(0);
}

afterEach(async () => {
  // Left over only when a test failed early. SIGTERM first: tsx passes it on to the engine
  // process it started, which a SIGKILL of tsx would orphan.
  for (const child of [...children]) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('headless serve CLI', () => {
  it('starts, serves health and authed routes, and stops cleanly on SIGTERM', async () => {
    const dataDir = newDir();
    const cli = startCli(['--data-dir', dataDir, '--port', '0']);
    const { url, port, token } = await started(cli);
    expect(port).toBeGreaterThan(0);
    expect(cli.stdout()).toContain(`data folder: ${dataDir}`);
    expect(token).toMatch(/^[\w-]{20,}$/);

    const health = await fetch(`${url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const noToken = await fetch(`${url}/api/v1/settings`);
    expect(noToken.status).toBe(401);
    const settings = await fetch(`${url}/api/v1/settings`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(settings.status).toBe(200);
    // The generated token is the stored one.
    expect(((await settings.json()) as { rest: { token: string } }).rest.token).toBe(token);

    // A write, so there is something in the WAL to checkpoint on the way out.
    const put = await fetch(`${url}/api/v1/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ batch_size: 321 }),
    });
    expect(put.status).toBe(200);

    expect(await stop(cli)).toBe(0);
    expect(cli.stdout()).toContain('SIGTERM: shutting down');
    expect(cli.stdout()).toContain('Stopped cleanly');
    expect(cli.stderr()).not.toMatch(/error/i);
    expectCheckpointed(dataDir);
  });

  it('keeps a generated token across restarts with the same data folder', async () => {
    const dataDir = newDir();
    const first = startCli(['--data-dir', dataDir, '--port', '0']);
    const { token } = await started(first);
    expect(await stop(first)).toBe(0);

    const second = startCli(['--data-dir', dataDir, '--port', '0']);
    const again = await started(second);
    expect(again.token).toBe(token);
    const res = await fetch(`${again.url}/api/v1/settings`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(await stop(second)).toBe(0);
    expectCheckpointed(dataDir);
  });

  it('uses SHIOL_API_TOKEN over the stored token, and will not replace it', async () => {
    const dataDir = newDir();
    const cli = startCli(['--data-dir', dataDir, '--port', '0'], {
      SHIOL_API_TOKEN: 'env-token-123',
    });
    const { url, token } = await started(cli);
    expect(token).toBe('env-token-123');

    const good = await fetch(`${url}/api/v1/tickets/batch-status`, {
      headers: { authorization: 'Bearer env-token-123' },
    });
    expect(good.status).toBe(200);
    const wrong = await fetch(`${url}/api/v1/tickets/batch-status`, {
      headers: { authorization: 'Bearer something-else' },
    });
    expect(wrong.status).toBe(401);

    // Regenerating would hand out a token the server does not accept.
    const regen = await fetch(`${url}/api/v1/settings/token`, {
      method: 'POST',
      headers: { authorization: 'Bearer env-token-123' },
    });
    expect(regen.status).toBe(409);
    const body = (await regen.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('token_fixed');
    expect(body.error.message).toContain('SHIOL_API_TOKEN');
    const still = await fetch(`${url}/api/v1/settings`, {
      headers: { authorization: 'Bearer env-token-123' },
    });
    expect(still.status).toBe(200);

    expect(await stop(cli)).toBe(0);
  });

  it('treats an empty SHIOL_API_TOKEN as unset', async () => {
    const cli = startCli(['--data-dir', newDir(), '--port', '0'], { SHIOL_API_TOKEN: '' });
    const { url, token } = await started(cli);
    expect(token).toMatch(/^[\w-]{20,}$/);
    const res = await fetch(`${url}/api/v1/settings`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(await stop(cli)).toBe(0);
  });

  it('exits 1 naming --port and its range for a port out of range or not a number', async () => {
    for (const port of ['70000', '-1', 'abc', '', '0x1f90', '1e3', '80.5']) {
      const dataDir = newDir();
      // `--port=X` so that "-1" is taken as the value, not as another option.
      const cli = startCli(['--data-dir', dataDir, `--port=${port}`]);
      expect(await cli.exited, `--port "${port}"`).toBe(1);
      expect(cli.stderr()).toContain('--port must be an integer from 0 to 65535');
      expect(cli.stderr()).toContain(`"${port}"`);
      expect(cli.stdout()).not.toContain('Listening');
    }
  });

  it('exits 1 for an empty --token', async () => {
    const cli = startCli(['--data-dir', newDir(), '--port', '0', '--token=']);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toContain('--token must not be empty');
    expect(cli.stdout()).not.toContain('Listening');
  });

  it('exits 1 with a clear message when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as net.AddressInfo;
      const dataDir = newDir();
      const cli = startCli(['--data-dir', dataDir, '--port', String(port)]);
      expect(await cli.exited).toBe(1);
      expect(cli.stderr()).toContain(`port ${port} is already in use`);
      expect(cli.stdout()).not.toContain('Listening');
      expectCheckpointed(dataDir);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
