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

/** A whole batch for the UI (the cached endpoint keeps the reference limit of 100). */
export const TicketsQuery = CachedQuery.omit({ include_stats: true }).extend({
  limit: queryInt(1, 10_000).default(1000),
});
export const TicketsResponse = CachedResponse.pick({ mode: true, count: true, tickets: true });
export type TicketsResponse = z.infer<typeof TicketsResponse>;

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

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const ScheduleSettings = z.object({
  enabled: z.boolean({ error: 'must be true or false' }),
  days: z
    .array(oneOf(WEEKDAYS), { error: `must be a list of days: ${WEEKDAYS.join(', ')}` })
    .min(1, { error: 'must name at least one day' }),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time as HH:MM (00:00 to 23:59)' }),
  timezone: z.string().refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { error: 'must be an IANA time zone such as America/New_York' },
  ),
});

export const Settings = z.object({
  batch_size: intRange(1, 1000),
  retention_days: intRange(1, 365),
  auto_cleanup: z.boolean({ error: 'must be true or false' }),
  enabled_modes: z
    .array(ModeSchema, { error: `must be a list of modes: ${MODES.join(', ')}` })
    .min(1, { error: 'must name at least one mode' })
    .refine((m) => new Set(m).size === m.length, { error: 'must not repeat a mode' }),
  hybrid_ratio: z
    .number({ error: 'must be a number from 0 to 1' })
    .min(0, { error: 'must be a number from 0 to 1' })
    .max(1, { error: 'must be a number from 0 to 1' }),
  max_workers: intRange(1, 2),
  schedule: ScheduleSettings,
  rest: RestSettings,
  sync: SyncSettings,
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  batch_size: 100,
  retention_days: 7,
  auto_cleanup: true,
  enabled_modes: [...MODES],
  hybrid_ratio: 0.7,
  max_workers: 2,
  schedule: {
    enabled: true,
    days: ['mon', 'wed', 'sat'],
    time: '23:05',
    timezone: 'America/New_York',
  },
  rest: { enabled: false, port: 8000, token: '' },
  sync: { enabled: true, url: DEFAULT_SYNC_URL, timeout_ms: 30_000 },
};

/** A partial update; the token changes only through its own call. */
export const SettingsPatch = Settings.omit({ rest: true, sync: true, schedule: true })
  .partial()
  .extend({
    schedule: ScheduleSettings.partial().strict().optional(),
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
  train_ms: z.number().nullable(),
  trained: z.boolean().nullable(),
  error: z.string().nullable(),
});

export const RunStep = z.object({
  step: z.string(),
  status: oneOf(['ok', 'skipped', 'failed'] as const),
  detail: z.string(),
  ms: z.number(),
});
export type RunStep = z.infer<typeof RunStep>;

/** What the generator was given besides the seed: with the same seed and inputs, the same tickets. */
export const RunInputs = z.object({
  hybrid_ratio: z.number(),
  v1_weights: z.record(z.string(), z.number()),
  draws: z.number().int().describe('current-era draws the models learned from'),
  last_draw: z.string().nullable(),
});
export type RunInputs = z.infer<typeof RunInputs>;

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
  steps: z.array(RunStep),
  inputs: RunInputs.nullable(),
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

// ---------- generation ----------
export const GenerateRequest = z
  .object({
    modes: z
      .array(ModeSchema, { error: `must be a list of modes: ${MODES.join(', ')}` })
      .min(1, { error: 'must name at least one mode' })
      .refine((m) => new Set(m).size === m.length, { error: 'must not repeat a mode' })
      .optional(),
    batch_size: intRange(1, 1000).optional(),
    seed: intRange(0, 4_294_967_295).optional(),
    pipeline_run_id: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, {
        error: 'must be 1 to 64 letters, digits, dots, dashes or underscores',
      })
      .optional(),
  })
  .strict();
export type GenerateRequest = z.infer<typeof GenerateRequest>;

export const GenerateAccepted = z.object({
  run_id: z.string(),
  status: z.literal('running'),
  modes: z.array(ModeSchema),
  batch_size: z.number().int(),
  seed: z.number().int(),
});

export const ModeProgress = z.object({
  mode: ModeSchema,
  phase: oneOf(['queued', 'train', 'generate', 'done', 'failed', 'cancelled'] as const),
  done: z.number().int(),
  total: z.number().int(),
});
export type ModeProgress = z.infer<typeof ModeProgress>;

export const Progress = z.object({
  run_id: z.string(),
  step: oneOf(['sync', 'evaluate', 'generate', 'cleanup', 'finished'] as const),
  modes: z.array(ModeProgress),
});
export type Progress = z.infer<typeof Progress>;

export const Metrics = z.object({
  total_runs: z.number().int(),
  successful_runs: z.number().int(),
  failed_runs: z.number().int(),
  last_run_time: z.string().nullable(),
  last_run_status: z.string().nullable(),
  last_run_duration: z.number().nullable().describe('seconds'),
  tickets_generated: z.number().int(),
  by_mode: z.record(
    z.string(),
    z.object({
      total_tickets: z.number().int(),
      total_runs: z.number().int(),
      avg_duration: z.number().nullable().describe('seconds'),
    }),
  ),
});
export type Metrics = z.infer<typeof Metrics>;

export const GeneratorStatus = z.object({
  is_generating: z.boolean(),
  configured_modes: z.array(ModeSchema),
  batch_size: z.number().int(),
  auto_cleanup: z.boolean(),
  cleanup_days: z.number().int(),
  metrics: Metrics,
  db_stats: DbStats,
  progress: Progress.nullable(),
  pid: z.number().int().nullable(),
  next_scheduled_run: z.string().nullable(),
});
export type GeneratorStatus = z.infer<typeof GeneratorStatus>;

export const CancelResult = z.object({ cancelled: z.boolean(), run_id: z.string().nullable() });

// ---------- evaluation against chance ----------
export const Interval = z.tuple([z.number(), z.number()]);

export const TierCount = z.object({
  tier: z.string(),
  prize: z.string(),
  count: z.number().int(),
  expected: z.number(),
});

export const GroupEvaluation = z.object({
  tickets: z.number().int(),
  draws: z.number().int(),
  mean_white_matches: z.number().nullable(),
  white_matches_ci95: Interval.nullable(),
  chance_white_matches: z.number(),
  powerball_hits: z.number().int(),
  powerball_rate: z.number().nullable(),
  powerball_rate_ci95: Interval.nullable(),
  chance_powerball_rate: z.number(),
  verdict: z.string(),
});

export const ModeEvaluation = GroupEvaluation.extend({
  mode: ModeSchema,
  tiers: z.array(TierCount),
});
export type ModeEvaluation = z.infer<typeof ModeEvaluation>;

export const StrategyEvaluation = GroupEvaluation.extend({
  mode: ModeSchema,
  strategy: z.string(),
});

export const Evaluation = z.object({
  evaluated_tickets: z.number().int(),
  last_draw: z.string().nullable(),
  modes: z.array(ModeEvaluation),
  strategies: z.array(StrategyEvaluation),
  note: z.string(),
});
export type Evaluation = z.infer<typeof Evaluation>;
