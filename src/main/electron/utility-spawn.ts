/**
 * The generator as an Electron utility process: the desktop app's counterpart of
 * node-spawn.ts `forkGenerator`. `utilityProcess` is passed in, so this runs under tests.
 */
import { existsSync } from 'node:fs';
import type { ForkOptions, UtilityProcess } from 'electron';
import type { FromGenerator } from '../../shared/generator-protocol';
import type { SpawnGenerator } from '../generator/host';

/** The part of Electron's `utilityProcess` module used here. */
export interface UtilityProcessApi {
  fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityChild;
}
export type UtilityChild = Pick<UtilityProcess, 'pid' | 'postMessage' | 'kill' | 'on'>;

export interface UtilityGeneratorOptions {
  /** The bundled generator entry (out/main/generator.js). */
  entry: string;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}

export const GENERATOR_SERVICE_NAME = 'SHIOL+ Batch generator';

/** Spawns the generator with `utilityProcess.fork`; it talks back through `process.parentPort`. */
export function utilityGenerator(
  utilityProcess: UtilityProcessApi,
  opts: UtilityGeneratorOptions,
): SpawnGenerator {
  return () => {
    const child = utilityProcess.fork(opts.entry, [], {
      serviceName: GENERATOR_SERVICE_NAME,
      stdio: ['ignore', 'inherit', 'inherit'],
      ...(opts.env ? { env: opts.env } : {}),
    });
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    child.on('error', (type, location) => {
      opts.log?.(`generator process error: ${type} at ${location}`);
    });
    return {
      // Known once the process has spawned, so read it each time.
      get pid() {
        return child.pid;
      },
      send: (m) => {
        if (!exited) child.postMessage(m);
      },
      onMessage: (fn) => child.on('message', (m: unknown) => fn(m as FromGenerator)),
      // A utility process reports only its exit code.
      onExit: (fn) => child.on('exit', (code: number) => fn(code, null)),
      kill: () => {
        if (!exited) child.kill();
      },
    };
  };
}

/**
 * The generator's environment. In a packaged app the tfjs `.wasm` files are read from
 * `app.asar.unpacked` when packaging put them there (SHIOL_TFJS_WASM_DIR, see
 * src/generator/lstm/backend.ts); an explicit SHIOL_TFJS_WASM_DIR is kept.
 */
export function generatorEnv(
  env: Record<string, string | undefined>,
  wasmDir: string | null,
  exists: (path: string) => boolean = existsSync,
): Record<string, string | undefined> {
  if (env.SHIOL_TFJS_WASM_DIR || !wasmDir) return env;
  const unpacked = wasmDir.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return unpacked !== wasmDir && exists(unpacked) ? { ...env, SHIOL_TFJS_WASM_DIR: unpacked } : env;
}
