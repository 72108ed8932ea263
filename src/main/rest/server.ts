import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createRestApp, type RestOptions } from './app';

export interface RestServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts the REST API on 127.0.0.1 only; port 0 picks a free port. */
export function startRestServer(
  opts: Omit<RestOptions, 'port'> & { port: number },
): Promise<RestServer> {
  let bound = opts.port;
  const app = createRestApp({ ...opts, port: () => bound });
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${opts.port} is already in use; choose another, or 0 for any free port`)
          : err,
      );
    };
    const server: ServerType = serve(
      { fetch: app.fetch, port: opts.port, hostname: '127.0.0.1' },
      (info: AddressInfo) => {
        bound = info.port;
        server.off('error', onError);
        resolve({
          port: bound,
          url: `http://127.0.0.1:${bound}`,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              (server as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        });
      },
    );
    server.once('error', onError);
  });
}
