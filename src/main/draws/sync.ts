import type { DrawStore } from '../store/draw-store';
import type { ImportResult } from '../../shared/schemas';
import { importDraws } from './import';

export class SyncError extends Error {
  override name = 'SyncError';
}

const MAX_BYTES = 20 * 1024 * 1024;

/** Downloads draw history and imports it; on any failure nothing changes and the reason is logged. */
export async function syncDraws(
  store: DrawStore,
  opts: { url: string; timeoutMs: number; fetch?: typeof fetch },
): Promise<ImportResult & { url: string }> {
  const { url, timeoutMs } = opts;
  try {
    const text = await download(url, timeoutMs, opts.fetch ?? fetch);
    const result = importDraws(store, text);
    store.recordSync({
      url,
      ok: true,
      error: null,
      inserted: result.inserted,
      updated: result.updated,
    });
    return { ...result, url };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const message = `Sync from ${hostOf(url)} failed, nothing was changed: ${reason}`;
    store.recordSync({ url, ok: false, error: message, inserted: 0, updated: 0 });
    throw new SyncError(message, { cause: err });
  }
}

async function download(url: string, timeoutMs: number, fetchFn: typeof fetch): Promise<string> {
  let res: Response;
  try {
    res = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') {
      throw new Error(`no answer within ${timeoutMs / 1000} s`, { cause: err });
    }
    const detail = e.cause?.code ?? e.cause?.message ?? e.message;
    throw new Error(`could not connect (${detail}); are you offline?`, { cause: err });
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined); // free the connection
    throw new Error(`the server answered HTTP ${res.status} ${res.statusText}`.trim());
  }
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`the download is larger than ${MAX_BYTES / 1024 / 1024} MiB`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') {
      throw new Error(`the download did not finish within ${timeoutMs / 1000} s`, { cause: err });
    }
    throw new Error(`the download broke off (${(err as Error).message})`, { cause: err });
  }
  if (text.length > MAX_BYTES)
    throw new Error(`the download is larger than ${MAX_BYTES / 1024 / 1024} MiB`);
  return text;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
