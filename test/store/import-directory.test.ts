/**
 * importDirectory: the CSV import of a market-data directory.
 * Fixtures named SYNTHETIC below are hand-written for edge cases: their prices are made up.
 * Tests on real data read ../shared/market-data and are skipped when it is absent.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { DuckDbStore } from '../../src/store/duckdb-store.js';
import { importDirectory, planDirectory, type FileReport, type ImportOptions } from '../../src/store/import-directory.js';
import { StorePriceReader } from '../../src/store/store-price-reader.js';
import type { DailyBar } from '../../src/market/price-reader.js';
import {
  DAILY_HEADER,
  INTRADAY_HEADER,
  csv,
  readCsvRows,
  readSharedDaily,
  sharedSubset,
  writeMarketDir,
} from '../helpers/fixtures.js';
import { HAS_SHARED, SHARED } from '../helpers/paths.js';
import { dailySummary, memoryStore, rawRows } from '../helpers/store.js';
import { makeTempDir, removeTempDirs, writeText } from '../helpers/tmp.js';

afterAll(removeTempDirs);

const ALL = { from: '0001-01-01', to: '9999-12-31' }; // wide enough to show a year-0026 row

async function bars(store: DuckDbStore, symbol: string): Promise<DailyBar[]> {
  return new StorePriceReader(store).daily(symbol, ALL.from, ALL.to);
}

function only(reports: FileReport[], symbol: string): FileReport {
  const found = reports.filter((r) => r.symbol === symbol);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** Imports `spec` into a fresh in-memory store. */
async function importSpec(spec: Parameters<typeof writeMarketDir>[0], options: ImportOptions = {}) {
  const store = await memoryStore();
  const dir = writeMarketDir(spec);
  const report = await importDirectory(store, dir, undefined, options);
  return { store, dir, report };
}

/**
 * Row-level judging is what `replace` stores; without it, a file with duplicate dates or
 * non-positive prices is refused whole (test/store/import-refusals.test.ts).
 */
const REPLACE: ImportOptions = { replace: true };

// SYNTHETIC: made-up prices.
const V1 = csv(DAILY_HEADER, ['2026-01-02,10,11,9,10.5', '2026-01-05,10.5,11.5,10,11', '2026-01-06,11,12,10.5,11.5']);

describe('importDirectory: good daily files (synthetic)', () => {
  it('stores full OHLC rows, with adj_close = close and returns over consecutive rows', async () => {
    const { store, report } = await importSpec({ daily: { GOOD: V1 } });
    const r = only(report.files, 'GOOD');
    expect(r).toMatchObject({ kind: 'daily', status: 'imported', rows_read: 3, rows_stored: 3, rows_rejected: 0, rejects: [] });
    expect(r.error).toBeUndefined();
    const stored = await bars(store, 'GOOD');
    expect(stored.map((b) => [b.date, b.open, b.high, b.low, b.close, b.adj_close])).toEqual([
      ['2026-01-02', 10, 11, 9, 10.5, 10.5],
      ['2026-01-05', 10.5, 11.5, 10, 11, 11],
      ['2026-01-06', 11, 12, 10.5, 11.5, 11.5],
    ]);
    expect(stored[0]!.simple_return).toBeNull();
    expect(stored[1]!.simple_return).toBeCloseTo(11 / 10.5 - 1, 12);
    expect(stored[2]!.log_return).toBeCloseTo(Math.log(11.5 / 11), 12);
    store.close();
  });

  it('stores close-only rows (empty open/high/low, as in CHKP.csv) with null OHLC', async () => {
    const { store, report } = await importSpec({
      daily: { CLOSEONLY: csv(DAILY_HEADER, ['2026-01-02,,,,103.5', '2026-01-05,,,,104.25']) },
    });
    expect(only(report.files, 'CLOSEONLY')).toMatchObject({ status: 'imported', rows_stored: 2, rows_rejected: 0 });
    const stored = await bars(store, 'CLOSEONLY');
    expect(stored.map((b) => [b.date, b.open, b.high, b.low, b.close])).toEqual([
      ['2026-01-02', null, null, null, 103.5],
      ['2026-01-05', null, null, null, 104.25],
    ]);
    store.close();
  });

  it('accepts header case, whitespace around values, CRLF line ends and extra columns', async () => {
    const text = 'Date,Open,High,Low,Close,Volume\r\n 2026-01-02 , 10 , 11 , 9 , 10.5 ,100\r\n2026-01-05,10,11,9,10.75,200\r\n';
    const { store, report } = await importSpec({ daily: { MIXED: text } });
    expect(only(report.files, 'MIXED')).toMatchObject({ status: 'imported', rows_read: 2, rows_stored: 2 });
    expect((await bars(store, 'MIXED')).map((b) => [b.date, b.close])).toEqual([
      ['2026-01-02', 10.5],
      ['2026-01-05', 10.75],
    ]);
    store.close();
  });

  it('accepts a UTF-8 byte-order mark before the header', async () => {
    const text = `\uFEFF${csv(DAILY_HEADER, ['2026-01-02,10,11,9,10.5'])}`;
    const { store, report } = await importSpec({ daily: { BOM: text } });
    expect(only(report.files, 'BOM')).toMatchObject({ status: 'imported', rows_stored: 1 });
    store.close();
  });
});

