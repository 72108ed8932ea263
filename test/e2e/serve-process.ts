import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED_DRAWS = fileURLToPath(
  new URL('../../../shared/data/powerball-draws-2006-2025.csv', import.meta.url),
);

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  token: string;
  /** The address `npm run serve` prints for a browser, token included. */
  openUrl: string;
  /** Milliseconds from spawn to the start-up lines. */
  startMs: number;
  stop(): Promise<number | null>;
}

/**
 * The headless engine as `npm run serve` runs it once the renderer is built: Node with the
 * tsx loader in-process (so signals reach the engine itself, not a wrapper).
 */
export async function startServe(dataDir: string): Promise<ServeProcess> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main/serve.ts', '--data-dir', dataDir, '--port', '0', '--no-schedule'],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SHIOL_API_TOKEN: '' },
    },
  );
  let out = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const m = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const match = /Listening on (\S+)\nAPI token: (\S+)\nOpen (\S+)\n/.exec(out);
      if (match) resolve(match);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return {
    child,
    url: m[1]!,
    token: m[2]!,
    openUrl: m[3]!,
    startMs: performance.now() - t0,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
