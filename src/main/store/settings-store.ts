import { randomBytes } from 'node:crypto';
import { DEFAULT_SETTINGS, Settings, type SettingsPatch } from '../../shared/schemas';
import type { Db } from './database';

export const newToken = () => randomBytes(24).toString('base64url');

/** Typed settings: stored values over defaults, validated on every write. */
export class SettingsStore {
  private cache: Settings | null = null;

  private readonly defaults: Settings;

  /** `defaults` overrides machine-dependent defaults (max_workers). */
  constructor(
    private readonly db: Db,
    defaults: Partial<Settings> = {},
  ) {
    this.defaults = { ...DEFAULT_SETTINGS, ...defaults };
  }

  get(): Settings {
    if (this.cache) return this.cache;
    const rows = this.db
      .prepare<[], { key: string; value: string }>('SELECT key, value FROM settings')
      .all();
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    const merged = mergeSettings(this.defaults, stored as SettingsPatch);
    // A value that no longer validates (an older app's range) falls back to its default.
    const parsed = Settings.safeParse(merged);
    this.cache = parsed.success ? parsed.data : repair(merged, this.defaults);
    return this.cache;
  }

  /** Applies a validated partial update and returns the new settings. */
  update(patch: SettingsPatch): Settings {
    const next = Settings.parse(mergeSettings(this.get(), patch));
    this.write(next);
    return next;
  }

  /** The REST token, generated and stored the first time it is needed. */
  ensureToken(): string {
    const s = this.get();
    if (s.rest.token) return s.rest.token;
    return this.regenerateToken();
  }

  regenerateToken(): string {
    const token = newToken();
    const s = this.get();
    this.write({ ...s, rest: { ...s.rest, token } });
    return token;
  }

  private write(next: Settings): void {
    const put = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(next)) put.run(key, JSON.stringify(value));
    })();
    this.cache = next;
  }
}

function mergeSettings(base: Settings, patch: Partial<Record<keyof Settings, unknown>>): Settings {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const old = out[key];
    const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    out[key] = isObj(old) && isObj(value) ? { ...(old as object), ...(value as object) } : value;
  }
  return out as Settings;
}

function repair(merged: Settings, defaults: Settings): Settings {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaults) as (keyof Settings)[]) {
    const field = Settings.shape[key].safeParse(merged[key]);
    out[key] = field.success ? field.data : defaults[key];
  }
  return Settings.parse(out);
}
