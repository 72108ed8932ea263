import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { contentSecurityPolicy } from '../../shared/csp';

const CSP = contentSecurityPolicy();

export const rendererBuilt = (dir: string): boolean => existsSync(join(dir, 'index.html'));

/** Serves the renderer at `/` for browsers (web mode); the API stays under /api. */
export function mountRenderer(app: OpenAPIHono, dir: string): void {
  if (!rendererBuilt(dir)) return;
  app.use('/*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
  });
  app.get('/assets/*', serveStatic({ root: dir }));
  app.get('/', serveStatic({ root: dir, path: 'index.html' }));
}