describe('importDirectory: rejected rows (synthetic)', () => {
  // Line 1 is the header; the comments give each row's file line.
  const BAD = csv(DAILY_HEADER, [
    '2026-01-02,10,11,9,10.5', //     2 ok
    '2026-02-30,10,11,9,10.5', //     3 bad date (no such day)
    'x,10,11,9,10.5', //              4 bad date
    '2026-01-05,abc,11,9,10.5', //    5 unparsable number (open)
    '2026-01-06,10,11,9,NaN', //      6 unparsable number (close)
    '2026-01-07,10,inf,9,10.5', //    7 unparsable number (high)
    '2026-01-08,10,11,9,0', //        8 non-positive price (close 0)
    '2026-01-09,10,11,-1,10.5', //    9 non-positive price (low -1)
    '2026-01-02,10,11,9,99', //      10 duplicate date (of line 2: the first is kept)
    '2026-01-12,10,11,9,', //        11 missing close
    '2026-01-13,,,,12', //           12 ok (close only)
    '2026-01-14,10,11,9,10.8', //    13 ok
  ]);

  it('counts each reason with its line numbers and stores only the valid rows', async () => {
    const { store, report } = await importSpec({ daily: { BAD } }, REPLACE);
    const r = only(report.files, 'BAD');
    expect(r.status).toBe('imported');
    expect(r.rows_read).toBe(12);
    expect(r.rows_stored).toBe(3);
    expect(r.rows_rejected).toBe(9);
    expect(r.rejects).toEqual([
      { reason: 'bad date', count: 2, lines: [3, 4] },
      { reason: 'unparsable number', count: 3, lines: [5, 6, 7] },
      { reason: 'non-positive price', count: 2, lines: [8, 9] },
      { reason: 'duplicate date', count: 1, lines: [10] },
      { reason: 'missing close', count: 1, lines: [11] },
    ]);
    const stored = await bars(store, 'BAD');
    expect(stored.map((b) => [b.date, b.close])).toEqual([
      ['2026-01-02', 10.5], // the first of the duplicated date, not 99
      ['2026-01-13', 12],
      ['2026-01-14', 10.8],
    ]);
    store.close();
  });

  it('rejects every non-finite spelling and a negative zero; the first failing rule wins', async () => {
    const text = csv(DAILY_HEADER, [
      '2026-01-02,10,11,9,10', //      2 ok
      '2026-01-05,10,11,9,-inf', //    3 unparsable
      '2026-01-06,10,11,9,Infinity', // 4 unparsable
      '2026-01-07,10,11,nan,10', //    5 unparsable
      '2026-01-08,10,11,9,-0', //      6 non-positive
      'x,abc,,,0', //                  7 bad date (also bad open and close: date is checked first)
      '2026-01-09,abc,11,9,  ', //     8 missing close (whitespace only) before the bad open
      '2026-01-12,0,11,9,abc', //      9 unparsable close before the zero open
    ]);
    const { store, report } = await importSpec({ daily: { EDGE: text } }, REPLACE);
    const r = only(report.files, 'EDGE');
    expect(r.rows_stored).toBe(1);
    expect(r.rejects).toEqual([
      { reason: 'unparsable number', count: 4, lines: [3, 4, 5, 9] },
      { reason: 'non-positive price', count: 1, lines: [6] },
      { reason: 'bad date', count: 1, lines: [7] },
      { reason: 'missing close', count: 1, lines: [8] },
    ]);
    store.close();
  });

  it('rejects a two-digit year instead of storing year 0026', async () => {
    const text = csv(DAILY_HEADER, ['2026-01-02,10,11,9,10.5', '26-01-05,10,11,9,10.6', '2026-01-06,10,11,9,10.7']);
    const { store, report } = await importSpec({ daily: { YY: text } });
    const r = only(report.files, 'YY');
    expect(r.rejects).toEqual([{ reason: 'bad date', count: 1, lines: [3] }]);
    expect((await bars(store, 'YY')).map((b) => b.date)).toEqual(['2026-01-02', '2026-01-06']);
    store.close();
  });

  it('rejects a two-digit year in an intraday time instead of storing year 0026', async () => {
    const text = csv(INTRADAY_HEADER, ['2026-01-29T09:30:00-05:00,10,11,9,10.5,1', '26-01-29T09:31:00-05:00,10,11,9,10.6,1']);
    const { store, report } = await importSpec({ intraday: { '1m': { YY: text } } });
    const r = only(report.files, 'YY');
    expect(r.rejects).toEqual([{ reason: 'bad time', count: 1, lines: [3] }]);
    expect(await rawRows(store, "SELECT close FROM intraday_bars WHERE symbol = 'YY'")).toEqual([{ close: 10.5 }]);
    store.close();
  });

  it('counts all rejects of a reason but lists the first five lines', async () => {
    const rows = ['2026-01-02,10,11,9,10'];
    for (let i = 0; i < 7; i++) rows.push(`2026-13-0${i + 1},10,11,9,10`); // lines 3..9, month 13
    const { store, report } = await importSpec({ daily: { MANY: csv(DAILY_HEADER, rows) } });
    const r = only(report.files, 'MANY');
    expect(r.rejects).toEqual([{ reason: 'bad date', count: 7, lines: [3, 4, 5, 6, 7] }]);
    expect(r.rows_rejected).toBe(7);
    store.close();
  });

  it('judges intraday rows too: bad time (no offset), negative volume, duplicate time', async () => {
    const text = csv(INTRADAY_HEADER, [
      '2026-01-29T09:30:00-05:00,10,11,9,10.5,100', // 2 ok
      '2026-01-29T09:31:00,10,11,9,10.5,100', //       3 bad time: no offset
      'soon,10,11,9,10.5,100', //                      4 bad time
      '2026-01-29T09:32:00-05:00,10,11,9,10.5,-5', //  5 negative volume
      '2026-01-29T09:33:00-05:00,10,11,9,10.5,abc', // 6 unparsable number (volume)
      '2026-01-29T14:30:00Z,10,11,9,10.5,100', //      7 duplicate time: same instant as line 2
      '2026-01-29T09:34:00-05:00,10,11,9,,100', //     8 missing close
      '2026-01-29T09:35:00-05:00,10,11,9,10.6,', //    9 ok (volume may be empty)
    ]);
    const { store, report } = await importSpec({ intraday: { '1m': { BARS: text } } }, REPLACE);
    const r = only(report.files, 'BARS');
    expect(r).toMatchObject({ kind: 'intraday/1m', status: 'imported', rows_read: 8, rows_stored: 2, rows_rejected: 6 });
    expect(r.rejects).toEqual([
      { reason: 'bad time', count: 2, lines: [3, 4] },
      { reason: 'negative volume', count: 1, lines: [5] },
      { reason: 'unparsable number', count: 1, lines: [6] },
      { reason: 'duplicate time', count: 1, lines: [7] },
      { reason: 'missing close', count: 1, lines: [8] },
    ]);
    store.close();
  });

  it('gives the file line number of a rejected row even after a blank line', async () => {
    // Line 3 is blank; the bad date is on line 5 of the file.
    const text = `${DAILY_HEADER}\n2026-01-02,10,11,9,10.5\n\n2026-01-05,10,11,9,10.6\n2026-02-30,10,11,9,10.7\n`;
    const { store, report } = await importSpec({ daily: { BLANK: text } });
    const r = only(report.files, 'BLANK');
    expect(r.rows_stored).toBe(2);
    expect(r.rejects).toEqual([{ reason: 'bad date', count: 1, lines: [5] }]);
    store.close();
  });

  it.skipIf(!HAS_SHARED)('keeps file line numbers in a large real file (PANW.csv, one row corrupted in a temp copy)', async () => {
    const text = readFileSync(join(SHARED, 'daily', 'PANW.csv'), 'utf8');
    const eol = text.includes('\r\n') ? '\r\n' : '\n'; // keep the file's line ends: mixed ones fail the file
    const lines = text.split(eol);
    const target = 2000; // 1-based file line
    const cells = lines[target - 1]!.split(',');
    cells[4] = 'abc'; // SYNTHETIC corruption of one real row
    lines[target - 1] = cells.join(',');
    const dir = makeTempDir();
    writeText(dir, 'daily/PANW.csv', lines.join(eol));
    const store = await memoryStore();
    const r = only((await importDirectory(store, dir)).files, 'PANW');
    const dataRows = lines.filter((l) => l.trim() !== '').length - 1;
    expect(r).toMatchObject({ status: 'imported', rows_read: dataRows, rows_stored: dataRows - 1, rows_rejected: 1 });
    expect(r.rejects).toEqual([{ reason: 'unparsable number', count: 1, lines: [target] }]);
    store.close();
  });
});

