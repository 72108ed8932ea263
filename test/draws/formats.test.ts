import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DrawImportError, parseDrawFile, type ParsedFile } from '../../src/main/draws/formats';
import { eraForDate } from '../../src/shared/powerball';

const SHARED_DRAWS = path.resolve(__dirname, '../../../shared/data/powerball-draws-2006-2025.csv');

const SHIOL_HEADER = 'draw_date,white_1,white_2,white_3,white_4,white_5,powerball';
const NY_HEADER = 'Draw Date,Winning Numbers,Multiplier';
const NC_HEADER = 'Date,Ball 1,Ball 2,Ball 3,Ball 4,Ball 5,Powerball,Power Play,SubName';

/** Lines joined with \n and a final newline. */
const lines = (...ls: string[]) => ls.join('\n') + '\n';

/** The DrawImportError that parsing `text` throws (fails the test if it throws anything else). */
function importError(text: string): DrawImportError {
  let result: ParsedFile;
  try {
    result = parseDrawFile(text);
  } catch (err) {
    if (err instanceof DrawImportError) return err;
    throw err;
  }
  throw new Error(`expected a DrawImportError, parsed ${result.draws.length} draws`);
}

/** Parses one SHIOL CSV row and returns the error, if any. */
const shiolRow = (row: string) => lines(SHIOL_HEADER, row);

describe('parseDrawFile: the SHIOL CSV', () => {
  it('finds the shared history in ../shared/data next to the repo', () => {
    const repoRoot = path.resolve(__dirname, '../..');
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      name: string;
    };
    expect(pkg.name).toBe('shiol-batch');
    expect(SHARED_DRAWS).toBe(
      path.join(path.dirname(repoRoot), 'shared', 'data', 'powerball-draws-2006-2025.csv'),
    );
    expect(existsSync(SHARED_DRAWS)).toBe(true);
  });

  it('parses the real 2006-2025 file', () => {
    const file = parseDrawFile(readFileSync(SHARED_DRAWS, 'utf8'));
    expect(file.format).toBe('shiol_csv');
    expect(file.skipped).toBe(0);
    expect(file.draws).toHaveLength(2235);

    // The file stores whites unsorted; the parser sorts them.
    expect(file.draws[0]).toEqual({
      draw_date: '2006-05-31',
      white_balls: [10, 20, 22, 43, 49],
      powerball: 3,
      multiplier: null,
      line: 2,
    });
    expect(file.draws.at(-1)).toMatchObject({ draw_date: '2025-10-04', line: 2236 });
    expect(file.draws.filter((d) => d.draw_date >= '2015-10-07')).toHaveLength(1259);
    expect(new Set(file.draws.map((d) => d.draw_date)).size).toBe(2235);

    for (const d of file.draws) {
      const era = eraForDate(d.draw_date)!;
      expect(d.white_balls).toHaveLength(5);
      for (let k = 1; k < 5; k++) expect(d.white_balls[k]!).toBeGreaterThan(d.white_balls[k - 1]!);
      expect(d.white_balls[0]!).toBeGreaterThanOrEqual(1);
      expect(d.white_balls[4]!).toBeLessThanOrEqual(era.whiteMax);
      expect(d.powerball).toBeGreaterThanOrEqual(1);
      expect(d.powerball).toBeLessThanOrEqual(era.powerballMax);
      expect(d.multiplier).toBeNull();
    }
  });

  const synthetic = lines(
    SHIOL_HEADER,
    '2016-01-02,40,3,69,17,25,26',
    '2012-01-21,59,1,30,12,8,35',
    '2008-03-01,55,2,44,9,31,42',
  );

  it('parses synthetic rows of different eras and sorts the whites', () => {
    const file = parseDrawFile(synthetic);
    expect(file).toEqual({
      format: 'shiol_csv',
      skipped: 0,
      draws: [
        {
          draw_date: '2016-01-02',
          white_balls: [3, 17, 25, 40, 69],
          powerball: 26,
          multiplier: null,
          line: 2,
        },
        {
          draw_date: '2012-01-21',
          white_balls: [1, 8, 12, 30, 59],
          powerball: 35,
          multiplier: null,
          line: 3,
        },
        {
          draw_date: '2008-03-01',
          white_balls: [2, 9, 31, 44, 55],
          powerball: 42,
          multiplier: null,
          line: 4,
        },
      ],
    });
  });

  it('handles a BOM, CRLF line ends, blank lines and spaces around values', () => {
    const crlf = '\uFEFF' + synthetic.replaceAll('\n', '\r\n');
    expect(parseDrawFile(crlf)).toEqual(parseDrawFile(synthetic));

    const spaced = lines(
      ` ${SHIOL_HEADER.toUpperCase()} `,
      '',
      ' 2016-01-02 , 40 ,3,69,17,25, 26',
      '',
    );
    const file = parseDrawFile(spaced);
    expect(file.draws).toEqual([
      {
        draw_date: '2016-01-02',
        white_balls: [3, 17, 25, 40, 69],
        powerball: 26,
        multiplier: null,
        line: 3,
      },
    ]);
  });

  it('accepts old Mac line ends (CR only)', () => {
    const file = parseDrawFile(synthetic.replaceAll('\n', '\r'));
    expect(file.draws.map((d) => [d.draw_date, d.line])).toEqual([
      ['2016-01-02', 2],
      ['2012-01-21', 3],
      ['2008-03-01', 4],
    ]);
  });

  it('keeps the physical line numbers of CRLF files in errors', () => {
    const text = lines(SHIOL_HEADER, '2016-01-02,40,3,69,17,25,26', '2016-01-06,1,2,3,4,5,27');
    const err = importError('\uFEFF' + text.replaceAll('\n', '\r\n'));
    expect(err.line).toBe(3);
    expect(err.message).toBe('line 3: Powerball 27 is outside 1..26 for a draw on 2016-01-06');
  });

  it('parses a header-only file as no draws', () => {
    expect(parseDrawFile(SHIOL_HEADER + '\n')).toEqual({
      format: 'shiol_csv',
      draws: [],
      skipped: 0,
    });
  });
});

