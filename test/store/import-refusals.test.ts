/**
 * An import never loses data silently (issue 14): a damaged file, or one that would remove stored
 * history, is refused for its symbol with the reason, and the whole store is byte-for-byte what
 * it was (compared by snapshot); `replace` stores it anyway. Also: several directories in one
 * import, and the optional daily `volume` column (issue 11).
 * Files marked SYNTHETIC hold made-up prices; the others are real shared files or cut copies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarize } from '../../src/entry/import-progress.js';
import { DuckDbStore } from '../../src/store/duckdb-store.js';
import { directoryList, importDirectory, type FileReport } from '../../src/store/import-directory.js';
import { runCli } from '../helpers/cli.js';
import { DAILY_HEADER, INTRADAY_HEADER, csv, sharedSubset, writeMarketDir } from '../helpers/fixtures.js';
import { HAS_SHARED, ROOT, SHARED } from '../helpers/paths.js';
import { dailySummary, memoryStore, rawRows } from '../helpers/store.js';
import { makeTempDir, removeTempDirs, writeText } from '../helpers/tmp.js';

afterAll(removeTempDirs);

const INTL = join(ROOT, '../shared/market-data-intl');

/** Every row of every table, in a fixed order: two equal snapshots mean nothing was written. */
async function snapshot(store: DuckDbStore): Promise<string> {
  const tables = await rawRows<{ name: string }>(store, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1");
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) out[name] = await rawRows(store, `SELECT * FROM "${name}" ORDER BY ALL`);
  return JSON.stringify(out, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function one(files: FileReport[], symbol: string): FileReport {
  const found = files.filter((f) => f.symbol === symbol);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** A store holding `text` as daily/<symbol>.csv, and the directory to write the next version into. */
async function storedDaily(symbol: string, text: string) {
  const store = await memoryStore();
  const dir = writeMarketDir({ daily: { [symbol]: text } });
  expect(one((await importDirectory(store, dir)).files, symbol).status).toBe('imported');
  return { store, dir };
}

/** Imports `next` over what is stored: it must be refused matching `reason`, with the store untouched. */
async function expectRefused(store: DuckDbStore, dir: string, symbol: string, next: string | Buffer, reason: RegExp): Promise<FileReport> {
  writeText(dir, `daily/${symbol}.csv`, next);
  const before = await snapshot(store);
  const report = await importDirectory(store, dir);
  const r = one(report.files, symbol);
  expect(r.status, JSON.stringify(r)).toBe('refused');
  expect(r.error).toMatch(reason);
  expect(r.error).toMatch(/--replace/);
  expect(r.rows_stored).toBe(0);
  expect(await snapshot(store)).toBe(before);
  expect(summarize(report)).toContain(`REFUSED daily/${symbol}: ${r.error}`);
  // Not recorded as imported: the next run judges it again instead of calling it unchanged.
  expect(one((await importDirectory(store, dir)).files, symbol).status).toBe('refused');
  return r;
}

// SYNTHETIC: made-up prices.
const V1 = csv(DAILY_HEADER, ['2026-01-02,10,11,9,10.5', '2026-01-05,10.5,11.5,10,11', '2026-01-06,11,12,10.5,11.5']);

describe.skipIf(!HAS_SHARED)('a truncated copy of a real file (PANW.csv) cannot shrink the stored series', () => {
  const real = readFileSync(join(SHARED, 'daily', 'PANW.csv'));
  const cut = (bytes: number) => real.subarray(0, bytes);

  it('cut inside a line: refused (truncated last line, fewer rows, earlier last date); --replace stores it', async () => {
    const { store, dir } = await storedDaily('PANW', real.toString('utf8'));
    const full = await dailySummary(store, 'PANW');
    expect(full!.rows).toBe(2156);

    // The cut of the issue: about 60% of the file, ending in the middle of a row.
    const at = Math.floor(real.length * 0.59);
    const text = cut(at);
    expect(text[text.length - 1]).not.toBe(0x0a);
    const r = await expectRefused(store, dir, 'PANW', text, /truncated/);
    expect(r.error).toMatch(/would remove stored history: it has \d+ valid rows where 2156 are stored|truncated/);
    expect(await dailySummary(store, 'PANW')).toEqual(full);

    const replaced = one((await importDirectory(store, dir, undefined, { replace: true })).files, 'PANW');
    expect(replaced.status).toBe('imported');
    expect((await dailySummary(store, 'PANW'))!.rows).toBeLessThan(2156);
    store.close();
  });

  it('cut at a line end (every row whole): refused for the history it would remove', async () => {
    const { store, dir } = await storedDaily('PANW', real.toString('utf8'));
    const lineEnd = real.indexOf(0x0a, Math.floor(real.length * 0.59)) + 1;
    const r = await expectRefused(store, dir, 'PANW', cut(lineEnd), /would remove stored history/);
    expect(r.error).toMatch(/valid rows where 2156 are stored/);
    expect(r.error).toMatch(/before the stored series \(2026-07-31\)/);
    store.close();
  });

  it('the first rows missing: refused for a later first date', async () => {
    const { store, dir } = await storedDaily('PANW', real.toString('utf8'));
    const lines = real.toString('utf8').split('\n');
    const r = await expectRefused(store, dir, 'PANW', [lines[0], ...lines.slice(30)].join('\n'), /after the stored series \(2018-01-02\)/);
    expect(r.error).toMatch(/starts 2018-02-/);
    store.close();
  });
});

describe('damaged files are refused even for a new symbol (synthetic)', () => {
  it.each([
    ['a duplicate date', csv(DAILY_HEADER, ['2026-01-02,10,11,9,10.5', '2026-01-02,10,11,9,99', '2026-01-05,10,11,9,10.7']), /1 row with duplicate date \(line 3\)/],
    ['a non-positive price', csv(DAILY_HEADER, ['2026-01-02,10,11,9,10.5', '2026-01-05,10,11,9,0', '2026-01-06,10,11,9,10.7']), /1 row with non-positive price \(line 3\)/],
    ['a last line cut short', `${DAILY_HEADER}\n2026-01-02,10,11,9,10.5\n2026-01-05,10,11`, /last line is truncated/],
    ['a last line cut short, then a line end', `${DAILY_HEADER}\n2026-01-02,10,11,9,10.5\n2026-01-05,10,11\n`, /last line is truncated/],
  ])('%s', async (_what, text, reason) => {
    const store = await memoryStore();
    const dir = writeMarketDir({ daily: { NEWCO: text } });
    const before = await snapshot(store);
    const r = one((await importDirectory(store, dir)).files, 'NEWCO');
    expect(r.status).toBe('refused');
    expect(r.error).toMatch(reason);
    expect(await snapshot(store)).toBe(before);
    store.close();
  });

  it('a file whose last line lacks only its line end is whole, and imported', async () => {
    const { store } = await storedDaily('ACME', V1.trimEnd());
    expect((await dailySummary(store, 'ACME'))!.rows).toBe(3);
    store.close();
  });
});

describe('files that would remove stored rows of a symbol (synthetic)', () => {
  it.each([
    ['a duplicate date', csv(DAILY_HEADER, ['2026-01-02,10,11,9,10.5', '2026-01-05,10.5,11.5,10,11', '2026-01-05,1,1,1,1', '2026-01-06,11,12,10.5,11.5']), /duplicate date/],
    ['a non-positive price', csv(DAILY_HEADER, ['2026-01-02,10,11,9,10.5', '2026-01-05,10.5,11.5,10,-11', '2026-01-06,11,12,10.5,11.5']), /non-positive price/],
    ['fewer rows (a gap)', csv(DAILY_HEADER, ['2026-01-02,10,11,9,10.5', '2026-01-06,11,12,10.5,11.5']), /2 valid rows where 3 are stored/],
    ['a later first date', csv(DAILY_HEADER, ['2026-01-05,10.5,11.5,10,11', '2026-01-06,11,12,10.5,11.5', '2026-01-07,11,12,10.5,11.6', '2026-01-08,11,12,10.5,11.7']), /starts 2026-01-05, after the stored series \(2026-01-02\)/],
    ['an earlier last date', csv(DAILY_HEADER, ['2025-12-30,10,11,9,10.1', '2025-12-31,10,11,9,10.2', '2026-01-02,10,11,9,10.5', '2026-01-05,10.5,11.5,10,11']), /ends 2026-01-05, before the stored series \(2026-01-06\)/],
  ])('%s: refused, store unchanged', async (_what, next, reason) => {
    const { store, dir } = await storedDaily('ACME', V1);
    await expectRefused(store, dir, 'ACME', next, reason);
    store.close();
  });

  it('a file that keeps every stored date and adds or corrects rows is imported', async () => {
    const { store, dir } = await storedDaily('ACME', V1);
    writeText(dir, 'daily/ACME.csv', csv(DAILY_HEADER, ['2025-12-31,10,11,9,10.2', '2026-01-02,10,11,9,10.6', '2026-01-05,10.5,11.5,10,11', '2026-01-06,11,12,10.5,11.5', '2026-01-07,,,,12']));
    expect(one((await importDirectory(store, dir)).files, 'ACME').status).toBe('imported');
    expect(await dailySummary(store, 'ACME')).toEqual({ rows: 5, first_date: '2025-12-31', last_date: '2026-01-07' });
    store.close();
  });

  it('a refusal leaves the other files of the directory to be imported', async () => {
    const { store, dir } = await storedDaily('ACME', V1);
    writeText(dir, 'daily/ACME.csv', csv(DAILY_HEADER, ['2026-01-05,10.5,11.5,10,11']));
    writeText(dir, 'daily/BETA.csv', V1);
    const report = await importDirectory(store, dir);
    expect(report.files.map((f) => [f.symbol, f.status])).toEqual([
      ['ACME', 'refused'],
      ['BETA', 'imported'],
    ]);
    store.close();
  });

  it('an intraday file missing stored bars inside its time range is refused; one that only adds bars is imported', async () => {
    const bar = (hhmm: string, close: number) => `2026-01-29T${hhmm}:00-05:00,10,11,9,${close},1`;
    const dir = writeMarketDir({ intraday: { '1m': { ACME: csv(INTRADAY_HEADER, [bar('09:30', 10), bar('09:31', 10.1), bar('09:32', 10.2)]) } } });
    const store = await memoryStore();
    await importDirectory(store, dir);
    writeText(dir, 'intraday/1m/ACME.csv', csv(INTRADAY_HEADER, [bar('09:30', 10), bar('09:32', 10.2)]));
    const before = await snapshot(store);
    const r = one((await importDirectory(store, dir)).files, 'ACME');
    expect(r.status).toBe('refused');
    expect(r.error).toMatch(/1 stored 1m bar inside the file's time range are missing from it \(first 2026-01-29T14:31:00Z\)/);
    expect(await snapshot(store)).toBe(before);
    writeText(dir, 'intraday/1m/ACME.csv', csv(INTRADAY_HEADER, [bar('09:31', 10.1), bar('09:32', 10.2), bar('09:33', 10.3)]));
    expect(one((await importDirectory(store, dir)).files, 'ACME').status).toBe('imported');
    store.close();
  });
});

describe('several directories in one import', () => {
  it('directoryList splits on commas and trims', () => {
    expect(directoryList('../shared/market-data, ../shared/market-data-intl,')).toEqual(['../shared/market-data', '../shared/market-data-intl']);
    expect(directoryList('/one/dir')).toEqual(['/one/dir']);
  });

  it.skipIf(!HAS_SHARED)('imports US and international files together; a symbol in two directories is taken from the first', async () => {
    const us = sharedSubset(['SPY', 'PANW']);
    const other = writeMarketDir({ daily: { SPY: V1, ACME: V1 } }); // SYNTHETIC
    const intl = makeTempDir('market-intl-');
    writeText(intl, 'daily/601360.SS.csv', readFileSync(join(INTL, 'daily', '601360.SS.csv')));
    const store = await memoryStore();
    const report = await importDirectory(store, [us, intl, other]);
    expect(report.files.map((f) => [f.symbol, f.status])).toEqual([
      ['PANW', 'imported'],
      ['SPY', 'imported'],
      ['601360.SS', 'imported'],
      ['ACME', 'imported'],
      ['SPY', 'refused'],
    ]);
    expect(report.files.at(-1)!.error).toMatch(/also in .*SPY\.csv/);
    expect((await dailySummary(store, 'SPY'))!.rows).toBeGreaterThan(2000); // the real file, not the synthetic one
    expect(report.directory).toContain(', ');
    store.close();
  });
});

describe.skipIf(!HAS_SHARED)('the optional daily volume column', () => {
  it('is stored as the file gives it (real: 601360.SS), and left empty for files without it (HO.PA)', async () => {
    const dir = makeTempDir('market-intl-');
    for (const s of ['601360.SS', 'HO.PA']) writeText(dir, `daily/${s}.csv`, readFileSync(join(INTL, 'daily', `${s}.csv`)));
    const store = await memoryStore();
    const report = await importDirectory(store, dir);
    expect(report.files.map((f) => [f.symbol, f.status, f.rows_rejected])).toEqual([
      ['601360.SS', 'imported', 0],
      ['HO.PA', 'imported', 0],
    ]);
    const lines = readFileSync(join(INTL, 'daily', '601360.SS.csv'), 'utf8').trim().split('\n').slice(1);
    const stored = await rawRows<{ date: string; volume: number }>(
      store,
      "SELECT strftime(date, '%Y-%m-%d') AS date, volume FROM daily_prices WHERE symbol = '601360.SS' ORDER BY date",
    );
    expect(stored.map((r) => [r.date, r.volume])).toEqual(lines.map((l) => [l.split(',')[0], Number(l.split(',')[5])]));
    const ho = await rawRows<{ n: number }>(store, "SELECT count(*)::INTEGER AS n FROM daily_prices WHERE symbol = 'HO.PA' AND volume IS NOT NULL");
    expect(ho).toEqual([{ n: 0 }]);
    store.close();
  });

  it('a negative or unparsable volume rejects its row (synthetic)', async () => {
    const store = await memoryStore();
    const dir = writeMarketDir({ daily: { VOL: 'date,open,high,low,close,Volume\n2026-01-02,10,11,9,10.5,100\n2026-01-05,10,11,9,10.6,-1\n2026-01-06,10,11,9,10.7,abc\n2026-01-07,10,11,9,10.8,\n' } });
    const r = one((await importDirectory(store, dir)).files, 'VOL');
    expect(r.status).toBe('imported');
    expect(r.rejects).toEqual([
      { reason: 'negative volume', count: 1, lines: [3] },
      { reason: 'unparsable number', count: 1, lines: [4] },
    ]);
    expect(await rawRows(store, "SELECT volume FROM daily_prices WHERE symbol = 'VOL' ORDER BY date")).toEqual([{ volume: 100 }, { volume: null }]);
    store.close();
  });
});

describe('npm run import: --replace and several directories', () => {
  it('refuses a shrinking file (exit 1, REFUSED in the summary), imports the rest of the list, and stores it with --replace', async () => {
    const db = join(makeTempDir('market-cli-'), 'market.duckdb');
    const first = writeMarketDir({ daily: { ACME: V1 } });
    const second = writeMarketDir({ daily: { BETA: V1 } });
    const store = await DuckDbStore.open(db);
    await importDirectory(store, first);
    store.close();

    writeText(first, 'daily/ACME.csv', csv(DAILY_HEADER, ['2026-01-05,10.5,11.5,10,11']));
    const refused = await runCli(['import', `${first},${second}`], { DATABASE_PATH: db });
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stdout).toMatch(/1 imported \(3 rows\), 0 unchanged, 0 failed, 1 refused/);
    expect(refused.stdout).toMatch(/REFUSED daily\/ACME: importing it would remove stored history/);

    const replaced = await runCli(['import', first, second, '--replace'], { DATABASE_PATH: db });
    expect(replaced.code, replaced.stdout + replaced.stderr).toBe(0);
    expect(replaced.stdout).toMatch(/1 imported \(1 rows\), 1 unchanged/);
  });
});
