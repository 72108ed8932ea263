/**
 * Child process for the REST benchmark: opens the benchmark's database through the real Engine,
 * serves it with the real REST server on a free port, and reports the port over IPC.
 *   forked by bench/run.ts with: <dataDir>; token in BENCH_TOKEN
 */
import { Engine } from '../src/main/engine';
import { startRestServer } from '../src/main/rest/server';

export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'cpu'; usage: NodeJS.CpuUsage }
  | { type: 'error'; message: string };

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  const token = process.env.BENCH_TOKEN;
  if (!dataDir || !token || !process.send) {
    throw new Error(
      'usage: fork bench/rest-server.ts <dataDir> with BENCH_TOKEN and an IPC channel',
    );
  }
  const engine = new Engine({ dataDir });
  const server = await startRestServer({ handlers: engine.handlers, token: () => token, port: 0 });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    engine.close();
    process.exit(0);
  };
  process.on('message', (m) => {
    if (m === 'stop') void stop();
    // CPU time so far, so the parent can work out the server's CPU cost per request.
    if (m === 'cpu')
      process.send?.({ type: 'cpu', usage: process.cpuUsage() } satisfies ChildMessage);
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.send({ type: 'ready', port: server.port } satisfies ChildMessage);
}

main().catch((err: Error) => {
  process.send?.({ type: 'error', message: err.message } satisfies ChildMessage);
  console.error(`bench rest-server: ${err.stack ?? err.message}`);
  process.exit(1);
});
