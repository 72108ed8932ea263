import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/main/store/database';
import { SettingsStore } from '../../src/main/store/settings-store';
import { DEFAULT_SETTINGS, SettingsPatch } from '../../src/shared/schemas';
import { validationErrorBody } from '../../src/shared/errors';
import { tempDir } from '../helpers';

let file: string;
let db: Db;
let cleanup: () => void;

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  file = join(t.dir, 's.db');
  db = openDatabase(file);
});
afterEach(() => {
  if (db.open) db.close();
  cleanup();
});

const reopen = () => {
  db.close();
  db = openDatabase(file);
  return new SettingsStore(db);
};

describe('SettingsStore', () => {
  it('starts with the documented defaults', () => {
    const s = new SettingsStore(db).get();
    expect(s).toEqual(DEFAULT_SETTINGS);
    expect(s.batch_size).toBe(100);
    expect(s.retention_days).toBe(7);
    expect(s.auto_cleanup).toBe(true);
    expect(s.rest).toEqual({ enabled: false, port: 8000, token: '' });
  });

  it('applies partial updates, merging nested groups, and keeps them across restarts', () => {
    const store = new SettingsStore(db);
    store.update({ batch_size: 20, rest: { port: 9001 } });
    store.update({ rest: { enabled: true }, enabled_modes: ['random', 'v1'] });
    const again = reopen().get();
    expect(again.batch_size).toBe(20);
    expect(again.rest).toEqual({ enabled: true, port: 9001, token: '' });
    expect(again.enabled_modes).toEqual(['random', 'v1']);
    expect(again.retention_days).toBe(7);
  });

  it('rejects out-of-range values and changes nothing', () => {
    const store = new SettingsStore(db);
    expect(() => store.update({ batch_size: 1001 })).toThrow();
    expect(() => store.update({ retention_days: 0 })).toThrow();
    expect(() => store.update({ enabled_modes: [] })).toThrow();
    expect(() => store.update({ enabled_modes: ['random', 'random'] })).toThrow();
    expect(reopen().get()).toEqual(DEFAULT_SETTINGS);
  });

  it('names the field and the allowed range in validation errors', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ batch_size: 0 }, 'batch_size', /from 1 to 1000/],
      [{ retention_days: 400 }, 'retention_days', /from 1 to 365/],
      [{ rest: { port: 70000 } }, 'rest.port', /from 0 to 65535/],
      [{ enabled_modes: ['bogus'] }, 'enabled_modes.0', /one of: random_forest/],
      [{ auto_cleanup: 'yes' }, 'auto_cleanup', /true or false/],
      [{ rest: { token: 'x' } }, 'rest.token', /not a known field/],
      [{ colour: 'red' }, 'colour', /not a known field/],
    ];
    for (const [patch, field, message] of cases) {
      const result = SettingsPatch.safeParse(patch);
      expect(result.success).toBe(false);
      const body = validationErrorBody(result.error!);
      expect(body.error.field).toBe(field);
      expect(body.error.message).toMatch(message);
    }
  });

  it('generates the REST token once and replaces it on request', () => {
    const store = new SettingsStore(db);
    const token = store.ensureToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(reopen().ensureToken()).toBe(token);
    const store2 = new SettingsStore(db);
    const next = store2.regenerateToken();
    expect(next).not.toBe(token);
    expect(reopen().get().rest.token).toBe(next);
  });

  it('falls back to the default for a stored value that no longer validates', () => {
    db.prepare(
      "INSERT INTO settings VALUES ('batch_size', '5000'), ('retention_days', '30')",
    ).run();
    const s = new SettingsStore(db).get();
    expect(s.batch_size).toBe(100);
    expect(s.retention_days).toBe(30);
  });
});