describe('importDirectory: failing files are rolled back, earlier data kept (synthetic)', () => {
  const failing: [string, string | Buffer, RegExp][] = [
    ['a header without a close column', 'date,open,high,low,price\n2026-01-07,1,2,0.5,1.5\n', /header lacks column\(s\) close/],
    ['a header only (zero rows)', `${DAILY_HEADER}\n`, /no valid rows/],
    ['only rejected rows', csv(DAILY_HEADER, ['2026-02-30,1,2,0.5,1.5', '2026-01-07,1,2,0.5,0']), /no valid rows/],
    [
      'bytes DuckDB cannot read (invalid UTF-8)',
      Buffer.concat([Buffer.from(`${DAILY_HEADER}\n2026-01-07,1,2,0.5,1.5\n2026-01-08,1,2,0.5,`), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]),
      /could not read the file/,
    ],
    ['mixed CRLF and LF line ends (DuckDB cannot sniff the dialect)', `${DAILY_HEADER}\r\n2026-01-07,1,2,0.5,1.5\r\n2026-01-08,1,2,0.5,1.6\n2026-01-09,1,2,0.5,1.7\r\n`, /could not read the file/],
  ];

  it('with replace, rejects a truncated row (interrupted download) and a row with more fields than the header, storing the rest', async () => {
    const dir = writeMarketDir({
      daily: { ACME: `${DAILY_HEADER}\n2026-01-07,1,2,0.5,1.5\n2026-01-08,1,2,0.5,1.5,9,9\n2026-01-09,1,2,0.5,1.6\n2026-01-12,1,2\n` },
    });
    const store = await memoryStore();
    const r = only((await importDirectory(store, dir, undefined, REPLACE)).files, 'ACME');
    expect(r.status).toBe('imported');
    expect(r.rows_stored).toBe(2);
    expect(r.rejects).toEqual([
      { reason: 'too many fields', count: 1, lines: [3] },
      { reason: 'missing close', count: 1, lines: [5] },
    ]);
  });

  for (const [what, v2, error] of failing) {
    it(`fails a file with ${what}, keeps v1 of the symbol, and does not record v2`, async () => {
      const dir = writeMarketDir({ daily: { ACME: V1 } });
      const store = await memoryStore();
      expect(only((await importDirectory(store, dir)).files, 'ACME').status).toBe('imported');
      const before = await bars(store, 'ACME');
      const summaryBefore = await dailySummary(store, 'ACME');

      writeText(dir, 'daily/ACME.csv', v2);
      const r = only((await importDirectory(store, dir)).files, 'ACME');
      expect(r.status).toBe('failed');
      expect(r.rows_stored).toBe(0);
      expect(r.error).toMatch(error);
      expect(await bars(store, 'ACME')).toEqual(before);
      expect(await dailySummary(store, 'ACME')).toEqual(summaryBefore);

      // The failed file is not remembered: importing it again fails again rather than 'unchanged'.
      expect(only((await importDirectory(store, dir)).files, 'ACME').status).toBe('failed');
      // And v1 restored is recognised as what is stored.
      writeText(dir, 'daily/ACME.csv', V1);
      expect(only((await importDirectory(store, dir)).files, 'ACME').status).toBe('unchanged');
      store.close();
    });
  }

  it('reports the rejects of a file that failed for having no valid rows', async () => {
    const { store, report } = await importSpec({
      daily: { NONE: csv(DAILY_HEADER, ['2026-02-30,1,2,0.5,1.5', '2026-01-07,1,2,0.5,0']) },
    });
    const r = only(report.files, 'NONE');
    expect(r).toMatchObject({ status: 'failed', rows_read: 2, rows_stored: 0, rows_rejected: 2 });
    expect(r.rejects).toEqual([
      { reason: 'bad date', count: 1, lines: [2] },
      { reason: 'non-positive price', count: 1, lines: [3] },
    ]);
    expect(await dailySummary(store, 'NONE')).toBeUndefined();
    store.close();
  });

  it('imports the other files of a directory when one fails', async () => {
    const { store, report } = await importSpec({ daily: { AAA: V1, BBB: 'date,close\n2026-01-02,1\n', CCC: V1 } });
    expect(report.files.map((f) => [f.symbol, f.status])).toEqual([
      ['AAA', 'imported'],
      ['BBB', 'failed'],
      ['CCC', 'imported'],
    ]);
    expect(only(report.files, 'BBB').error).toMatch(/header lacks column\(s\) open, high, low/);
    expect((await new StorePriceReader(store).status()).symbols).toBe(2);
    store.close();
  });

  it('a failing intraday file leaves the stored bars of that symbol and interval as they were', async () => {
    const v1 = csv(INTRADAY_HEADER, ['2026-01-29T09:30:00-05:00,10,11,9,10.5,100', '2026-01-29T09:31:00-05:00,10,11,9,10.6,100']);
    const dir = writeMarketDir({ intraday: { '1m': { ACME: v1 } } });
    const store = await memoryStore();
    await importDirectory(store, dir);
    writeText(dir, 'intraday/1m/ACME.csv', csv(INTRADAY_HEADER, ['2026-01-29T09:30:00-05:00,10,11,9,0,100']));
    expect(only((await importDirectory(store, dir)).files, 'ACME').status).toBe('failed');
    const stored = await rawRows<{ close: number }>(store, "SELECT close FROM intraday_bars WHERE symbol = 'ACME' ORDER BY ts");
    expect(stored.map((b) => b.close)).toEqual([10.5, 10.6]);
    store.close();
  });
});

