import { eraForDate } from '../../shared/powerball';
import type { DRAW_FORMATS } from '../../shared/schemas';
import { CsvError, readCsv, type CsvRecord } from './csv';

export type DrawFormat = (typeof DRAW_FORMATS)[number];

export interface ParsedDraw {
  draw_date: string;
  /** Sorted ascending. */
  white_balls: number[];
  powerball: number;
  multiplier: number | null;
  /** Where it came from: a line, or a record for JSON. */
  line: number;
}

export interface ParsedFile {
  format: DrawFormat;
  draws: ParsedDraw[];
  /** Rows that are not Powerball draws (Double Play, disclaimers). */
  skipped: number;
}

/** A file that cannot be imported; `line` is the 1-based line (or JSON record). */
export class DrawImportError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
    unit = 'line',
  ) {
    super(`${unit} ${line}: ${reason}`);
    this.name = 'DrawImportError';
  }
}

const FORMAT_NAMES =
  'the SHIOL CSV (draw_date,white_1..white_5,powerball), the NY Open Data CSV or JSON, or the NC Lottery CSV';

/** Detects the format and parses every draw; throws on the first bad row, so nothing half-imports. */
export function parseDrawFile(text: string): ParsedFile {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body === '') throw new DrawImportError(1, 'the file is empty');
  if (body.startsWith('[') || body.startsWith('{')) return parseNyJson(text.replace(/^\uFEFF/, ''));

  let records: CsvRecord[];
  try {
    records = readCsv(text);
  } catch (err) {
    if (err instanceof CsvError) throw new DrawImportError(err.line, err.reason);
    throw err;
  }
  const header = records[0];
  if (!header) throw new DrawImportError(1, 'the file has no header row');
  const cols = header.fields.map((f) => f.trim().toLowerCase());
  const col = (name: string) => cols.indexOf(name);
  const rows = records.slice(1);

  if (col('draw_date') >= 0 && col('white_1') >= 0) return parseShiolCsv(rows, cols);
  if (col('draw date') >= 0 && col('winning numbers') >= 0) return parseNyCsv(rows, cols);
  if (col('date') >= 0 && col('ball 1') >= 0 && col('powerball') >= 0)
    return parseNcCsv(rows, cols);
  throw new DrawImportError(
    header.line,
    `unrecognized header "${header.fields.join(',').slice(0, 120)}"; expected ${FORMAT_NAMES}`,
  );
}

function field(r: CsvRecord, cols: string[], name: string): string {
  const i = cols.indexOf(name);
  if (i < 0) throw new DrawImportError(r.line, `missing column "${name}"`);
  const v = r.fields[i];
  if (v === undefined) throw new DrawImportError(r.line, `the row has no "${name}" value`);
  return v.trim();
}

/** A column that may be absent, or left off the end of a row: empty then. */
function optionalField(r: CsvRecord, cols: string[], name: string): string {
  const i = cols.indexOf(name);
  return i < 0 ? '' : (r.fields[i] ?? '').trim();
}

function parseShiolCsv(rows: CsvRecord[], cols: string[]): ParsedFile {
  const draws = rows.map((r) => {
    const whites = [1, 2, 3, 4, 5].map((k) => field(r, cols, `white_${k}`));
    return checkDraw(r.line, field(r, cols, 'draw_date'), whites, field(r, cols, 'powerball'), '');
  });
  return finish('shiol_csv', draws, 0);
}

function parseNyCsv(rows: CsvRecord[], cols: string[]): ParsedFile {
  const draws = rows.map((r) => {
    const date = usDate(r.line, field(r, cols, 'draw date'));
    const nums = splitNumbers(r.line, field(r, cols, 'winning numbers'));
    const multiplier = optionalField(r, cols, 'multiplier');
    return checkDraw(r.line, date, nums.slice(0, 5), nums[5]!, multiplier);
  });
  return finish('ny_csv', draws, 0);
}

function parseNcCsv(rows: CsvRecord[], cols: string[]): ParsedFile {
  let skipped = 0;
  const draws: ParsedDraw[] = [];
  const isDoublePlay = (r: CsvRecord) => optionalField(r, cols, 'subname') !== '';
  const noBall1 = (r: CsvRecord) => optionalField(r, cols, 'ball 1') === '';
  // Only rows after the last real draw may be disclaimers; an empty Ball 1 before it is an error.
  let lastDraw = -1;
  rows.forEach((r, i) => {
    if (!isDoublePlay(r) && !noBall1(r)) lastDraw = i;
  });
  for (const [i, r] of rows.entries()) {
    if (isDoublePlay(r)) {
      skipped++;
      continue;
    }
    if (noBall1(r)) {
      if (i > lastDraw) {
        skipped++; // the trailing disclaimer
        continue;
      }
      throw new DrawImportError(
        r.line,
        '"Ball 1" is empty (only the trailing disclaimer rows may leave it empty)',
      );
    }
    const date = usDate(r.line, field(r, cols, 'date'));
    const whites = [1, 2, 3, 4, 5].map((k) => field(r, cols, `ball ${k}`));
    const pp = optionalField(r, cols, 'power play');
    draws.push(checkDraw(r.line, date, whites, field(r, cols, 'powerball'), pp));
  }
  return finish('nc_csv', draws, skipped);
}

