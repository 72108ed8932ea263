import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import {
  generatorEnv,
  GENERATOR_SERVICE_NAME,
  utilityGenerator,
  type UtilityChild,
} from '../../src/main/electron/utility-spawn';
import { GeneratorHost } from '../../src/main/generator/host';
import { defaultGeneratorEntry } from '../../src/main/generator/node-spawn';
import type { FromGenerator } from '../../src/shared/generator-protocol';
import { biasedDraws, tempDir } from '../helpers';
import { fakeUtilityProcess, killUtilityChildren } from './fakes';

afterEach(killUtilityChildren);

describe('utilityGenerator', () => {
  it('forks the entry as a named service and runs a real job through GeneratorHost', async () => {
    const { api, forks } = fakeUtilityProcess();
    const entry = defaultGeneratorEntry();
    const host = new GeneratorHost(utilityGenerator(api, { entry, env: { A: '1' } }));
    const batches: Extract<FromGenerator, { type: 'batch' }>[] = [];
    try {
      await host.run(
        {
          jobId: 'u1',
          modes: ['random'],
          batchSize: 7,
          seed: 1,
          draws: biasedDraws(120),
          options: { hybridRatio: 0.7, modelDir: tempDir().dir, maxWorkers: 1 },
        },
        { onBatch: (b) => batches.push(b), onProgress: () => {}, onModeFailed: () => {} },
      );
      expect(host.pid).toBeGreaterThan(0);
    } finally {
      host.stop();
    }
    expect(forks).toEqual([
      {
        modulePath: entry,
        options: {
          serviceName: GENERATOR_SERVICE_NAME,
          stdio: ['ignore', 'inherit', 'inherit'],
          env: { A: '1' },
        },
      },
    ]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.tickets).toHaveLength(7);
  });

  it('reports an exit by its code and sends nothing to a process that has gone', async () => {
    const events = new EventEmitter();
    const posted: unknown[] = [];
    let killed = 0;
    const child = {
      pid: 42,
      postMessage: (m: unknown) => posted.push(m),
      kill: () => ++killed > 0,
      on: (e: string, fn: (...a: unknown[]) => void) => events.on(e, fn),
    } as unknown as UtilityChild;
    const spawn = utilityGenerator({ fork: () => child }, { entry: '/x/generator.js' });
    const gen = spawn();
    const exits: [number | null, string | null][] = [];
    gen.onExit((code, signal) => exits.push([code, signal]));
    expect(gen.pid).toBe(42);
    gen.send({ type: 'shutdown' });
    events.emit('exit', 3);
    gen.send({ type: 'shutdown' });
    gen.kill();
    expect(posted).toEqual([{ type: 'shutdown' }]);
    expect(exits).toEqual([[3, null]]);
    expect(killed).toBe(0);
  });
});

describe('generatorEnv', () => {
  const asar = '/opt/app/resources/app.asar/node_modules/@tensorflow/tfjs-backend-wasm/dist';
  it('points tfjs at app.asar.unpacked when packaging put the wasm files there', () => {
    const unpacked = asar.replace('app.asar', 'app.asar.unpacked');
    expect(generatorEnv({ PATH: '/bin' }, asar, (p) => p === unpacked)).toEqual({
      PATH: '/bin',
      SHIOL_TFJS_WASM_DIR: unpacked,
    });
    expect(generatorEnv({}, asar, () => false)).toEqual({});
    expect(generatorEnv({ SHIOL_TFJS_WASM_DIR: '/mine' }, asar, () => true)).toEqual({
      SHIOL_TFJS_WASM_DIR: '/mine',
    });
    expect(generatorEnv({}, '/dev/node_modules/x', () => true)).toEqual({});
    expect(generatorEnv({}, null)).toEqual({});
  });
});
