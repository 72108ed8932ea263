import {
  contract,
  type Api,
  type Endpoint,
  type Input,
  type Method,
} from '../../../shared/contract';
import { METHODS, type Bridge, type IpcResult } from '../../../shared/ipc';
import type { ErrorBody, Progress, Run } from '../../../shared/schemas';

/** What the UI talks to: the contract's calls plus run events, over IPC or HTTP. */
export interface ClientApi extends Api, Pick<Bridge, 'onProgress' | 'onRunFinished'> {
  readonly transport: 'ipc' | 'http';
  /** The desktop file picker; absent in the browser, which uses a file input. */
  pickDrawFile?: () => Promise<{ name: string; text: string } | null>;
}

/** An error the engine reported, with its status, code and the field at fault. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  const { code, message, field } = result.error;
  throw new ApiCallError(result.status, code, message, field);
}

/** The Electron transport over the preload's `window.api`. */
export function createIpcApi(bridge: Bridge): ClientApi {
  const calls = Object.fromEntries(
    METHODS.map((m) => [
      m,
      async (input: unknown) =>
        unwrap(await (bridge[m] as (i: unknown) => Promise<IpcResult<unknown>>)(input ?? {})),
    ]),
  ) as unknown as Api;
  return {
    ...calls,
    transport: 'ipc',
    onProgress: (fn) => bridge.onProgress(fn),
    onRunFinished: (fn) => bridge.onRunFinished(fn),
    pickDrawFile: async () => unwrap(await bridge.pickDrawFile()),
  };
}

export interface HttpApiOptions {
  /** Origin of the engine, e.g. `http://127.0.0.1:8000`; '' for the page's own. */
  baseUrl: string;
  token: string;
  /** Called with a regenerated token, which this transport then uses (to keep it). */
  onToken?: (token: string) => void;
  fetch?: typeof fetch;
  /** How often run events are polled for while a run goes, and while idle (ms). */
  pollMs?: number;
  idlePollMs?: number;
}

/** Builds the REST request of a contract call: path parameters, query or body. */
export function httpRequest(
  ep: Endpoint,
  input: Record<string, unknown>,
): { path: string; init: RequestInit } {
  const rest = { ...input };
  const path = ep.path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = rest[key];
    delete rest[key];
    return encodeURIComponent(String(value));
  });
  const method = ep.method.toUpperCase();
  if (ep.method === 'get' || ep.method === 'delete') {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) query.set(k, String(v));
    const qs = query.toString();
    return { path: qs ? `${path}?${qs}` : path, init: { method } };
  }
  if (ep.rawBody) return { path, init: { method, body: String(rest.text ?? '') } };
  return {
    path,
    init: { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(rest) },
  };
}

/** The browser transport over the REST API; run events are polled from the status. */
export function createHttpApi(opts: HttpApiOptions): ClientApi {
  const doFetch = opts.fetch ?? fetch.bind(globalThis);
  let token = opts.token;
  const call = async (m: Method, input: unknown): Promise<unknown> => {
    const { path, init } = httpRequest(contract[m], (input ?? {}) as Record<string, unknown>);
    let res: Response;
    try {
      res = await doFetch(opts.baseUrl + path, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          authorization: `Bearer ${token}`,
        },
      });
    } catch (err) {
      throw new ApiCallError(
        0,
        'unreachable',
        `the engine cannot be reached: ${(err as Error).message}`,
      );
    }
    const body = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const error = (body as Partial<ErrorBody> | null)?.error;
      throw new ApiCallError(
        res.status,
        error?.code ?? 'http_error',
        error?.message ?? `the engine answered ${res.status}`,
        error?.field,
      );
    }
    return body;
  };
  const calls = Object.fromEntries(
    METHODS.map((m) => [m, (input: unknown) => call(m, input)]),
  ) as unknown as Api;
  const { watch, ...events } = runEventPoller(calls, opts.pollMs ?? 400, opts.idlePollMs ?? 1500);
  return {
    ...calls,
    // A run may finish between two polls: watch the one just started, so its end is reported.
    generateTickets: async (input) => {
      const started = await calls.generateTickets(input);
      watch(started.run_id);
      return started;
    },
    // The old token stops working at once: carry on with the new one.
    regenerateToken: async (input) => {
      const result = await calls.regenerateToken(input);
      token = result.token;
      opts.onToken?.(token);
      return result;
    },
    transport: 'http',
    ...events,
  };
}

/**
 * Progress and run-finished events for HTTP, from the generator status: polled only while
 * someone listens, fast while a run is watched. A run is reported finished once the engine
 * says so (its status is no longer `running`), whichever poll sees it.
 */
function runEventPoller(api: Api, pollMs: number, idlePollMs: number) {
  const progressFns = new Set<(p: Progress) => void>();
  const finishedFns = new Set<(r: Run) => void>();
  /** Runs seen or started and not yet reported finished. */
  const watched = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped when polling stops, so a poll in flight then does not start a second loop. */
  let generation = 0;

  const reportFinished = async (id: string) => {
    try {
      const run = await api.getRun({ id });
      if (run.status === 'running') return;
      if (!watched.delete(id)) return;
      for (const fn of finishedFns) fn(run);
    } catch (err) {
      // A run deleted meanwhile will never finish: stop watching it.
      if (err instanceof ApiCallError && err.status === 404) watched.delete(id);
    }
  };

  const tick = async (gen: number) => {
    try {
      const status = await api.getGeneratorStatus({});
      const current = status.progress?.run_id ?? null;
      if (status.progress) {
        watched.add(status.progress.run_id);
        for (const fn of progressFns) fn(status.progress);
      }
      for (const id of [...watched]) if (id !== current) await reportFinished(id);
    } catch {
      // the next tick tries again; calls made by the UI report their own errors
    }
    if (gen !== generation) return;
    timer = setTimeout(() => void tick(gen), watched.size > 0 ? pollMs : idlePollMs);
  };
  const start = () => {
    if (timer === null) timer = setTimeout(() => void tick(generation), 0);
  };
  const subscribe = <F>(set: Set<F>, fn: F) => {
    set.add(fn);
    start();
    return () => {
      set.delete(fn);
      if (progressFns.size === 0 && finishedFns.size === 0 && timer !== null) {
        clearTimeout(timer);
        timer = null;
        generation++;
      }
    };
  };
  return {
    watch: (runId: string) => {
      watched.add(runId);
    },
    onProgress: (fn: (p: Progress) => void) => subscribe(progressFns, fn),
    onRunFinished: (fn: (r: Run) => void) => subscribe(finishedFns, fn),
  };
}

export type { Input, Method };