describe('importDirectory: unchanged and changed files (synthetic)', () => {
  it('reports an unchanged file as unchanged and does not write it again', async () => {
    const dir = writeMarketDir({ daily: { ACME: V1 } });
    const store = await memoryStore();
    await importDirectory(store, dir);
    const recorded = await rawRows<{ imported_at: unknown }>(store, "SELECT imported_at FROM import_files WHERE symbol = 'ACME'");
    const transaction = vi.spyOn(store, 'transaction');
    const again = only((await importDirectory(store, dir)).files, 'ACME');
    expect(again).toMatchObject({ status: 'unchanged', rows_read: 0, rows_stored: 0, rows_rejected: 0 });
    expect(transaction).not.toHaveBeenCalled();
    expect(await rawRows(store, "SELECT imported_at FROM import_files WHERE symbol = 'ACME'")).toEqual(recorded);
    transaction.mockRestore();
    store.close();
  });

  it('with replace, replaces the whole daily series when the file changed (rows gone, rows changed, rows added)', async () => {
    const dir = writeMarketDir({ daily: { ACME: V1 } });
    const store = await memoryStore();
    await importDirectory(store, dir);
    // SYNTHETIC v2: drops 2026-01-02, changes 2026-01-05, keeps 2026-01-06, adds 2026-01-07.
    writeText(dir, 'daily/ACME.csv', csv(DAILY_HEADER, ['2026-01-05,20,21,19,20.5', '2026-01-06,11,12,10.5,11.5', '2026-01-07,,,,12']));
    const r = only((await importDirectory(store, dir, undefined, REPLACE)).files, 'ACME');
    expect(r).toMatchObject({ status: 'imported', rows_read: 3, rows_stored: 3 });
    expect((await bars(store, 'ACME')).map((b) => [b.date, b.open, b.close])).toEqual([
      ['2026-01-05', 20, 20.5],
      ['2026-01-06', 11, 11.5],
      ['2026-01-07', null, 12],
    ]);
    const recorded = await rawRows(store, "SELECT rows_read, rows_stored, rows_rejected FROM import_files WHERE symbol = 'ACME'");
    expect(recorded).toEqual([{ rows_read: 3, rows_stored: 3, rows_rejected: 0 }]);
    store.close();
  });

  it('with replace, a changed intraday file replaces the bars inside its own time range and keeps the others', async () => {
    const dir = writeMarketDir({
      intraday: {
        '1m': {
          ACME: csv(INTRADAY_HEADER, [
            '2026-01-29T09:30:00-05:00,10,11,9,10.0,1',
            '2026-01-29T09:31:00-05:00,10,11,9,10.1,1',
            '2026-01-29T09:32:00-05:00,10,11,9,10.2,1',
          ]),
        },
      },
    });
    const store = await memoryStore();
    await importDirectory(store, dir);
    writeText(
      dir,
      'intraday/1m/ACME.csv',
      csv(INTRADAY_HEADER, ['2026-01-29T09:31:00-05:00,10,11,9,20.1,1', '2026-01-29T09:33:00-05:00,10,11,9,20.3,1']),
    );
    expect(only((await importDirectory(store, dir, undefined, REPLACE)).files, 'ACME').status).toBe('imported');
    const stored = await rawRows<{ t: string; close: number }>(
      store,
      "SELECT strftime(timezone('America/New_York', ts), '%H:%M') AS t, close FROM intraday_bars WHERE symbol = 'ACME' ORDER BY ts",
    );
    // 09:30 lies before the new file's range: kept. 09:32 lies inside it and is not in the file: removed.
    expect(stored).toEqual([
      { t: '09:30', close: 10.0 },
      { t: '09:31', close: 20.1 },
      { t: '09:33', close: 20.3 },
    ]);
    store.close();
  });
});

