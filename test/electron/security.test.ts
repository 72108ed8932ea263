import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  isAppUrl,
  isExternalLink,
  trustedSender,
  withCsp,
} from '../../src/main/electron/security';

describe('contentSecurityPolicy', () => {
  it('allows scripts from the app only, never eval, nothing framed or embedded', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'",
    );
    for (const csp of [contentSecurityPolicy(), contentSecurityPolicy({ dev: true })]) {
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).not.toMatch(/\*|https?:/);
    }
    // The dev server's inline React Refresh preamble, in development only.
    expect(contentSecurityPolicy({ dev: true })).toContain("script-src 'self' 'unsafe-inline';");
  });

  it('replaces any policy the response carried and keeps the other headers', () => {
    expect(
      withCsp({ 'content-security-policy': ['default-src *'], 'X-Other': ['1'] }, 'a'),
    ).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': ['a'] });
    expect(withCsp(undefined, 'a')).toEqual({ 'Content-Security-Policy': ['a'] });
  });
});

describe('isAppUrl and trustedSender', () => {
  const rendererFile = join('/opt/SHIOL Batch/resources/app.asar/out/renderer', 'index.html');
  const page = pathToFileURL(rendererFile).href;

  it('accepts the built page (any query or hash) and nothing else from disk', () => {
    expect(page).toContain('SHIOL%20Batch');
    expect(isAppUrl(page, { rendererFile })).toBe(true);
    expect(isAppUrl(`${page}?x=1#/draws`, { rendererFile })).toBe(true);
    for (const url of [
      pathToFileURL('/opt/SHIOL Batch/resources/app.asar/out/renderer/other.html').href,
      pathToFileURL('/tmp/index.html').href,
      page.replace('file:///', 'file://evil-host/'),
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url, { rendererFile }), url).toBe(false);
    }
  });

  it('accepts the dev server origin only when it is given', () => {
    const devUrl = 'http://localhost:5173';
    expect(isAppUrl('http://localhost:5173/src/x', { rendererFile, devUrl })).toBe(true);
    expect(isAppUrl('http://localhost:5173/', { rendererFile })).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', { rendererFile, devUrl })).toBe(false);
    expect(isAppUrl('ws://localhost:5173/', { rendererFile, devUrl })).toBe(false);
  });

  it('only trusts the top-level frame', () => {
    const trusted = trustedSender({ rendererFile });
    expect(trusted({ url: page, parent: null })).toBe(true);
    expect(trusted({ url: page, parent: { url: page } })).toBe(false);
    expect(trusted(null)).toBe(false);
  });
});

describe('isExternalLink', () => {
  it('lets https links out and nothing else', () => {
    expect(isExternalLink('https://www.powerball.com/')).toBe(true);
    for (const url of [
      'http://example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'mailto:a@b.c',
      'nonsense',
    ]) {
      expect(isExternalLink(url), url).toBe(false);
    }
  });
});
