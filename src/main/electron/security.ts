/**
 * The desktop window's security policy as plain functions (no electron import), so it is
 * tested under Node: the CSP, which frames may call IPC, and which links may leave the app.
 */
import { pathToFileURL } from 'node:url';

export { contentSecurityPolicy } from '../../shared/csp';

/** Response headers with our CSP in place of any the response carried. */
export function withCsp(
  headers: Record<string, string[]> | undefined,
  csp: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() !== 'content-security-policy') out[k] = v;
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}

export interface AppPages {
  /** The built renderer, loaded from file:// (out/renderer/index.html). */
  rendererFile: string;
  /** The dev server (ELECTRON_RENDERER_URL), in development only. */
  devUrl?: string;
}

/**
 * Whether a frame's URL is the app's own page: the built index.html (any query or hash) or,
 * in development, a page of the dev server's origin. Anything else, including other local
 * files, is refused.
 */
export function isAppUrl(url: string, pages: AppPages): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'file:') {
    return u.host === '' && u.pathname === pathToFileURL(pages.rendererFile).pathname;
  }
  if (!pages.devUrl) return false;
  try {
    const dev = new URL(pages.devUrl);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin;
  } catch {
    return false;
  }
}

/**
 * Permissions the window may have: only writing to the clipboard (the Copy buttons), and only
 * for the app's own page. Camera, notifications, geolocation and the rest are refused.
 */
export function allowPermission(
  permission: string,
  requestingUrl: string | undefined,
  pages: AppPages,
): boolean {
  return (
    permission === 'clipboard-sanitized-write' &&
    requestingUrl !== undefined &&
    isAppUrl(requestingUrl, pages)
  );
}

/** The part of an IPC event the sender check reads (`event.senderFrame`). */
export interface SenderFrame {
  readonly url: string;
  readonly parent?: unknown;
}

/** A sender check for `registerIpc`: the app's own top-level page only. */
export function trustedSender(pages: AppPages): (frame: SenderFrame | null | undefined) => boolean {
  return (frame) => !!frame && !frame.parent && isAppUrl(frame.url, pages);
}

/** Links the app may hand to the OS browser: https only. */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
