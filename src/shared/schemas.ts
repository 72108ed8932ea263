import { z } from 'zod';
import { MODES, POWERBALL_MAX, WHITE_MAX } from './powerball';
import { intRange, isoDate, oneOf, queryBool, queryInt } from './fields';

export const ModeSchema = oneOf(MODES);

// ---------- errors ----------
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

// ---------- tickets ----------
export const Ticket = z.object({
  id: z.number().int(),
  white_balls: z.array(intRange(1, WHITE_MAX)).length(5),
  powerball: intRange(1, POWERBALL_MAX),
  confidence: z.number().min(0).max(1),
  strategy: z.string(),
  mode: ModeSchema,
  pipeline_run_id: z.string().nullable(),
  created_at: z.string().describe('ISO 8601 UTC'),
});
export type Ticket = z.infer<typeof Ticket>;

export const DbStats = z.object({
  total_tickets: z.number().int(),
  by_mode: z.record(z.string(), z.number().int()),
  oldest_ticket: z.string().nullable(),
  newest_ticket: z.string().nullable(),
});
export type DbStats = z.infer<typeof DbStats>;

export const CachedQuery = z.object({
  mode: ModeSchema.default('random_forest'),
  limit: queryInt(1, 100).default(10),
  include_stats: queryBool().default(false),
  run_id: z.string().min(1).max(200).optional(),
});

export const CachedResponse = z.object({
  mode: ModeSchema,
  count: z.number().int(),
  tickets: z.array(Ticket),
  cached: z.literal(true),
  response_time_ms: z.number(),
  db_stats: DbStats.nullable(),
});
export type CachedResponse = z.infer<typeof CachedResponse>;

// ---------- settings ----------
export const DEFAULT_SYNC_URL =
  'https://data.ny.gov/api/views/d6yy-54nr/rows.csv?accessType=DOWNLOAD';

export const RestSettings = z.object({
  enabled: z.boolean({ error: 'must be true or false' }),
  port: intRange(0, 65535),
  token: z.string(),
});

export const SyncSettings = z.object({
  enabled: z.boolean({ error: 'must be true or false' }),
  url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }),
  timeout_ms: intRange(1000, 120_000),
});

export const Settings = z.object({
  batch_size: intRange(1, 1000),
  retention_days: intRange(1, 365),
  auto_cleanup: z.boolean({ error: 'must be true or false' }),
  enabled_modes: z
    .array(ModeSchema, { error: `must be a list of modes: ${MODES.join(', ')}` })
    .min(1, { error: 'must name at least one mode' })
    .refine((m) => new Set(m).size === m.length, { error: 'must not repeat a mode' }),
  rest: RestSettings,
  sync: SyncSettings,
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  batch_size: 100,
  retention_days: 7,
  auto_cleanup: true,
  enabled_modes: [...MODES],
  rest: { enabled: false, port: 8000, token: '' },
  sync: { enabled: true, url: DEFAULT_SYNC_URL, timeout_ms: 30_000 },
};

/** A partial update; the token changes only through its own call. */
export const SettingsPatch = Settings.omit({ rest: true, sync: true })
  .partial()
  .extend({
    rest: RestSettings.omit({ token: true }).partial().strict().optional(),
    sync: SyncSettings.partial().strict().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

// ---------- draws ----------
export const Draw = z.object({
  draw_date: isoDate,
  white_balls: z.array(z.number().int()).length(5),
  powerball: z.number().int(),
  multiplier: z.number().int().nullable(),
  era: z.number().int(),
});
export type Draw = z.infer<typeof Draw>;

export const DrawsQuery = z.object({ limit: queryInt(1, 5000).default(20) });
export const DrawsResponse = z.object({ count: z.number().int(), draws: z.array(Draw) });

export const SyncStatus = z.object({
  at: z.string(),
  ok: z.boolean(),
  error: z.string().nullable(),
  inserted: z.number().int(),
  updated: z.number().int(),
});

export const DrawSummary = z.object({
  count: z.number().int(),
  first: z.string().nullable(),
  last: z.string().nullable(),
  by_era: z.record(z.string(), z.number().int()),
  current_era_count: z.number().int(),
  last_sync: SyncStatus.nullable(),
});
export type DrawSummary = z.infer<typeof DrawSummary>;

export const DRAW_FORMATS = ['shiol_csv', 'ny_csv', 'ny_json', 'nc_csv'] as const;
export const ImportInput = z.object({
  text: z.string().min(1, { error: 'must not be empty' }),
});
export const ImportResult = z.object({
  format: oneOf(DRAW_FORMATS),
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const SyncResult = ImportResult.extend({ url: z.string() });

// ---------- runs ----------
export const RUN_STATUSES = [
  'running',
  'success',
  'partial',
  'failed',
  'cancelled',
  'interrupted',
] as const;

export const ModeRun = z.object({
  mode: ModeSchema,
  status: oneOf(['running', 'success', 'failed', 'cancelled'] as const),
  tickets: z.number().int(),
  duration_ms: z.number().nullable(),
  error: z.string().nullable(),
});

export const Run = z.object({
  id: z.string(),
  status: oneOf(RUN_STATUSES),
  trigger: z.string(),
  seed: z.number().int().nullable(),
  batch_size: z.number().int(),
  modes: z.array(ModeRun),
  tickets_generated: z.number().int(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
  error: z.string().nullable(),
});
export type Run = z.infer<typeof Run>;

export const RunsResponse = z.object({ count: z.number().int(), runs: z.array(Run) });
export const RunsQuery = z.object({ limit: queryInt(1, 500).default(20) });
export const RunId = z.object({
  id: z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(200, { error: 'must be at most 200 characters' }),
});
export const DeleteRunResult = z.object({ id: z.string(), tickets_deleted: z.number().int() });

export const Health = z.object({ status: z.literal('ok'), version: z.string() });
export const Empty = z.object({});
export const TokenResult = z.object({ token: z.string() });
