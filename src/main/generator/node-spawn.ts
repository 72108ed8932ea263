import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FromGenerator } from '../../shared/generator-protocol';
import type { SpawnGenerator } from './host';

/** The generator entry next to this module: TypeScript source under tsx, JS when bundled. */
export function defaultGeneratorEntry(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(
    new URL(fromSource ? '../../generator/index.ts' : './generator.js', import.meta.url),
  );
}

/** Spawns the generator with child_process.fork (headless engine and tests). */
export function forkGenerator(entry = defaultGeneratorEntry()): SpawnGenerator {
  const execArgv = entry.endsWith('.ts')
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : [];
  return () => {
    const child = fork(entry, [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return {
      pid: child.pid,
      send: (m) => {
        if (child.connected) child.send(m);
      },
      onMessage: (fn) => child.on('message', (m) => fn(m as FromGenerator)),
      onExit: (fn) => child.on('exit', fn),
      kill: () => child.kill('SIGKILL'),
    };
  };
}