describe('parseDrawFile: the NY Open Data CSV', () => {
  const ny = lines(
    NY_HEADER,
    '09/26/2020,11 21 27 36 62 24,3',
    '09/23/2020,08 17 49 52 59 01,',
    '01/04/2012,59 05 38 13 29 39,2',
  );

  it('reads MM/DD/YYYY, zero-padded numbers, the last as the Powerball, and empty multipliers', () => {
    expect(parseDrawFile(ny)).toEqual({
      format: 'ny_csv',
      skipped: 0,
      draws: [
        {
          draw_date: '2020-09-26',
          white_balls: [11, 21, 27, 36, 62],
          powerball: 24,
          multiplier: 3,
          line: 2,
        },
        {
          draw_date: '2020-09-23',
          white_balls: [8, 17, 49, 52, 59],
          powerball: 1,
          multiplier: null,
          line: 3,
        },
        // 2012-01-04 is still the 59/39 matrix: Powerball 39 is fine.
        {
          draw_date: '2012-01-04',
          white_balls: [5, 13, 29, 38, 59],
          powerball: 39,
          multiplier: 2,
          line: 4,
        },
      ],
    });
  });

  it('accepts a row that leaves off the empty Multiplier, and a file without that column', () => {
    const short = lines(NY_HEADER, '09/23/2020,08 17 49 52 59 01');
    expect(parseDrawFile(short).draws[0]).toMatchObject({ powerball: 1, multiplier: null });
    const noColumn = lines('Draw Date,Winning Numbers', '9/3/2020,1 2 3 4 5 6');
    expect(parseDrawFile(noColumn).draws[0]).toMatchObject({
      draw_date: '2020-09-03',
      white_balls: [1, 2, 3, 4, 5],
      powerball: 6,
      multiplier: null,
    });
  });

  it('handles quoted headers and fields, a BOM and CRLF', () => {
    const text =
      '\uFEFF"Draw Date","Winning Numbers","Multiplier"\r\n"09/26/2020","11 21 27 36 62 24","3"\r\n';
    expect(parseDrawFile(text).draws).toEqual([
      {
        draw_date: '2020-09-26',
        white_balls: [11, 21, 27, 36, 62],
        powerball: 24,
        multiplier: 3,
        line: 2,
      },
    ]);
  });

  it('rejects a date that is not MM/DD/YYYY', () => {
    const err = importError(
      lines(NY_HEADER, '09/26/2020,11 21 27 36 62 24,3', '2020-09-23,08 17 49 52 59 01,'),
    );
    expect(err.line).toBe(3);
    expect(err.message).toBe('line 3: date "2020-09-23" is not MM/DD/YYYY');
  });

  it('rejects a month or day that does not exist', () => {
    expect(importError(lines(NY_HEADER, '13/01/2020,11 21 27 36 62 24,3')).message).toBe(
      'line 2: "2020-13-01" is not a valid date',
    );
    expect(importError(lines(NY_HEADER, '02/30/2020,11 21 27 36 62 24,3')).message).toBe(
      'line 2: "2020-02-30" is not a valid date',
    );
  });

  it('rejects the wrong count of numbers', () => {
    const five = importError(lines(NY_HEADER, '09/26/2020,11 21 27 36 62,3'));
    expect(five.message).toBe(
      'line 2: winning numbers "11 21 27 36 62" must be 6 numbers (5 white balls, then the Powerball)',
    );
    const seven = importError(lines(NY_HEADER, '09/26/2020,11 21 27 36 62 24 01,3'));
    expect(seven.line).toBe(2);
    expect(seven.reason).toMatch(/must be 6 numbers/);
    expect(importError(lines(NY_HEADER, '09/26/2020,,3')).reason).toMatch(/must be 6 numbers/);
  });

  it('rejects a bad multiplier', () => {
    expect(importError(lines(NY_HEADER, '09/26/2020,11 21 27 36 62 24,11')).message).toBe(
      'line 2: multiplier 11 is outside 1..10',
    );
    expect(importError(lines(NY_HEADER, '09/26/2020,11 21 27 36 62 24,0')).reason).toBe(
      'multiplier 0 is outside 1..10',
    );
    expect(importError(lines(NY_HEADER, '09/26/2020,11 21 27 36 62 24,2X')).reason).toBe(
      'multiplier "2X" is not a whole number',
    );
  });
});

