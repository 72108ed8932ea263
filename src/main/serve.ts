/**
 * Headless engine: the same store and REST API as the desktop app, without Electron.
 *   npm run serve -- [--data-dir DIR] [--port N] [--token T]
 */
import { parseArgs } from 'node:util';
import { defaultDataDir } from './data-dir';
import { Engine } from './engine';
import { startRestServer } from './rest/server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      'Usage: npm run serve -- [--data-dir DIR] [--port N (0 = any free port)] [--token TOKEN]',
    );
    return;
  }
  const dataDir = values['data-dir'] ?? process.env.SHIOL_DATA_DIR ?? defaultDataDir();
  const engine = new Engine({ dataDir });

  const portText = values.port ?? String(engine.settings.get().rest.port);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    engine.close();
    throw new Error(`--port must be an integer from 0 to 65535 (got "${portText}")`);
  }
  const fixedToken = values.token ?? process.env.SHIOL_API_TOKEN;
  const token = () => fixedToken ?? engine.settings.ensureToken();

  let server;
  try {
    server = await startRestServer({ handlers: engine.handlers, token, port });
  } catch (err) {
    engine.close();
    throw err;
  }
  console.log(`SHIOL+ Batch engine, data folder: ${dataDir}`);
  console.log(`Listening on ${server.url}`);
  console.log(`API token: ${token()}`);
  console.log(`Open ${server.url}/?token=${encodeURIComponent(token())}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await server.close();
    engine.close();
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
