/**
 * The desktop app's REST server, kept in line with `settings.rest` while the app runs:
 * turning it on, off or onto another port takes effect at once, without a restart.
 */
import type { Handlers } from '../shared/contract';
import type { Settings } from '../shared/schemas';
import { ApiError } from './api-error';
import { startRestServer, type RestServer } from './rest/server';

export type RestStatus =
  | { state: 'stopped' }
  | { state: 'running'; port: number; url: string }
  /** The last attempt to start failed (a port in use, say); the server is not running. */
  | { state: 'failed'; port: number; error: string };

export interface RestControllerOptions {
  /** The engine's handlers; the server's clients may change `rest` through them too. */
  handlers: Handlers;
  /** The current token (regenerating it takes effect on the next request). */
  token: () => string;
  log?: (line: string) => void;
  /** For tests: how a server is started. */
  start?: typeof startRestServer;
  /** How long after answering a REST `updateSettings` its `rest` change is applied. */
  restDelayMs?: number;
}

type Target = Pick<Settings['rest'], 'enabled' | 'port'>;

export class RestController {
  private server: RestServer | null = null;
  /** The port asked for by the running server's settings (0 binds any free port). */
  private serverPort: number | null = null;
  private current: RestStatus = { state: 'stopped' };
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  /**
   * What the server runs. A request cannot wait for the server it arrived on to close, so a
   * `rest` change made over REST is applied just after the answer has gone out.
   */
  private readonly restHandlers: Handlers;

  constructor(private readonly opts: RestControllerOptions) {
    const { handlers } = opts;
    this.restHandlers = {
      ...handlers,
      updateSettings: async (patch) => {
        const next = await handlers.updateSettings(patch);
        if (patch.rest) {
          setTimeout(() => void this.reconcile(next.rest), opts.restDelayMs ?? 200).unref();
        }
        return next;
      },
    };
  }

  status(): RestStatus {
    return { ...this.current };
  }

  /**
   * Starts, stops or moves the server to match `rest`; calls run one after another. Resolves
   * with the resulting status and never rejects: a failure is a `failed` status (and logged).
   */
  reconcile(rest: Target): Promise<RestStatus> {
    return this.enqueue(() => (this.closed ? this.status() : this.apply(rest)));
  }

  /** Stops the server for good (app quit); later `reconcile` calls do nothing. */
  async close(): Promise<void> {
    this.closed = true;
    await this.enqueue(() => this.apply({ enabled: false, port: 0 }));
  }

  private enqueue(step: () => RestStatus | Promise<RestStatus>): Promise<RestStatus> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async apply({ enabled, port }: Target): Promise<RestStatus> {
    if (this.server && enabled && this.serverPort === port) return this.status();
    if (this.server) {
      const old = this.server;
      this.server = null;
      this.serverPort = null;
      await old.close();
      this.opts.log?.(`REST API stopped (was on ${old.url})`);
    }
    this.current = { state: 'stopped' };
    if (!enabled) return this.status();
    const start = this.opts.start ?? startRestServer;
    try {
      const server = await start({ handlers: this.restHandlers, token: this.opts.token, port });
      this.server = server;
      this.serverPort = port;
      this.current = { state: 'running', port: server.port, url: server.url };
      this.opts.log?.(`REST API listening on ${server.url}`);
    } catch (err) {
      const error = (err as Error)?.message ?? String(err);
      this.current = { state: 'failed', port, error };
      this.opts.log?.(`REST API could not start: ${error}`);
    }
    return this.status();
  }
}

/**
 * `handlers` with `updateSettings` waiting for the REST server to follow the saved settings
 * (the desktop app's IPC). When a change to `rest` leaves the server unable to start, the
 * call answers 409 `rest_unavailable` on `rest.port`; the settings are saved all the same.
 */
export function reconcilingHandlers(handlers: Handlers, controller: RestController): Handlers {
  return {
    ...handlers,
    updateSettings: async (patch) => {
      const next = await handlers.updateSettings(patch);
      const status = await controller.reconcile(next.rest);
      if (patch.rest && status.state === 'failed') {
        throw new ApiError(
          409,
          'rest_unavailable',
          `settings saved, but the REST API could not start: ${status.error}`,
          'rest.port',
        );
      }
      return next;
    },
  };
}
