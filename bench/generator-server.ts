/**
 * Child process for the generator benchmark's "REST during a run" figure: the real Engine with
 * a real generator process (forkGenerator) and the real REST server, over a fresh data folder
 * holding the draw history and some cached tickets (no saved models, so the run is cold).
 *   forked by bench/generator.ts with: <dataDir> <drawsFile>; token in BENCH_TOKEN
 * Parent -> child: { type: 'run', seed, batchSize } starts a pipeline run of all six modes;
 * 'stop' ends the child. Child -> parent: GenServerMessage.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { importDraws } from '../src/main/draws/import';
import { Engine } from '../src/main/engine';
import { forkGenerator } from '../src/main/generator/node-spawn';
import { startRestServer } from '../src/main/rest/server';
import { MODES } from '../src/shared/powerball';
import type { Run } from '../src/shared/schemas';
import { makeBatch, mulberry32 } from './lib';

export type GenServerMessage =
  | { type: 'ready'; port: number; currentEraDraws: number; cachedTickets: number }
  | {
      type: 'run-finished';
      run: Run;
      wallMs: number;
      /** The engine's main-thread event-loop delay while the run went on, in ms. */
      loopDelayMs: { p50: number; p99: number; max: number };
    }
  | { type: 'error'; message: string };
export type GenServerCommand = { type: 'run'; seed: number; batchSize: number } | 'stop';

const CACHED_TICKETS = 1000;

async function main(): Promise<void> {
  const [dataDir, drawsFile] = process.argv.slice(2);
  const token = process.env.BENCH_TOKEN;
  if (!dataDir || !drawsFile || !token || !process.send) {
    throw new Error(
      'usage: fork bench/generator-server.ts <dataDir> <drawsFile> with BENCH_TOKEN and IPC',
    );
  }
  const send = (m: GenServerMessage) => process.send!(m);
  const engine = new Engine({ dataDir, spawnGenerator: forkGenerator() });
  engine.settings.update({ sync: { enabled: false } });
  importDraws(engine.draws, readFileSync(drawsFile, 'utf8'));
  engine.tickets.insertBatch(
    makeBatch(mulberry32(1), 'random', CACHED_TICKETS, 1),
    'random',
    'bench-cached',
  );
  const server = await startRestServer({ handlers: engine.handlers, token: () => token, port: 0 });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await engine.close();
    process.exit(0);
  };
  process.on('message', (m: GenServerCommand) => {
    if (m === 'stop') return void stop();
    if (m.type !== 'run') return;
    const pipeline = engine.pipeline!;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const t0 = performance.now();
    const { run_id } = pipeline.start({ modes: [...MODES], batch_size: m.batchSize, seed: m.seed });
    void pipeline.idle().then(() => {
      const wallMs = performance.now() - t0;
      delay.disable();
      const ms = (ns: number) => Math.round(ns / 1e3) / 1e3;
      send({
        type: 'run-finished',
        run: engine.runs.get(run_id)!,
        wallMs,
        loopDelayMs: {
          p50: ms(delay.percentile(50)),
          p99: ms(delay.percentile(99)),
          max: ms(delay.max),
        },
      });
    });
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  send({
    type: 'ready',
    port: server.port,
    currentEraDraws: engine.draws.currentEra().length,
    cachedTickets: CACHED_TICKETS,
  });
}

main().catch((err: Error) => {
  process.send?.({ type: 'error', message: err.message } satisfies GenServerMessage);
  console.error(`bench generator-server: ${err.stack ?? err.message}`);
  process.exit(1);
});
