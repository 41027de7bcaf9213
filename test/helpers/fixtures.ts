import { copyFileSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED } from './paths.js';
import { makeTempDir, writeText } from './tmp.js';

/**
 * SYNTHETIC market-data directories for import edge cases. Every price written through these
 * helpers is made up; no test may present them as real market data.
 */
export type MarketDirSpec = {
  /** daily/<file name> -> CSV text (file name without .csv gets .csv appended). */
  daily?: Record<string, string>;
  /** intraday/<interval>/<file name> -> CSV text. */
  intraday?: Record<string, Record<string, string>>;
};

const fileName = (name: string) => (/\.csv$/i.test(name) ? name : `${name}.csv`);

/** Writes a synthetic market-data directory into `dir` (a new temp dir when omitted). */
export function writeMarketDir(spec: MarketDirSpec, dir = makeTempDir('market-synthetic-')): string {
  for (const [name, text] of Object.entries(spec.daily ?? {})) writeText(dir, join('daily', fileName(name)), text);
  for (const [interval, files] of Object.entries(spec.intraday ?? {})) {
    for (const [name, text] of Object.entries(files)) writeText(dir, join('intraday', interval, fileName(name)), text);
  }
  return dir;
}

/** A CSV text from a header and rows (arrays joined by commas, strings taken as written). */
export function csv(header: string, rows: (string | (string | number)[])[]): string {
  return [header, ...rows.map((r) => (Array.isArray(r) ? r.join(',') : r))].join('\n') + '\n';
}

export const DAILY_HEADER = 'date,open,high,low,close';
export const INTRADAY_HEADER = 'time,open,high,low,close,volume';

/**
 * A temp market-data directory holding links (or copies) of a few REAL shared files:
 * daily/<SYMBOL>.csv for each of `daily`, intraday/<interval>/<SYMBOL>.csv for `intraday`.
 */
export function sharedSubset(
  daily: string[],
  intraday: { interval: string; symbol: string }[] = [],
  mode: 'link' | 'copy' = 'link',
): string {
  const dir = makeTempDir('market-shared-subset-');
  const place = (from: string, to: string) => {
    mkdirSync(join(to, '..'), { recursive: true });
    if (mode === 'link') symlinkSync(from, to);
    else copyFileSync(from, to);
  };
  for (const s of daily) place(join(SHARED, 'daily', `${s}.csv`), join(dir, 'daily', `${s}.csv`));
  for (const { interval, symbol } of intraday) {
    place(join(SHARED, 'intraday', interval, `${symbol}.csv`), join(dir, 'intraday', interval, `${symbol}.csv`));
  }
  return dir;
}

export type CsvRow = Record<string, string>;

/** The rows of a CSV file as header-keyed strings (simple comma split: the shared files have no quotes). */
export function readCsvRows(path: string): CsvRow[] {
  const [header, ...lines] = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const cols = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

/** The rows of a real shared daily file. */
export function readSharedDaily(symbol: string): CsvRow[] {
  return readCsvRows(join(SHARED, 'daily', `${symbol}.csv`));
}

/** The dates of a real shared daily file, in file order. */
export function sharedDailyDates(symbol: string): string[] {
  return readSharedDaily(symbol).map((r) => r.date ?? '');
}