function parseNyJson(body: string): ParsedFile {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    const at = jsonErrorOffset(body);
    const line = body.slice(0, at).split(/\r\n|\r|\n/).length;
    const detail = (err as Error).message.replace(/\s+/g, ' ');
    throw new DrawImportError(line, `not valid JSON (${detail})`);
  }
  if (!Array.isArray(data)) {
    const line = body.slice(0, body.search(/\S/)).split(/\r\n|\r|\n/).length;
    throw new DrawImportError(line, 'expected a JSON array of NY Open Data records');
  }
  const draws = data.map((rec: unknown, i) => {
    const n = i + 1;
    const r = rec as Record<string, unknown> | null;
    if (typeof r?.draw_date !== 'string' || typeof r.winning_numbers !== 'string') {
      throw new DrawImportError(n, 'needs string fields draw_date and winning_numbers', 'record');
    }
    try {
      const nums = splitNumbers(n, r.winning_numbers);
      const mult = typeof r.multiplier === 'string' ? r.multiplier : '';
      return checkDraw(n, r.draw_date.slice(0, 10), nums.slice(0, 5), nums[5]!, mult);
    } catch (err) {
      if (err instanceof DrawImportError) throw new DrawImportError(n, err.reason, 'record');
      throw err;
    }
  });
  return finish('ny_json', draws, 0);
}

/** Where the first JSON syntax error is (JSON.parse does not always say), as a string offset. */
function jsonErrorOffset(s: string): number {
  let i = 0;
  const ws = () => {
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r') i++;
  };
  const word = (w: string) => {
    if (!s.startsWith(w, i)) return false;
    i += w.length;
    return true;
  };
  const str = (): boolean => {
    i++; // the opening quote
    for (;;) {
      const c = s[i];
      if (c === undefined || c < ' ') return false;
      if (c === '"') {
        i++;
        return true;
      }
      if (c === '\\') {
        const m = /\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/y;
        m.lastIndex = i;
        if (!m.test(s)) return false;
        i = m.lastIndex;
      } else i++;
    }
  };
  const num = () => {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = i;
    if (!m.test(s)) return false;
    i = m.lastIndex;
    return true;
  };
  const list = (close: string, item: () => boolean): boolean => {
    i++; // the opening bracket
    ws();
    if (s[i] === close) return word(close);
    for (;;) {
      ws();
      if (!item()) return false;
      ws();
      if (s[i] === close) return word(close);
      if (!word(',')) return false;
    }
  };
  const member = () => s[i] === '"' && str() && (ws(), word(':')) && value();
  const value = (): boolean => {
    ws();
    const c = s[i];
    if (c === '{') return list('}', member);
    if (c === '[') return list(']', value);
    if (c === '"') return str();
    if (c === 't') return word('true');
    if (c === 'f') return word('false');
    if (c === 'n') return word('null');
    return num();
  };
  try {
    if (value()) ws();
  } catch {
    return 0; // nested too deep to scan: report the first line
  }
  return Math.min(i, s.length);
}

function usDate(line: number, text: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!m) throw new DrawImportError(line, `date "${text}" is not MM/DD/YYYY`);
  return `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
}

function splitNumbers(line: number, text: string): string[] {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new DrawImportError(
      line,
      `winning numbers "${text}" must be 6 numbers (5 white balls, then the Powerball)`,
    );
  }
  return parts;
}

function toInt(line: number, what: string, text: string): number {
  if (!/^\d{1,3}$/.test(text))
    throw new DrawImportError(line, `${what} "${text}" is not a whole number`);
  return Number(text);
}

function checkDraw(
  line: number,
  date: string,
  whites: string[],
  pb: string,
  multiplier: string,
): ParsedDraw {
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
  ) {
    throw new DrawImportError(line, `"${date}" is not a valid date`);
  }
  const era = eraForDate(date);
  if (!era)
    throw new DrawImportError(
      line,
      `draw date ${date} is before the first supported matrix (2005-08-31)`,
    );
  const balls = whites.map((w, k) => toInt(line, `white ball ${k + 1}`, w)).sort((a, b) => a - b);
  for (const b of balls) {
    if (b < 1 || b > era.whiteMax) {
      throw new DrawImportError(
        line,
        `white ball ${b} is outside 1..${era.whiteMax} for a draw on ${date}`,
      );
    }
  }
  if (new Set(balls).size !== 5)
    throw new DrawImportError(line, `white balls ${balls.join(' ')} repeat a number`);
  const powerball = toInt(line, 'Powerball', pb);
  if (powerball < 1 || powerball > era.powerballMax) {
    throw new DrawImportError(
      line,
      `Powerball ${powerball} is outside 1..${era.powerballMax} for a draw on ${date}`,
    );
  }
  let mult: number | null = null;
  if (multiplier !== '') {
    mult = toInt(line, 'multiplier', multiplier);
    if (mult < 1 || mult > 10)
      throw new DrawImportError(line, `multiplier ${mult} is outside 1..10`);
  }
  return { draw_date: date, white_balls: balls, powerball, multiplier: mult, line };
}

/** Drops exact repeats; a date given twice with different numbers is an error. */
function finish(format: DrawFormat, draws: ParsedDraw[], skipped: number): ParsedFile {
  const byDate = new Map<string, ParsedDraw>();
  for (const d of draws) {
    const prev = byDate.get(d.draw_date);
    const unit = format === 'ny_json' ? 'record' : 'line';
    if (
      prev &&
      (prev.powerball !== d.powerball || prev.white_balls.join() !== d.white_balls.join())
    ) {
      throw new DrawImportError(
        d.line,
        `draw ${d.draw_date} appears twice with different numbers (first at ${unit} ${prev.line})`,
        unit,
      );
    }
    if (
      prev &&
      prev.multiplier !== null &&
      d.multiplier !== null &&
      prev.multiplier !== d.multiplier
    ) {
      throw new DrawImportError(
        d.line,
        `draw ${d.draw_date} appears twice with different multipliers (first at ${unit} ${prev.line})`,
        unit,
      );
    }
    if (!prev || d.multiplier !== null) byDate.set(d.draw_date, d);
  }
  return { format, draws: [...byDate.values()], skipped };
}