describe('parseDrawFile: the NY Open Data JSON', () => {
  const json = JSON.stringify([
    { draw_date: '2016-10-19T00:00:00.000', winning_numbers: '10 16 38 43 63 23', multiplier: '2' },
    { draw_date: '2016-10-22T00:00:00.000', winning_numbers: '63 10 01 44 20 26' },
    { draw_date: '2010-02-03T00:00:00.000', winning_numbers: '17 22 36 37 52 24', multiplier: '' },
  ]);

  it('reads string fields, ISO timestamps and missing or empty multipliers', () => {
    expect(parseDrawFile(json)).toEqual({
      format: 'ny_json',
      skipped: 0,
      draws: [
        {
          draw_date: '2016-10-19',
          white_balls: [10, 16, 38, 43, 63],
          powerball: 23,
          multiplier: 2,
          line: 1,
        },
        {
          draw_date: '2016-10-22',
          white_balls: [1, 10, 20, 44, 63],
          powerball: 26,
          multiplier: null,
          line: 2,
        },
        {
          draw_date: '2010-02-03',
          white_balls: [17, 22, 36, 37, 52],
          powerball: 24,
          multiplier: null,
          line: 3,
        },
      ],
    });
  });

  it('accepts a BOM, leading whitespace and an empty array', () => {
    expect(parseDrawFile('\uFEFF\n  ' + json).draws).toHaveLength(3);
    expect(parseDrawFile('[]')).toEqual({ format: 'ny_json', draws: [], skipped: 0 });
  });

  it('names the record of a bad draw', () => {
    const bad = JSON.stringify([
      { draw_date: '2016-10-19T00:00:00.000', winning_numbers: '10 16 38 43 63 23' },
      { draw_date: '2016-10-22T00:00:00.000', winning_numbers: '10 16 38 43 70 23' },
    ]);
    const err = importError(bad);
    expect(err.line).toBe(2);
    expect(err.message).toBe('record 2: white ball 70 is outside 1..69 for a draw on 2016-10-22');
  });

  it('rejects records without string fields', () => {
    const numbers = JSON.stringify([
      { draw_date: '2016-10-19T00:00:00.000', winning_numbers: [10, 16] },
    ]);
    expect(importError(numbers).message).toBe(
      'record 1: needs string fields draw_date and winning_numbers',
    );
    expect(importError('[null]').message).toBe(
      'record 1: needs string fields draw_date and winning_numbers',
    );
    const noWinning = JSON.stringify([
      { draw_date: '2016-10-19T00:00:00.000', winning_numbers: '10 16 38 43 63 23' },
      {},
    ]);
    expect(importError(noWinning).line).toBe(2);
  });

  it('rejects invalid JSON, naming the line of the error', () => {
    const text = [
      '[',
      '{"draw_date":"2016-10-19T00:00:00.000","winning_numbers":"10 16 38 43 63 23"},',
      '{"draw_date": }',
      ']',
    ].join('\n');
    const err = importError(text);
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/^line 3: not valid JSON \(.+\)$/);
    expect(err.message).not.toContain('\n');

    const truncated = '[\n{"draw_date":"2016-10-19T00:00:00.000",\n"winning_numbers":"10 16';
    expect(importError(truncated).message).toMatch(/^line 3: not valid JSON/);
    const trailingComma =
      '\n\n[{"draw_date":"2016-10-19T00:00:00.000","winning_numbers":"1 2 3 4 5 6"},]';
    expect(importError(trailingComma).message).toMatch(/^line 3: not valid JSON/);
    const afterEnd = '[]\n\n]';
    expect(importError(afterEnd).message).toMatch(/^line 3: not valid JSON/);
  });

  it('still reports a DrawImportError for absurdly nested invalid JSON', () => {
    const err = importError('['.repeat(200_000));
    expect(err.message).toMatch(/^line 1: not valid JSON/);
  });

  it('rejects JSON that is not an array', () => {
    expect(importError('{"error": true, "message": "query failed"}').message).toBe(
      'line 1: expected a JSON array of NY Open Data records',
    );
  });

  it('rejects a conflicting duplicate date, naming both records', () => {
    const dup = JSON.stringify([
      { draw_date: '2016-10-19T00:00:00.000', winning_numbers: '10 16 38 43 63 23' },
      { draw_date: '2016-10-22T00:00:00.000', winning_numbers: '63 10 01 44 20 26' },
      { draw_date: '2016-10-19T00:00:00.000', winning_numbers: '10 16 38 43 63 22' },
    ]);
    expect(importError(dup).message).toBe(
      'record 3: draw 2016-10-19 appears twice with different numbers (first at record 1)',
    );
  });
});