describe('importDirectory: intraday sessions in America/New_York (synthetic)', () => {
  it('derives pre/regular/post from the instant, whatever offset the text carries, across DST', async () => {
    const rows: [string, string][] = [
      ['2026-01-29T04:00:00-05:00', 'pre'],
      ['2026-01-29T09:29:00-05:00', 'pre'],
      ['2026-01-29T09:30:00-05:00', 'regular'],
      ['2026-01-29T15:59:00-05:00', 'regular'],
      ['2026-01-29T16:00:00-05:00', 'post'],
      ['2026-01-29T19:59:00-05:00', 'post'],
      ['2026-01-30T14:45:00Z', 'regular'], //     09:45 EST
      ['2026-07-01T13:29:00Z', 'pre'], //         09:29 EDT (would be 08:29 in EST)
      ['2026-07-01T13:30:00+00:00', 'regular'], // 09:30 EDT
      ['2026-07-01T08:45:00-05:00', 'regular'], // 09:45 EDT though written with -05:00
      ['2026-07-01T20:00:00Z', 'post'], //         16:00 EDT
    ];
    const text = csv(INTRADAY_HEADER, rows.map(([t], i) => `${t},10,11,9,${10 + i / 100},100`));
    const { store, report } = await importSpec({ intraday: { '5m': { SESS: text } } });
    expect(only(report.files, 'SESS')).toMatchObject({ kind: 'intraday/5m', status: 'imported', rows_stored: rows.length });
    // No line column is stored: order by the close, which increases with the file line.
    const byClose = await rawRows<{ interval: string; session: string }>(
      store,
      "SELECT interval, session FROM intraday_bars WHERE symbol = 'SESS' ORDER BY close",
    );
    expect(byClose.map((b) => b.session)).toEqual(rows.map(([, s]) => s));
    expect(new Set(byClose.map((b) => b.interval))).toEqual(new Set(['5m']));
    expect(await new StorePriceReader(store).status()).toMatchObject({
      intraday_bars: rows.length,
      symbols: 0, // intraday bars are not daily prices
    });
    store.close();
  });
});

