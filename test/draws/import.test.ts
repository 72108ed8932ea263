import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DrawImportError } from '../../src/main/draws/formats';
import { importDraws } from '../../src/main/draws/import';
import { closeDatabase, openDatabase, type Db } from '../../src/main/store/database';
import { DrawStore } from '../../src/main/store/draw-store';

const SHARED_DRAWS = path.resolve(__dirname, '../../../shared/data/powerball-draws-2006-2025.csv');
const realFile = () => fs.readFileSync(SHARED_DRAWS, 'utf8');

const SHIOL_HEADER = 'draw_date,white_1,white_2,white_3,white_4,white_5,powerball';
const lines = (...ls: string[]) => ls.join('\n') + '\n';
const pad = (n: number) => String(n).padStart(2, '0');

let dir: string;
let dbFile: string;
let db: Db;
let store: DrawStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiol-draws-import-'));
  dbFile = path.join(dir, 'draws.db');
  db = openDatabase(dbFile);
  store = new DrawStore(db);
});

afterEach(() => {
  closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
});

const count = () => (db.prepare('SELECT COUNT(*) AS n FROM draws').get() as { n: number }).n;

function importError(text: string): DrawImportError {
  try {
    importDraws(store, text);
  } catch (err) {
    if (err instanceof DrawImportError) return err;
    throw err;
  }
  throw new Error('expected a DrawImportError');
}