describe('parseDrawFile: the NC Lottery CSV', () => {
  const nc = lines(
    NC_HEADER,
    '10/08/2025,68,3,47,7,67,2,2,',
    '10/08/2025,14,20,33,41,60,9,,Double Play',
    '10/06/2025,28,8,17,55,22,14,,',
    '10/06/2025,1,5,9,12,50,20,,Double Play',
    '"The information on this page is unofficial, and in case of a discrepancy, the official drawing results prevail."',
  );

  it('skips Double Play rows and the trailing disclaimer, sorts balls in drawn order', () => {
    expect(parseDrawFile(nc)).toEqual({
      format: 'nc_csv',
      skipped: 3,
      draws: [
        {
          draw_date: '2025-10-08',
          white_balls: [3, 7, 47, 67, 68],
          powerball: 2,
          multiplier: 2,
          line: 2,
        },
        {
          draw_date: '2025-10-06',
          white_balls: [8, 17, 22, 28, 55],
          powerball: 14,
          multiplier: null,
          line: 4,
        },
      ],
    });
  });

  it('skips a disclaimer that fills every column, or spans lines, and keeps counting lines', () => {
    const full = lines(
      NC_HEADER,
      '10/08/2025,68,3,47,7,67,2,2,',
      '"Unofficial, see nclottery.com",,,,,,,,',
    );
    expect(parseDrawFile(full)).toMatchObject({ skipped: 1, draws: [{ line: 2 }] });

    const multiLine = lines(
      NC_HEADER,
      '10/08/2025,68,3,47,7,67,2,2,',
      '"Unofficial results,\nsee the official site"',
      '"Second disclaimer, also skipped"',
    );
    expect(parseDrawFile(multiLine)).toMatchObject({ skipped: 2 });

    // A quoted field that spans lines: the next record's line number is the physical line.
    const spanning = lines(
      NC_HEADER,
      '10/08/2025,14,20,33,41,60,9,,"Double\nPlay"',
      '10/06/2025,28,8,17,55,22,27,,',
    );
    const err = importError(spanning);
    expect(err.line).toBe(4);
    expect(err.reason).toBe('Powerball 27 is outside 1..26 for a draw on 2025-10-06');
  });

  it('rejects an empty Ball 1 in a row that is not trailing', () => {
    const text = lines(NC_HEADER, '10/08/2025,,3,47,7,67,2,2,', '10/06/2025,28,8,17,55,22,14,,');
    const err = importError(text);
    expect(err.line).toBe(2);
    expect(err.reason).toMatch(/"Ball 1" is empty/);
  });

  it('works without the optional Power Play and SubName columns', () => {
    const text = lines(
      'Date,Ball 1,Ball 2,Ball 3,Ball 4,Ball 5,Powerball',
      '1/7/2009,56,3,47,7,59,39',
    );
    expect(parseDrawFile(text).draws).toEqual([
      {
        draw_date: '2009-01-07',
        white_balls: [3, 7, 47, 56, 59],
        powerball: 39,
        multiplier: null,
        line: 2,
      },
    ]);
  });

  it('rejects a row with a missing ball', () => {
    const text = lines(NC_HEADER, '10/08/2025,68,3,47,7,,2,2,');
    expect(importError(text).message).toBe('line 2: white ball 5 "" is not a whole number');
  });
});