describe('importDirectory: real shared files', () => {
  it.skipIf(!HAS_SHARED)('imports full-OHLC (PANW), close-only (CHKP) and index (^GSPC) files as they are', async () => {
    const store = await memoryStore();
    const report = await importDirectory(store, sharedSubset(['PANW', 'CHKP', '^GSPC']));
    expect(report.files.map((f) => [f.symbol, f.status, f.rows_rejected])).toEqual([
      ['CHKP', 'imported', 0],
      ['PANW', 'imported', 0],
      ['^GSPC', 'imported', 0],
    ]);
    for (const symbol of ['PANW', 'CHKP', '^GSPC']) {
      const rows = readSharedDaily(symbol);
      const stored = await bars(store, symbol);
      expect(only(report.files, symbol).rows_stored).toBe(rows.length);
      expect(stored).toHaveLength(rows.length);
      expect(stored.map((b) => b.date)).toEqual(rows.map((r) => r.date));
      expect(stored.map((b) => b.close)).toEqual(rows.map((r) => Number(r.close)));
      expect(stored.map((b) => b.open)).toEqual(rows.map((r) => (r.open === '' ? null : Number(r.open))));
    }
    expect((await bars(store, 'CHKP')).every((b) => b.open === null && b.high === null && b.low === null)).toBe(true);
    store.close();
  });

  it.skipIf(!HAS_SHARED)('imports real 1-minute bars with premarket (AAPL) and 5-minute bars (SPY) with their sessions', async () => {
    const store = await memoryStore();
    const dir = sharedSubset([], [
      { interval: '1m', symbol: 'AAPL' },
      { interval: '5m', symbol: 'SPY' },
    ]);
    const report = await importDirectory(store, dir);
    expect(report.files.map((f) => [f.kind, f.symbol, f.status, f.rows_rejected])).toEqual([
      ['intraday/1m', 'AAPL', 'imported', 0],
      ['intraday/5m', 'SPY', 'imported', 0],
    ]);
    const expected = (interval: string, symbol: string) => {
      const counts: Record<string, number> = {};
      for (const r of readCsvRows(join(SHARED, 'intraday', interval, `${symbol}.csv`))) {
        const hhmm = (r.time ?? '').slice(11, 16); // the files carry New York offsets
        const s = hhmm < '09:30' ? 'pre' : hhmm < '16:00' ? 'regular' : 'post';
        counts[s] = (counts[s] ?? 0) + 1;
      }
      return counts;
    };
    const sessions = async (interval: string, symbol: string) =>
      Object.fromEntries(
        (
          await rawRows<{ session: string; n: number }>(
            store,
            `SELECT session, count(*)::INTEGER AS n FROM intraday_bars WHERE symbol = '${symbol}' AND interval = '${interval}' GROUP BY session`,
          )
        ).map((r) => [r.session, r.n]),
      );
    const aapl = expected('1m', 'AAPL');
    expect(aapl.pre).toBeGreaterThan(0);
    expect(await sessions('1m', 'AAPL')).toEqual(aapl);
    // The README says the 5m files are regular-session only, but SPY.csv has 16:00-20:55 ET bars
    // on some days: they must be stored as 'post'.
    const spy = expected('5m', 'SPY');
    expect(spy.post).toBeGreaterThan(0);
    expect(await sessions('5m', 'SPY')).toEqual(spy);
    store.close();
  });
});

