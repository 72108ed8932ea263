import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { contract, type Endpoint } from '../../src/shared/contract';
import { AUTH, startTestServer, type TestServer } from './helpers';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: {
    type?: string;
    enum?: string[];
    minimum?: number;
    maximum?: number;
    default?: unknown;
  };
}
interface Operation {
  summary?: string;
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, unknown>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  security?: Record<string, string[]>[];
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
  paths: Record<string, Record<string, Operation>>;
}

describe('OpenAPI document', () => {
  let t: TestServer;
  let doc: Document;

  beforeAll(async () => {
    t = await startTestServer();
    const reply = await t.call('/api/v1/openapi.json', { headers: AUTH });
    expect(reply.status).toBe(200);
    doc = reply.body as Document;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('is OpenAPI 3.1 with the app version', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'SHIOL+ Batch API', version: expect.any(String) });
  });

  it('lists every contract endpoint with its path and method, and nothing else', () => {
    const expected = Object.values(contract as Record<string, Endpoint>)
      .map((ep) => `${ep.method} ${ep.path}`)
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
      .sort();
    expect(documented).toEqual(expected);
    expect(doc.paths['/api/v1/runs/{id}']).toHaveProperty('get');
    expect(doc.paths['/api/v1/runs/{id}']).toHaveProperty('delete');
    expect(Object.keys(doc.paths).some((p) => p.includes(':'))).toBe(false);
    for (const [name, ep] of Object.entries(contract as Record<string, Endpoint>)) {
      const op = doc.paths[ep.path]![ep.method]!;
      expect(op.summary, name).toBe(ep.summary);
      expect(op.responses, name).toHaveProperty(String(ep.status ?? 200));
      expect(op.responses, name).toHaveProperty('400');
    }
  });

  it('declares the bearer scheme, required everywhere but health', () => {
    expect(doc.components?.securitySchemes?.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
    for (const [name, ep] of Object.entries(contract as Record<string, Endpoint>)) {
      const op = doc.paths[ep.path]![ep.method]!;
      if (ep.public) expect(op.security, name).toEqual([]);
      // Anything else inherits the document-wide bearer requirement.
      else expect(op.security, name).toBeUndefined();
    }
  });

  it('documents the query parameters of the cached-tickets route', () => {
    const params = doc.paths['/api/v1/tickets/cached']!.get!.parameters ?? [];
    const byName = Object.fromEntries(params.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(['include_stats', 'limit', 'mode', 'run_id']);
    for (const p of params) expect(p.in).toBe('query');
    expect(byName.mode!.schema).toMatchObject({
      enum: ['random_forest', 'lstm', 'v1', 'v2', 'hybrid', 'random'],
      default: 'random_forest',
    });
    expect(byName.limit!.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 10,
    });
  });

  it('documents the run id as a path parameter and the import body as CSV or JSON', () => {
    const getRun = doc.paths['/api/v1/runs/{id}']!.get!;
    expect(getRun.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    ]);
    const importOp = doc.paths['/api/v1/draws/import']!.post!;
    expect(Object.keys(importOp.requestBody!.content).sort()).toEqual([
      'application/json',
      'text/csv',
    ]);
    const settings = doc.paths['/api/v1/settings']!.put!;
    expect(Object.keys(settings.requestBody!.content)).toEqual(['application/json']);
  });
});
