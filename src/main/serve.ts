/**
 * Headless engine: the same store and REST API as the desktop app, without Electron.
 *   npm run serve -- [--data-dir DIR] [--port N] [--token T]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Handlers } from '../shared/contract';
import { ApiError } from './api-error';
import { defaultDataDir } from './data-dir';
import { Engine } from './engine';
import { forkGenerator } from './generator/node-spawn';
import { rendererBuilt } from './rest/renderer-files';
import { startRestServer } from './rest/server';

/** The web build of the renderer (`npm run build:renderer`), served at `/`. */
const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      'no-schedule': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      'Usage: npm run serve -- [--data-dir DIR] [--port N (0 = any free port)] [--token TOKEN] [--no-schedule]',
    );
    return;
  }
  const dataDir = values['data-dir'] ?? process.env.SHIOL_DATA_DIR ?? defaultDataDir();
  const engine = new Engine({
    dataDir,
    spawnGenerator: forkGenerator(),
    schedule: !values['no-schedule'],
    log: (line) => console.log(line),
  });

  const portText = values.port ?? String(engine.settings.get().rest.port);
  // Digits only: Number() would take "" as 0 and "0x50" or "1e3" as other ports.
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    await engine.close();
    throw new Error(`--port must be an integer from 0 to 65535 (got "${portText}")`);
  }
  if (values.token !== undefined && values.token.trim() === '') {
    await engine.close();
    throw new Error('--token must not be empty');
  }
  // An empty SHIOL_API_TOKEN counts as unset; an empty token would lock every client out.
  const fixedToken = values.token ?? (process.env.SHIOL_API_TOKEN || undefined);
  const token = () => fixedToken ?? engine.settings.ensureToken();
  const handlers: Handlers = fixedToken
    ? {
        ...engine.handlers,
        // The stored token is not the one in use, so replacing it would hand out a dead token.
        regenerateToken: () => {
          throw new ApiError(
            409,
            'token_fixed',
            'the API token is set by --token or SHIOL_API_TOKEN; change it there and restart',
          );
        },
      }
    : engine.handlers;

  let server;
  try {
    server = await startRestServer({ handlers, token, port, rendererDir: RENDERER_DIR });
  } catch (err) {
    await engine.close();
    throw err;
  }
  console.log(`SHIOL+ Batch engine, data folder: ${dataDir}`);
  console.log(`Listening on ${server.url}`);
  console.log(`API token: ${token()}`);
  if (rendererBuilt(RENDERER_DIR)) {
    console.log(`Open ${server.url}/?token=${encodeURIComponent(token())}`);
  } else {
    console.log('The UI is not built (npm run build:renderer); the API works without it.');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await server.close();
    await engine.close();
    console.log('Stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: Error) => {
  console.error(`shiol-batch: ${err.message}`);
  process.exit(1);
});