describe('planDirectory / importDirectory: files, symbols and directories', () => {
  it('takes the symbol from the file name (upper-cased), including ^GSPC.csv, BRK-B.csv and .CSV', async () => {
    const dir = writeMarketDir({ daily: { '^GSPC.csv': V1, 'brk-b.csv': V1, 'lower.CSV': V1 } });
    writeText(dir, 'daily/README.txt', 'not a csv');
    writeText(dir, 'intraday/notes/X.csv', 'ignored: not an interval directory');
    const plan = planDirectory(dir);
    expect(plan.map((p) => [p.kind, p.symbol])).toEqual([
      ['daily', '^GSPC'],
      ['daily', 'BRK-B'],
      ['daily', 'LOWER'],
    ]);
    const store = await memoryStore();
    const report = await importDirectory(store, dir);
    expect(report.files.every((f) => f.status === 'imported')).toBe(true);
    expect((await bars(store, '^GSPC')).map((b) => b.close)).toEqual([10.5, 11, 11.5]);
    store.close();
  });

  it('fails a file whose name is not a symbol, naming the reason', async () => {
    const { store, report } = await importSpec({ daily: { 'not a symbol.csv': V1 } });
    const r = report.files[0]!;
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/not a valid symbol/);
    store.close();
  });

  it('finds intraday files per interval directory (1m, 5m, 1h)', () => {
    const bar = csv(INTRADAY_HEADER, ['2026-01-29T09:30:00-05:00,1,1,1,1,1']);
    const dir = writeMarketDir({ intraday: { '5m': { B: bar }, '1m': { A: bar }, '1h': { C: bar } } });
    expect(planDirectory(dir).map((p) => [p.kind, p.symbol, p.interval])).toEqual([
      ['intraday/1h', 'C', '1h'],
      ['intraday/1m', 'A', '1m'],
      ['intraday/5m', 'B', '5m'],
    ]);
  });

  it('rejects a directory with neither daily/ nor intraday/ with a ValidationError that says what is expected', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'README.md'), 'nothing here');
    const store = await memoryStore();
    const err = await importDirectory(store, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).status).toBe(400);
    expect((err as Error).message).toMatch(/No CSV files found/);
    expect((err as Error).message).toContain('daily/<SYMBOL>.csv');
    expect((err as Error).message).toContain('intraday/<interval>/<SYMBOL>.csv');
    store.close();
  });

  it('rejects a missing directory with a ValidationError', () => {
    expect(() => planDirectory(join(makeTempDir(), 'nope'))).toThrow(ValidationError);
    expect(() => planDirectory(join(makeTempDir(), 'nope'))).toThrow(/does not exist or is not a directory/);
  });

  it('rejects an empty daily/ directory like a missing one', () => {
    const dir = makeTempDir();
    writeText(dir, 'daily/.keep', '');
    expect(() => planDirectory(dir)).toThrow(ValidationError);
  });
});