describe('parseDrawFile: matrix eras', () => {
  const ok = (date: string, whites: string, pb: number) =>
    parseDrawFile(shiolRow(`${date},${whites},${pb}`)).draws[0]!;
  const bad = (date: string, whites: string, pb: number) =>
    importError(shiolRow(`${date},${whites},${pb}`)).message;

  it('checks white balls against the era of the date', () => {
    expect(bad('2014-01-01', '1,2,3,4,62', 5)).toBe(
      'line 2: white ball 62 is outside 1..59 for a draw on 2014-01-01',
    );
    expect(ok('2016-01-02', '1,2,3,4,62', 5).white_balls).toEqual([1, 2, 3, 4, 62]);
    expect(bad('2008-12-31', '1,2,3,4,56', 5)).toMatch(/white ball 56 is outside 1\.\.55/);
    expect(ok('2009-01-07', '1,2,3,4,56', 5).white_balls[4]).toBe(56);
    expect(bad('2015-10-03', '1,2,3,4,60', 5)).toMatch(/white ball 60 is outside 1\.\.59/);
    expect(ok('2015-10-07', '1,2,3,4,69', 5).white_balls[4]).toBe(69);
    expect(bad('2016-01-02', '1,2,3,4,70', 5)).toMatch(/white ball 70 is outside 1\.\.69/);
    expect(bad('2016-01-02', '0,2,3,4,5', 5)).toMatch(/white ball 0 is outside 1\.\.69/);
  });

  it('checks the Powerball against the era of the date', () => {
    expect(bad('2016-01-01', '1,2,3,4,5', 30)).toBe(
      'line 2: Powerball 30 is outside 1..26 for a draw on 2016-01-01',
    );
    expect(ok('2015-10-03', '1,2,3,4,5', 30).powerball).toBe(30);
    expect(bad('2015-10-07', '1,2,3,4,5', 27)).toMatch(/Powerball 27 is outside 1\.\.26/);
    expect(bad('2012-01-18', '1,2,3,4,5', 36)).toMatch(/Powerball 36 is outside 1\.\.35/);
    expect(ok('2012-01-14', '1,2,3,4,5', 39).powerball).toBe(39);
    expect(bad('2012-01-14', '1,2,3,4,5', 40)).toMatch(/Powerball 40 is outside 1\.\.39/);
    expect(ok('2008-12-31', '1,2,3,4,5', 42).powerball).toBe(42);
    expect(bad('2009-01-07', '1,2,3,4,5', 42)).toMatch(/Powerball 42 is outside 1\.\.39/);
    expect(bad('2016-01-02', '1,2,3,4,5', 0)).toMatch(/Powerball 0 is outside 1\.\.26/);
  });

  it('rejects dates before the first supported matrix', () => {
    expect(bad('2005-08-30', '1,2,3,4,5', 6)).toBe(
      'line 2: draw date 2005-08-30 is before the first supported matrix (2005-08-31)',
    );
    expect(ok('2005-08-31', '1,2,3,4,5', 6).draw_date).toBe('2005-08-31');
  });
});

