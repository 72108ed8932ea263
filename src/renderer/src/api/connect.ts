import type { Bridge } from '../../../shared/ipc';
import { createHttpApi, createIpcApi, type ClientApi } from './client';

const TOKEN_KEY = 'shiol-api-token';

/**
 * IPC when the preload's `window.api` exists; otherwise HTTP to the engine that served this
 * page, with the token from `?token=` at first load, kept in sessionStorage and taken out of
 * the address bar (as Jupyter does).
 */
export function connect(win: Window & { api?: Bridge } = window): ClientApi {
  if (win.api) return createIpcApi(win.api);
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    win.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  const token = fromUrl ?? win.sessionStorage.getItem(TOKEN_KEY) ?? '';
  return createHttpApi({
    baseUrl: '',
    token,
    onToken: (next) => win.sessionStorage.setItem(TOKEN_KEY, next),
  });
}