describe('re-importing a daily file after the price source extended the series (synthetic)', () => {
  it('forgets the fetched daily ranges of the symbol, so nothing claims to be stored that is not', async () => {
    const store = await memoryStore();
    const dir = writeMarketDir({ daily: { ACME: `${DAILY_HEADER}\n2026-01-07,1,2,0.5,1.5\n` } });
    await importDirectory(store, dir);
    await rawRows(store, `INSERT INTO fetched_ranges VALUES ('ACME', '1d', '2026-01-08T00:00:00Z', '2026-02-01T00:00:00Z', 'yahoo', now())`);
    await rawRows(store, `INSERT INTO fetched_ranges VALUES ('ACME', '1m', '2026-01-08T00:00:00Z', '2026-01-09T00:00:00Z', 'yahoo', now())`);
    writeText(dir, 'daily/ACME.csv', `${DAILY_HEADER}\n2026-01-07,1,2,0.5,1.6\n`);
    await importDirectory(store, dir);
    expect(await rawRows(store, `SELECT interval FROM fetched_ranges WHERE symbol = 'ACME'`)).toEqual([{ interval: '1m' }]);
  });
});

describe('intraday sessions on a half day (synthetic bars)', () => {
  it('ends the regular session at 13:00 ET on the day after Thanksgiving', async () => {
    const store = await memoryStore();
    const bars = ['2025-11-28T12:59:00-05:00', '2025-11-28T13:00:00-05:00', '2025-11-26T13:00:00-05:00'].map((t) => `${t},1,1,1,1,10`);
    const dir = writeMarketDir({ intraday: { '1m': { ACME: `${INTRADAY_HEADER}\n${bars.join('\n')}\n` } } });
    await importDirectory(store, dir);
    const rows = await rawRows<{ t: string; session: string }>(store, `SELECT strftime(timezone('America/New_York', ts), '%Y-%m-%d %H:%M') AS t, session FROM intraday_bars ORDER BY ts`);
    expect(rows).toEqual([
      { t: '2025-11-26 13:00', session: 'regular' },
      { t: '2025-11-28 12:59', session: 'regular' },
      { t: '2025-11-28 13:00', session: 'post' },
    ]);
  });
});