describe('parseDrawFile: malformed files', () => {
  it('rejects bad ISO dates', () => {
    expect(importError(shiolRow('2016-02-30,1,2,3,4,5,6')).message).toBe(
      'line 2: "2016-02-30" is not a valid date',
    );
    expect(importError(shiolRow('2016-1-02,1,2,3,4,5,6')).reason).toBe(
      '"2016-1-02" is not a valid date',
    );
    expect(importError(shiolRow('01/02/2016,1,2,3,4,5,6')).reason).toBe(
      '"01/02/2016" is not a valid date',
    );
  });

  it('rejects rows with too few values', () => {
    const err = importError(lines(SHIOL_HEADER, '2016-01-02,1,2,3,4,5,6', '2016-01-06,1,2,3,4,5'));
    expect(err.message).toBe('line 3: the row has no "powerball" value');
  });

  it('rejects a repeated white ball', () => {
    expect(importError(shiolRow('2016-01-02,7,2,7,4,5,6')).message).toBe(
      'line 2: white balls 2 4 5 7 7 repeat a number',
    );
  });

  it('rejects values that are not whole numbers', () => {
    expect(importError(shiolRow('2016-01-02,1,2,x,4,5,6')).message).toBe(
      'line 2: white ball 3 "x" is not a whole number',
    );
    expect(importError(shiolRow('2016-01-02,1,2,3,4,5,1.5')).reason).toBe(
      'Powerball "1.5" is not a whole number',
    );
    expect(importError(shiolRow('2016-01-02,-1,2,3,4,5,6')).reason).toBe(
      'white ball 1 "-1" is not a whole number',
    );
  });

  it('rejects an unknown header, naming its line', () => {
    const err = importError(lines('date,a,b,c', '2016-01-02,1,2,3'));
    expect(err.line).toBe(1);
    expect(err.message).toMatch(
      /^line 1: unrecognized header "date,a,b,c"; expected the SHIOL CSV/,
    );
    expect(importError('\n\nfoo,bar\n1,2\n').line).toBe(3);
  });

  it('rejects an empty file', () => {
    for (const text of ['', '\uFEFF', '  \r\n\n\t']) {
      const err = importError(text);
      expect(err.message).toBe('line 1: the file is empty');
    }
    expect(importError('""\n').message).toBe('line 1: the file has no header row');
  });

  it('rejects an unclosed quote, naming the line where the field starts', () => {
    const text = lines(
      SHIOL_HEADER,
      '2016-01-02,1,2,3,4,5,6',
      '2016-01-06,"1,2,3,4,5,6',
      '2016-01-09,1,2,3,4,5,6',
    );
    const err = importError(text);
    expect(err.line).toBe(3);
    expect(err.message).toBe('line 3: a quoted field is never closed');
  });

  it('rejects a date given twice with different numbers', () => {
    const text = lines(
      SHIOL_HEADER,
      '2016-01-02,1,2,3,4,5,6',
      '2016-01-06,1,2,3,4,5,6',
      '2016-01-02,1,2,3,4,5,7',
    );
    expect(importError(text).message).toBe(
      'line 4: draw 2016-01-02 appears twice with different numbers (first at line 2)',
    );
  });

  it('rejects a date given twice with different multipliers', () => {
    const text = lines(
      NY_HEADER,
      '01/02/2016,01 02 03 04 05 06,2',
      '01/02/2016,01 02 03 04 05 06,3',
    );
    expect(importError(text).message).toBe(
      'line 3: draw 2016-01-02 appears twice with different multipliers (first at line 2)',
    );
  });

  it('is an Error subclass with line and reason', () => {
    const err = importError(shiolRow('2016-01-02,1,2,3,4,5,27'));
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('DrawImportError');
    expect(err.line).toBe(2);
    expect(err.reason).toBe('Powerball 27 is outside 1..26 for a draw on 2016-01-02');
  });
});

describe('parseDrawFile: duplicates', () => {
  it('drops exact repeats, whatever order the whites are in', () => {
    const text = lines(
      SHIOL_HEADER,
      '2016-01-02,5,4,3,2,1,6',
      '2016-01-06,1,2,3,4,5,7',
      '2016-01-02,1,2,3,4,5,6',
    );
    const file = parseDrawFile(text);
    expect(file.draws.map((d) => d.draw_date)).toEqual(['2016-01-02', '2016-01-06']);
    expect(file.draws[0]).toMatchObject({ white_balls: [1, 2, 3, 4, 5], powerball: 6 });
  });

  it('keeps the multiplier when only one of the repeats has it', () => {
    const withFirst = lines(
      NY_HEADER,
      '01/02/2016,01 02 03 04 05 06,2',
      '01/02/2016,01 02 03 04 05 06,',
    );
    expect(parseDrawFile(withFirst).draws).toEqual([
      {
        draw_date: '2016-01-02',
        white_balls: [1, 2, 3, 4, 5],
        powerball: 6,
        multiplier: 2,
        line: 2,
      },
    ]);
    const withSecond = lines(
      NY_HEADER,
      '01/02/2016,01 02 03 04 05 06,',
      '01/02/2016,01 02 03 04 05 06,4',
    );
    expect(parseDrawFile(withSecond).draws).toEqual([
      {
        draw_date: '2016-01-02',
        white_balls: [1, 2, 3, 4, 5],
        powerball: 6,
        multiplier: 4,
        line: 3,
      },
    ]);
  });
});
