import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, openDatabase } from '../../../src/main/store/database';
import { MIGRATIONS } from '../../../src/main/store/migrations';
import { tempDir } from '../../helpers';

describe('migration runner', () => {
  it('numbers migrations 1..n in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('applies every migration once and records user_version', () => {
    const { dir, cleanup } = tempDir();
    const file = join(dir, 'a.db');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // Opening again applies nothing new and keeps data.
    const again = openDatabase(file);
    expect(migrate(again)).toBe(MIGRATIONS.length);
    again.close();
    cleanup();
  });

  it('refuses a database from a newer app, and leaves it untouched', () => {
    const { dir, cleanup } = tempDir();
    const file = join(dir, 'b.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer than this app/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 5);
    check.close();
    cleanup();
  });

  it('rolls back a failing migration as a whole', () => {
    const { dir, cleanup } = tempDir();
    const db = new Database(join(dir, 'c.db'));
    const broken = [
      ...MIGRATIONS.slice(0, 1),
      {
        version: 2,
        name: 'broken',
        up(d: Database.Database) {
          d.exec('CREATE TABLE half_done (x INTEGER)');
          d.exec('THIS IS NOT SQL');
        },
      },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get(),
    ).toBeUndefined();
    db.close();
    cleanup();
  });
});
