import type { z } from 'zod';
import * as s from './schemas';

/**
 * The one API contract. IPC handlers, the REST routes and the OpenAPI document are all
 * derived from this table; add a call here and implement it in the engine's handlers.
 */
export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'delete';
  /** REST path; `{name}` segments are taken from the input. */
  path: string;
  summary: string;
  input: z.ZodType;
  output: z.ZodType;
  /** Success status on REST (default 200). */
  status?: number;
  /** The REST body is raw text (CSV or JSON) passed as `{ text }`. */
  rawBody?: boolean;
  /** Reachable without the bearer token. */
  public?: boolean;
}

const endpoint = <E extends Endpoint>(e: E) => e;

export const contract = {
  health: endpoint({
    method: 'get',
    path: '/api/v1/health',
    summary: 'Liveness check',
    input: s.Empty,
    output: s.Health,
    public: true,
  }),
  getCachedTickets: endpoint({
    method: 'get',
    path: '/api/v1/tickets/cached',
    summary: 'Newest pre-generated tickets of one mode',
    input: s.CachedQuery,
    output: s.CachedResponse,
  }),
  listTickets: endpoint({
    method: 'get',
    path: '/api/v1/tickets',
    summary: 'Tickets of one mode, newest first, up to a whole batch (filter by run)',
    input: s.TicketsQuery,
    output: s.TicketsResponse,
  }),
  getBatchStatus: endpoint({
    method: 'get',
    path: '/api/v1/tickets/batch-status',
    summary: 'Ticket counts by mode and age',
    input: s.Empty,
    output: s.DbStats,
  }),
  getSettings: endpoint({
    method: 'get',
    path: '/api/v1/settings',
    summary: 'Current settings',
    input: s.Empty,
    output: s.Settings,
  }),
  updateSettings: endpoint({
    method: 'put',
    path: '/api/v1/settings',
    summary: 'Partial update of the settings',
    input: s.SettingsPatch,
    output: s.Settings,
  }),
  regenerateToken: endpoint({
    method: 'post',
    path: '/api/v1/settings/token',
    summary: 'Replace the REST API token',
    input: s.Empty,
    output: s.TokenResult,
  }),
  listDraws: endpoint({
    method: 'get',
    path: '/api/v1/draws',
    summary: 'Draw history, newest first',
    input: s.DrawsQuery,
    output: s.DrawsResponse,
  }),
  getDrawSummary: endpoint({
    method: 'get',
    path: '/api/v1/draws/summary',
    summary: 'Draw count, range, count by era and last sync',
    input: s.Empty,
    output: s.DrawSummary,
  }),
  importDraws: endpoint({
    method: 'post',
    path: '/api/v1/draws/import',
    summary: 'Import draw history (CSV or JSON body; format detected)',
    input: s.ImportInput,
    output: s.ImportResult,
    rawBody: true,
  }),
  syncDraws: endpoint({
    method: 'post',
    path: '/api/v1/draws/sync',
    summary: 'Download and import draw history from the configured URL',
    input: s.Empty,
    output: s.SyncResult,
  }),
  listRuns: endpoint({
    method: 'get',
    path: '/api/v1/runs',
    summary: 'Generation runs, newest first',
    input: s.RunsQuery,
    output: s.RunsResponse,
  }),
  getRun: endpoint({
    method: 'get',
    path: '/api/v1/runs/{id}',
    summary: 'One generation run',
    input: s.RunId,
    output: s.Run,
  }),
  deleteRun: endpoint({
    method: 'delete',
    path: '/api/v1/runs/{id}',
    summary: 'Delete a run and its tickets',
    input: s.RunId,
    output: s.DeleteRunResult,
  }),
  generateTickets: endpoint({
    method: 'post',
    path: '/api/v1/tickets/generate',
    summary: 'Start a generation run (sync, evaluate, train, generate, clean up)',
    input: s.GenerateRequest,
    output: s.GenerateAccepted,
    status: 202,
  }),
  getGeneratorStatus: endpoint({
    method: 'get',
    path: '/api/v1/generator/status',
    summary: 'Generator state, progress, metrics and ticket counts',
    input: s.Empty,
    output: s.GeneratorStatus,
  }),
  cancelGeneration: endpoint({
    method: 'post',
    path: '/api/v1/generator/cancel',
    summary: 'Cancel the running generation',
    input: s.Empty,
    output: s.CancelResult,
  }),
  getEvaluation: endpoint({
    method: 'get',
    path: '/api/v1/evaluation',
    summary: 'How each mode compares with chance',
    input: s.Empty,
    output: s.Evaluation,
  }),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<K extends Method> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends Method> = z.output<Contract[K]['input']>;
export type Output<K extends Method> = z.output<Contract[K]['output']>;

/** What a client calls (renderer transports, REST clients in tests). */
export type Api = { [K in Method]: (input: Input<K>) => Promise<Output<K>> };

/** What the engine implements; inputs arrive validated. */
export type Handlers = {
  [K in Method]: (input: ParsedInput<K>) => Output<K> | Promise<Output<K>>;
};
