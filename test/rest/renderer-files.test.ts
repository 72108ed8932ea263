import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine';
import { startRestServer, type RestServer } from '../../src/main/rest/server';
import { contentSecurityPolicy } from '../../src/shared/csp';
import { REPO_ROOT } from '../helpers';
import { TOKEN, rawRequest, tempDir } from './helpers';

let server: RestServer | null = null;
let engine: Engine | null = null;
afterEach(async () => {
  await server?.close();
  await engine?.close();
  server = engine = null;
});

async function serveWith(rendererDir: string) {
  engine = new Engine({ dataDir: ':memory:' });
  server = await startRestServer({
    handlers: engine.handlers,
    token: () => TOKEN,
    port: 0,
    rendererDir,
  });
  return server;
}

describe('web mode: the renderer served at /', () => {
  it('serves the page and its assets with a strict CSP, and keeps the API behind the token', async () => {
    const dir = tempDir('shiol-renderer-');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>SHIOL+ Batch</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    const { url, port } = await serveWith(dir);

    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('SHIOL+ Batch');
    const asset = await fetch(`${url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);

    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${url}/../package.json`)).status).toBe(404);
    expect((await fetch(`${url}/api/v1/settings`)).status).toBe(401);
    // The DNS-rebinding guard covers the page too.
    const rebound = await rawRequest({ port, path: '/', headers: { host: 'evil.example:80' } });
    expect(rebound.status).toBe(403);
  });

  it("uses the app's one policy, which the page's meta tag repeats for file:// loads", async () => {
    const html = fs.readFileSync(path.join(REPO_ROOT, 'src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(contentSecurityPolicy({ meta: true }));
    const dir = tempDir('shiol-renderer-csp-');
    fs.writeFileSync(path.join(dir, 'index.html'), html);
    const { url } = await serveWith(dir);
    expect((await fetch(`${url}/`)).headers.get('content-security-policy')).toBe(
      contentSecurityPolicy(),
    );
  });

  it('serves the API alone when the renderer is not built', async () => {
    const { url } = await serveWith(tempDir('shiol-renderer-empty-'));
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
  });
});