describe('importDraws with the real history', () => {
  it('imports all 2235 draws of 2006-2025', () => {
    expect(importDraws(store, realFile())).toEqual({
      format: 'shiol_csv',
      rows: 2235,
      inserted: 2235,
      updated: 0,
      unchanged: 0,
      skipped: 0,
    });
    const summary = store.summary();
    expect(summary).toMatchObject({
      count: 2235,
      first: '2006-05-31',
      last: '2025-10-04',
      current_era_count: 1259,
      last_sync: null,
    });
    expect(Object.keys(summary.by_era).sort()).toEqual(['1', '2', '3', '4']);
    expect(summary.by_era['4']).toBe(1259);
    expect(Object.values(summary.by_era).reduce((a, b) => a + b, 0)).toBe(2235);

    const current = store.currentEra();
    expect(current).toHaveLength(1259);
    expect(current[0]!.draw_date >= '2015-10-07').toBe(true);
    expect(current.every((d) => d.era === 4)).toBe(true);
    expect(current.map((d) => d.draw_date)).toEqual(current.map((d) => d.draw_date).sort());

    // Stored sorted, newest first.
    const [newest] = store.list(1);
    expect(newest).toMatchObject({ draw_date: '2025-10-04', multiplier: null, era: 4 });
    expect(newest!.white_balls).toEqual([...newest!.white_balls].sort((a, b) => a - b));
    expect(store.list(5000)).toHaveLength(2235);
  });

  it('keeps the draws in the database file after closing and reopening it', () => {
    importDraws(store, realFile());
    closeDatabase(db);
    db = openDatabase(dbFile);
    store = new DrawStore(db);
    expect(store.summary()).toMatchObject({ count: 2235, current_era_count: 1259 });
  });

  it('is idempotent: a second import changes nothing', () => {
    importDraws(store, realFile());
    const before = store.list(5000);
    expect(importDraws(store, realFile())).toEqual({
      format: 'shiol_csv',
      rows: 2235,
      inserted: 0,
      updated: 0,
      unchanged: 2235,
      skipped: 0,
    });
    expect(store.list(5000)).toEqual(before);
  });

  it('updates a draw when a later file adds its multiplier, and keeps it on a re-import without one', () => {
    importDraws(store, realFile());
    const last = store.list(1)[0]!;
    const [y, m, d] = last.draw_date.split('-');
    const nyRow = (mult: number) =>
      lines(
        'Draw Date,Winning Numbers,Multiplier',
        `${m}/${d}/${y},${[...last.white_balls, last.powerball].map(pad).join(' ')},${mult}`,
      );

    expect(importDraws(store, nyRow(3))).toMatchObject({
      format: 'ny_csv',
      rows: 1,
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    expect(store.list(1)[0]).toEqual({ ...last, multiplier: 3 });

    // The SHIOL file has no multipliers: that is not a change, and the stored one stays.
    expect(importDraws(store, realFile())).toMatchObject({ updated: 0, unchanged: 2235 });
    expect(store.list(1)[0]!.multiplier).toBe(3);

    expect(importDraws(store, nyRow(3))).toMatchObject({ updated: 0, unchanged: 1 });
    expect(importDraws(store, nyRow(4))).toMatchObject({ updated: 1, unchanged: 0 });
    expect(store.list(1)[0]!.multiplier).toBe(4);
    expect(count()).toBe(2235);
  });

  it('updates a draw whose numbers were corrected', () => {
    importDraws(
      store,
      lines(SHIOL_HEADER, '2016-01-02,40,3,69,17,25,26', '2016-01-06,1,2,3,4,5,6'),
    );
    const result = importDraws(store, lines(SHIOL_HEADER, '2016-01-02,40,3,68,17,25,26'));
    expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    expect(store.list(2).map((d) => [d.draw_date, d.white_balls, d.powerball])).toEqual([
      ['2016-01-06', [1, 2, 3, 4, 5], 6],
      ['2016-01-02', [3, 17, 25, 40, 68], 26],
    ]);
  });

  it('imports nothing from a file with a bad last row, and names the line', () => {
    importDraws(
      store,
      lines(SHIOL_HEADER, '2016-01-02,40,3,69,17,25,26', '2012-01-21,59,1,30,12,8,35'),
    );
    expect(count()).toBe(2);

    const text = realFile().trimEnd() + '\n2025-10-06,4,8,15,16,16,23\n';
    const err = importError(text);
    expect(err.line).toBe(2237);
    expect(err.message).toBe('line 2237: white balls 4 8 15 16 16 repeat a number');
    expect(count()).toBe(2);
    expect(store.summary()).toMatchObject({ first: '2012-01-21', last: '2016-01-02' });
  });

  it('imports nothing from a file with a conflicting duplicate of an earlier row', () => {
    const text = realFile().trimEnd() + '\n2006-05-31,1,2,3,4,5,6\n';
    const err = importError(text);
    expect(err.message).toBe(
      'line 2237: draw 2006-05-31 appears twice with different numbers (first at line 2)',
    );
    expect(count()).toBe(0);
  });

  it('rolls back the whole batch when the database rejects one draw', () => {
    importDraws(store, lines(SHIOL_HEADER, '2016-01-02,40,3,69,17,25,26'));
    expect(() =>
      store.upsertMany([
        { draw_date: '2016-01-06', white_balls: [1, 2, 3, 4, 5], powerball: 6, multiplier: null },
        { draw_date: '2016-01-02', white_balls: [1, 2, 3, 4, 5], powerball: 6, multiplier: null },
        // Impossible in the 69/26 matrix: the CHECK fails and everything above is undone.
        { draw_date: '2016-01-09', white_balls: [1, 2, 3, 4, 5], powerball: 27, multiplier: null },
      ]),
    ).toThrow(/CHECK constraint failed/);
    expect(store.list(10).map((d) => [d.draw_date, d.white_balls])).toEqual([
      ['2016-01-02', [3, 17, 25, 40, 69]],
    ]);
  });
});

describe('the draws table constraints', () => {
  interface Row {
    draw_date: unknown;
    n1: unknown;
    n2: unknown;
    n3: unknown;
    n4: unknown;
    n5: unknown;
    powerball: unknown;
    multiplier: unknown;
    era: unknown;
  }
  const valid: Row = {
    draw_date: '2016-01-02',
    n1: 3,
    n2: 17,
    n3: 25,
    n4: 40,
    n5: 69,
    powerball: 26,
    multiplier: null,
    era: 4,
  };
  const insert = (patch: Partial<Row>) => {
    const r = { ...valid, ...patch };
    db.prepare(
      `INSERT INTO draws (draw_date, n1, n2, n3, n4, n5, powerball, multiplier, era)
       VALUES (@draw_date, @n1, @n2, @n3, @n4, @n5, @powerball, @multiplier, @era)`,
    ).run(r);
  };
  const CHECK = /CHECK constraint failed/;

  it('accepts a valid row of each era, at the edges of its matrix', () => {
    insert({});
    insert({ draw_date: '2005-08-31', n1: 1, n5: 55, powerball: 42, era: 1 });
    insert({ draw_date: '2009-01-07', n1: 1, n5: 59, powerball: 39, multiplier: 1, era: 2 });
    insert({ draw_date: '2012-01-18', n5: 59, powerball: 35, multiplier: 10, era: 3 });
    insert({ draw_date: '2015-10-07', n5: 69, powerball: 1, era: 4 });
    expect(count()).toBe(5);
  });

  it('rejects a draw_date that is not an ISO date, or a day past the end of its month', () => {
    for (const draw_date of ['bad-date', '2016-1-02', '2016/01/02', '20160102', '2016-01-02 ']) {
      expect(() => insert({ draw_date }), draw_date).toThrow(CHECK);
    }
    for (const draw_date of ['2016-02-30', '2015-02-29', '2016-04-31']) {
      expect(() => insert({ draw_date }), draw_date).toThrow(CHECK);
    }
    expect(count()).toBe(0);
  });

  it('rejects a month or day that does not exist (month 13, month 00, day 32, day 00)', () => {
    for (const draw_date of ['2016-13-01', '2016-00-10', '2016-01-32', '2016-01-00']) {
      expect(() => insert({ draw_date }), draw_date).toThrow(CHECK);
    }
  });

  it('rejects white balls that are unsorted, repeated, below 1 or above the era maximum', () => {
    expect(() => insert({ n1: 17, n2: 3 })).toThrow(CHECK); // unsorted
    expect(() => insert({ n4: 69, n5: 40 })).toThrow(CHECK); // unsorted
    expect(() => insert({ n2: 25, n3: 25 })).toThrow(CHECK); // repeated
    expect(() => insert({ n1: 0 })).toThrow(CHECK);
    expect(() => insert({ n5: 70 })).toThrow(CHECK); // era 4: 1..69
    expect(() => insert({ draw_date: '2013-01-02', n5: 60, powerball: 5, era: 3 })).toThrow(CHECK);
    expect(() => insert({ draw_date: '2010-01-02', n5: 60, powerball: 5, era: 2 })).toThrow(CHECK);
    expect(() => insert({ draw_date: '2006-01-04', n5: 56, powerball: 5, era: 1 })).toThrow(CHECK);
    expect(count()).toBe(0);
  });

  it('rejects a Powerball outside the era range', () => {
    expect(() => insert({ powerball: 0 })).toThrow(CHECK);
    expect(() => insert({ powerball: 27 })).toThrow(CHECK);
    expect(() => insert({ draw_date: '2013-01-02', n5: 59, powerball: 36, era: 3 })).toThrow(CHECK);
    expect(() => insert({ draw_date: '2010-01-02', n5: 59, powerball: 40, era: 2 })).toThrow(CHECK);
    expect(() => insert({ draw_date: '2006-01-04', n5: 55, powerball: 43, era: 1 })).toThrow(CHECK);
    expect(count()).toBe(0);
  });

  it('rejects a multiplier outside 1..10', () => {
    expect(() => insert({ multiplier: 0 })).toThrow(CHECK);
    expect(() => insert({ multiplier: 11 })).toThrow(CHECK);
    expect(() => insert({ multiplier: -2 })).toThrow(CHECK);
    expect(count()).toBe(0);
  });

  it('rejects an era that does not match the date', () => {
    expect(() => insert({ era: 3 })).toThrow(CHECK);
    expect(() => insert({ era: 5 })).toThrow(CHECK);
    expect(() => insert({ era: 0 })).toThrow(CHECK);
    // Each boundary: the first draw of an era belongs to it, the day before does not.
    expect(() => insert({ draw_date: '2015-10-07', n5: 59, powerball: 5, era: 3 })).toThrow(CHECK);
    expect(() => insert({ draw_date: '2015-10-06', n5: 59, powerball: 5, era: 4 })).toThrow(CHECK);
    expect(() => insert({ draw_date: '2012-01-18', n5: 59, powerball: 5, era: 2 })).toThrow(CHECK);
    expect(() => insert({ draw_date: '2009-01-07', n5: 55, powerball: 5, era: 1 })).toThrow(CHECK);
    expect(() => insert({ draw_date: '2009-01-06', n5: 55, powerball: 5, era: 2 })).toThrow(CHECK);
    expect(count()).toBe(0);
  });

  it('rejects a date before the first era, whatever era it claims', () => {
    for (const era of [0, 1, 2, 3, 4]) {
      expect(
        () => insert({ draw_date: '2005-08-30', n5: 50, powerball: 5, era }),
        `era ${era}`,
      ).toThrow(CHECK);
    }
    expect(count()).toBe(0);
  });

  it('rejects missing values and values of the wrong type (STRICT)', () => {
    for (const col of ['draw_date', 'n1', 'n5', 'powerball', 'era'] as const) {
      expect(() => insert({ [col]: null }), col).toThrow(/NOT NULL constraint failed/);
    }
    expect(() => insert({ n3: 'x' })).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() => insert({ powerball: 1.5 })).toThrow(/cannot store REAL value in INTEGER column/);
    expect(count()).toBe(0);
  });

  it('keeps one row per date', () => {
    insert({});
    expect(() => insert({ powerball: 5 })).toThrow(/UNIQUE constraint failed/);
    expect(count()).toBe(1);
  });
});
