import { afterAll } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, type Db } from '../../../src/main/store/database';
import { MIGRATIONS } from '../../../src/main/store/migrations';
import { tempDir } from '../../helpers';

/** A real database file migrated up to and including `version`. */
export function dbAtVersion(version: number): Db {
  const { dir, cleanup } = tempDir();
  const db = new Database(join(dir, 'm.db'));
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= version),
  );
  afterAll(() => {
    db.close();
    cleanup();
  });
  return db;
}

export function columns(db: Db, table: string): string[] {
  return db
    .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
    .all()
    .map((c) => c.name);
}

export function indexes(db: Db, table: string): string[] {
  return db
    .prepare<[], { name: string }>(
      `SELECT name FROM pragma_index_list('${table}') WHERE origin = 'c'`,
    )
    .all()
    .map((c) => c.name)
    .sort();
}
