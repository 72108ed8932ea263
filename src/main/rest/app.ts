import { createHash, timingSafeEqual } from 'node:crypto';
import { OpenAPIHono, createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { contract, type Endpoint, type Handlers } from '../../shared/contract';
import { ErrorBody } from '../../shared/schemas';
import { errorResponse, zodErrorBody } from '../dispatch';
import { VERSION } from '../engine';
import { mountRenderer } from './renderer-files';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface RestOptions {
  handlers: Handlers;
  /** The current token (it can be regenerated while the server runs). */
  token: () => string;
  /** The port the server listens on, known once it is bound. */
  port: () => number;
  /** The built renderer to serve at `/` (web mode); none serves the API alone. */
  rendererDir?: string;
}

const errorJson = (
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  field?: string,
) => c.json<ErrorBody>({ error: { code, message, ...(field ? { field } : {}) } }, status);

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The REST API: every route is derived from the shared contract. */
export function createRestApp(opts: RestOptions): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      // @hono/zod-validator hands the hook the value it validated, on failure too.
      const sent = (result as { data?: unknown }).data;
      if (!result.success) return c.json(zodErrorBody(result.error, sent), 400);
    },
  });

  app.use('*', guardHostAndOrigin(opts.port));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        errorJson(
          c,
          413,
          'payload_too_large',
          `request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`,
        ),
    }),
  );
  const publicPaths = new Set(
    Object.values(contract as Record<string, Endpoint>)
      .filter((e) => e.public)
      .map((e) => e.path),
  );
  app.use('/api/*', async (c, next) => {
    // HEAD is answered by the GET route, so a public GET is public for HEAD too.
    if (publicPaths.has(c.req.path) && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      return next();
    }
    const header = c.req.header('authorization') ?? '';
    const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!given || !timingSafeEqual(digest(given), digest(opts.token()))) {
      c.header('WWW-Authenticate', 'Bearer realm="shiol-batch"');
      return errorJson(
        c,
        401,
        'unauthorized',
        given
          ? 'the API token is wrong'
          : 'an API token is required: Authorization: Bearer <token>',
      );
    }
    return next();
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });
  for (const [name, ep] of Object.entries(contract as Record<string, Endpoint>)) {
    const handler = opts.handlers[name as keyof Handlers] as (input: unknown) => unknown;
    addRoute(app, ep, handler);
  }

  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'SHIOL+ Batch API', version: VERSION },
    security: [{ bearer: [] }],
  });

  if (opts.rendererDir) mountRenderer(app, opts.rendererDir);
  app.notFound((c) => errorJson(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status === 415) {
      return errorJson(c, 415, 'unsupported_media_type', 'Content-Type must be application/json');
    }
    if (err instanceof HTTPException) {
      return errorJson(
        c,
        err.status as ContentfulStatusCode,
        'bad_request',
        err.message || 'bad request',
      );
    }
    const { status, body } = errorResponse(err, (msg, e) => console.error(`REST: ${msg}`, e));
    return c.json<ErrorBody>(body, status as ContentfulStatusCode);
  });
  return app;
}

const errorResponses = Object.fromEntries(
  [400, 401, 403, 404, 409, 413].map((s) => [
    s,
    { description: 'Error', content: { 'application/json': { schema: ErrorBody } } },
  ]),
);

function addRoute(app: OpenAPIHono, ep: Endpoint, handler: (input: unknown) => unknown): void {
  const input = ep.input as z.ZodObject;
  const pathKeys = [...ep.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const mask = Object.fromEntries(pathKeys.map((k) => [k, true as const])) as Record<string, true> &
    Record<number, never>;
  const params = pathKeys.length > 0 ? input.pick(mask) : undefined;
  const rest = pathKeys.length > 0 ? input.omit(mask) : input;
  const hasRest = Object.keys(rest.shape).length > 0;
  const readsQuery = ep.method === 'get' || ep.method === 'delete';

  const request: RouteConfig['request'] = {};
  if (params) request.params = params;
  if (hasRest && readsQuery) request.query = rest;
  if (hasRest && !readsQuery && !ep.rawBody) {
    // A body whose fields are all optional may be left out (POST with no body).
    const required = !rest.safeParse({}).success;
    request.body = { content: { 'application/json': { schema: rest } }, required };
  }
  const status = ep.status ?? 200;
  const route = createRoute({
    method: ep.method,
    path: ep.path,
    summary: ep.summary,
    ...(ep.public ? { security: [] } : {}),
    request,
    responses: {
      [status]: { description: 'OK', content: { 'application/json': { schema: ep.output } } },
      ...errorResponses,
    },
  });

  if (ep.rawBody) {
    // CSV or JSON text, passed through as { text }; documented, then handled by hand.
    app.openAPIRegistry.registerPath({
      ...route,
      request: {
        body: {
          required: true,
          content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: z.any() } },
        },
      },
    });
    app.on(ep.method.toUpperCase(), route.path.replace(/\{(\w+)\}/g, ':$1'), async (c) => {
      const body = { text: await c.req.text() };
      const parsed = input.safeParse(body);
      if (!parsed.success) return c.json(zodErrorBody(parsed.error, body), 400);
      return c.json((await handler(parsed.data)) as object, status as ContentfulStatusCode);
    });
    return;
  }

  app.openapi(route, (async (c: Context) => {
    const valid = (target: string): object =>
      (c.req.valid as (t: string) => object).call(c.req, target);
    const data = {
      ...(params ? valid('param') : {}),
      ...(hasRest ? valid(readsQuery ? 'query' : 'json') : {}),
    };
    return c.json((await handler(data)) as object, status as ContentfulStatusCode);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the route's types are built at run time
  }) as any);
}

/** DNS-rebinding and cross-site guard: only our own host names and origin are served. */
function guardHostAndOrigin(port: () => number): MiddlewareHandler {
  return async (c, next) => {
    const p = port();
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (host !== `127.0.0.1:${p}` && host !== `localhost:${p}`) {
      return errorJson(
        c,
        403,
        'forbidden_host',
        `Host "${host}" is not allowed; use 127.0.0.1:${p} or localhost:${p}`,
      );
    }
    const origin = c.req.header('origin');
    if (
      origin !== undefined &&
      origin !== `http://127.0.0.1:${p}` &&
      origin !== `http://localhost:${p}`
    ) {
      return errorJson(c, 403, 'forbidden_origin', `Origin "${origin}" is not allowed`);
    }
    return next();
  };
}
