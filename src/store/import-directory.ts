import { isSymbol } from '../domain/symbols.js';
import { earlyCloses } from '../domain/us-holidays.js';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ValidationError } from '../errors.js';
import type { DuckDbStore, QueryRunner } from './duckdb-store.js';

/**
 * Imports a market-data directory in the format of ../shared/market-data:
 *   daily/<SYMBOL>.csv              date,open,high,low,close[,volume]   (close-only rows allowed)
 *   intraday/<interval>/<SYMBOL>.csv time,open,high,low,close,volume (time with UTC offset)
 *   factors/<set>.csv               date,<factor>,...[,rf] in decimals (e.g. factors/ff3.csv)
 * Each file is one transaction: it is stored whole or not at all, and a failed file leaves the
 * symbol's earlier data as it was. Files whose content is unchanged since their last import are
 * skipped, so a restart with the same data does no work.
 */
export type RejectGroup = { reason: string; count: number; lines: number[] };
export type FileReport = {
  file: string;
  kind: string;
  symbol: string;
  status: 'imported' | 'unchanged' | 'failed';
  rows_read: number;
  rows_stored: number;
  rows_rejected: number;
  rejects: RejectGroup[];
  error?: string;
};
export type ImportReport = { directory: string; files: FileReport[]; seconds: number };
export type ImportProgress = (done: number, total: number, report: FileReport) => void;

const DAILY_COLUMNS = ['date', 'open', 'high', 'low', 'close'];
const INTRADAY_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'];
const INTERVAL = /^\d+[mh]$/;
const SHOWN_LINES = 5;
/** NYSE half days, for the sessions of imported US intraday bars (the directory format is US). */
const EARLY_CLOSES = JSON.stringify(earlyCloses(1990, 2060));

type PlannedFile = { path: string; kind: string; symbol: string; interval?: string; factorSet?: boolean };

const FACTOR_SET = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const FACTOR_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** Thrown inside a file's transaction when the file as a whole cannot be stored. */
class FileRejected extends Error {}

export function planDirectory(directory: string): PlannedFile[] {
  const dir = resolve(directory);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ValidationError(`Market-data directory ${dir} does not exist or is not a directory.`);
  }
  const csvs = (sub: string) =>
    readdirSync(join(dir, sub))
      .filter((f) => f.toLowerCase().endsWith('.csv'))
      .sort();
  const files: PlannedFile[] = [];
  if (existsSync(join(dir, 'daily'))) {
    for (const f of csvs('daily')) files.push({ path: join(dir, 'daily', f), kind: 'daily', symbol: symbolOf(f) });
  }
  if (existsSync(join(dir, 'intraday'))) {
    for (const interval of readdirSync(join(dir, 'intraday')).filter((d) => INTERVAL.test(d)).sort()) {
      for (const f of csvs(join('intraday', interval))) {
        const path = join(dir, 'intraday', interval, f);
        files.push({ path, kind: `intraday/${interval}`, symbol: symbolOf(f), interval });
      }
    }
  }
  if (existsSync(join(dir, 'factors'))) {
    for (const f of csvs('factors')) {
      files.push({ path: join(dir, 'factors', f), kind: 'factors', symbol: basename(f).replace(/\.csv$/i, '').toLowerCase(), factorSet: true });
    }
  }
  if (files.length === 0) {
    throw new ValidationError(
      `No CSV files found in ${dir}: expected daily/<SYMBOL>.csv (date,open,high,low,close) ` +
        'and/or intraday/<interval>/<SYMBOL>.csv (time,open,high,low,close,volume).',
    );
  }
  return files;
}

function symbolOf(fileName: string): string {
  return basename(fileName, '.csv').replace(/\.CSV$/i, '').toUpperCase();
}

export async function importDirectory(
  store: DuckDbStore,
  directory: string,
  onProgress?: ImportProgress,
): Promise<ImportReport> {
  const started = performance.now();
  const planned = planDirectory(directory);
  const files: FileReport[] = [];
  for (const file of planned) {
    const report = await importFile(store, file);
    files.push(report);
    onProgress?.(files.length, planned.length, report);
  }
  return { directory: resolve(directory), files, seconds: (performance.now() - started) / 1000 };
}

async function importFile(store: DuckDbStore, file: PlannedFile): Promise<FileReport> {
  const report: FileReport = {
    file: file.path,
    kind: file.kind,
    symbol: file.symbol,
    status: 'failed',
    rows_read: 0,
    rows_stored: 0,
    rows_rejected: 0,
    rejects: [],
  };
  try {
    if (file.factorSet && !FACTOR_SET.test(file.symbol)) {
      throw new FileRejected(`"${file.symbol}" is not a valid factor-set name (lowercase letters, digits, _ -)`);
    } else if (!file.factorSet && !isSymbol(file.symbol)) {
      throw new FileRejected(`"${file.symbol}" is not a valid symbol (letters, digits, ^ . = -; name the file <SYMBOL>.csv)`);
    }
    const content = readFileSync(file.path);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const known = await store.one<{ sha256: string }>('find-import-file', { kind: file.kind, symbol: file.symbol });
    if (known?.sha256 === sha256) {
      report.status = 'unchanged';
      return report;
    }
    const factors = file.factorSet ? factorColumns(content) : undefined;
    if (!factors) checkHeader(content, file.interval ? INTRADAY_COLUMNS : DAILY_COLUMNS);
    const rows = scanRows(content);
    await store.transaction(async (tx) => {
      // A list literal as text: an empty JS list has no DuckDB item type to bind.
      const staging = { path: file.path, overlong: JSON.stringify(rows.overlong) };
      if (factors) {
        await tx.run('stage-factor-csv', { path: file.path });
        await tx.run('judge-staged-factors', { overlong: staging.overlong });
      } else if (file.interval) {
        await tx.run('stage-intraday-csv', { ...staging, timezone: 'America/New_York', early_closes: EARLY_CLOSES });
      } else {
        await tx.run('read-daily-csv', { path: file.path });
        await tx.run('daily-csv-optional-volume');
        await tx.run('stage-daily-csv', { overlong: staging.overlong });
      }
      await judge(tx, report, rows.lineOf);
      if (report.rows_stored === 0) throw new FileRejected('no valid rows to store');
      if (factors) await storeFactors(tx, file.symbol, file.path, factors);
      else if (file.interval) await storeIntraday(tx, file.symbol, file.interval);
      else await storeDaily(tx, file.symbol, file.path);
      await tx.run('record-import-file', {
        kind: file.kind,
        symbol: file.symbol,
        path: file.path,
        sha256,
        rows_read: report.rows_read,
        rows_stored: report.rows_stored,
        rows_rejected: report.rows_rejected,
      });
    });
    report.status = 'imported';
  } catch (err) {
    report.status = 'failed';
    report.rows_stored = 0;
    report.error = err instanceof FileRejected ? err.message : `could not read the file: ${(err as Error).message}`;
  }
  return report;
}

function checkHeader(content: Buffer, required: string[]): void {
  const firstLine = content.subarray(0, 4096).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  const columns = firstLine.split(',').map((c) => c.trim().toLowerCase().replace(/^"|"$/g, ''));
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new FileRejected(
      `header lacks column(s) ${missing.join(', ')}; expected ${required.join(',')} (found: ${firstLine.slice(0, 120)})`,
    );
  }
}

/** Number of fields in a CSV line (commas outside double quotes, plus one). */
function fieldCount(line: string): number {
  let fields = 1;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) fields++;
  }
  return fields;
}

/**
 * The data rows as DuckDB reads them: their file line numbers (DuckDB skips empty lines, so the
 * n-th staged row is the n-th non-empty line after the header) and the 1-based positions of rows
 * with more fields than the header, which DuckDB would silently widen into extra columns.
 */
function scanRows(content: Buffer): { lineOf: number[]; overlong: number[] } {
  const lines = content.toString('utf8').split('\n').map((l) => l.replace(/\r$/, ''));
  const width = fieldCount(lines[0] ?? '');
  const lineOf: number[] = [];
  const overlong: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    lineOf.push(i + 1);
    if (fieldCount(lines[i]!) > width) overlong.push(lineOf.length);
  }
  return { lineOf, overlong };
}

async function judge(tx: QueryRunner, report: FileReport, lineOf: number[]): Promise<void> {
  const summary = await tx.one<{ rows_read: number; rows_accepted: number }>('staged-summary');
  report.rows_read = summary?.rows_read ?? 0;
  report.rows_stored = summary?.rows_accepted ?? 0;
  report.rows_rejected = report.rows_read - report.rows_stored;
  const groups = new Map<string, RejectGroup>();
  for (const row of await tx.all<{ row_index: number; reason: string }>('staged-rejects')) {
    const group = groups.get(row.reason) ?? { reason: row.reason, count: 0, lines: [] };
    group.count += 1;
    if (group.lines.length < SHOWN_LINES) group.lines.push(lineOf[row.row_index - 1] ?? row.row_index + 1);
    groups.set(row.reason, group);
  }
  report.rejects = [...groups.values()];
}

async function storeDaily(tx: QueryRunner, symbol: string, path: string): Promise<void> {
  await tx.run('delete-daily-series', { symbol });
  await tx.run('clear-fetched-daily', { symbol });
  await tx.run('insert-staged-daily', { symbol });
  await tx.run('upsert-security', {
    symbol,
    exchange: null,
    timezone: 'America/New_York',
    currency: null,
    source: `file:${path}`,
    adjusted: true,
  });
}

/** The factor columns of a factor file's header (everything but `date`), validated. */
function factorColumns(content: Buffer): string[] {
  const firstLine = content.subarray(0, 4096).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  const columns = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  if (columns[0]?.toLowerCase() !== 'date') throw new FileRejected(`the first column must be date (found: ${firstLine.slice(0, 120)})`);
  const factors = columns.slice(1);
  const bad = factors.filter((f) => !FACTOR_NAME.test(f));
  if (factors.length === 0 || bad.length > 0) {
    throw new FileRejected(`factor columns must be names such as MKT_RF, SMB, HML (and optionally rf); found ${factors.join(',') || 'none'}`);
  }
  return factors;
}

async function storeFactors(tx: QueryRunner, name: string, path: string, columns: string[]): Promise<void> {
  // Ken French publishes factors in percent; mixing them with decimal returns is a classic
  // silent error (methods.md 1.2), so a file whose values look like percent is refused.
  const scale = await tx.one<{ max_abs: number; median_abs: number }>('staged-factor-scale');
  if (scale && (scale.max_abs >= 1 || scale.median_abs > 0.05)) {
    throw new FileRejected(
      `values look like percent (largest |value| ${scale.max_abs}, median |value| ${scale.median_abs}); ` +
        'factor returns must be decimals (0.0123 for 1.23%): divide the file by 100',
    );
  }
  const factors = columns.filter((c) => c.toLowerCase() !== 'rf');
  await tx.run('delete-factor-set', { name });
  await tx.run('insert-staged-factors', { name });
  await tx.run('upsert-factor-set', { name, factors: JSON.stringify(factors), has_rf: factors.length < columns.length, source: `file:${path}` });
}

async function storeIntraday(tx: QueryRunner, symbol: string, interval: string): Promise<void> {
  const range = await tx.one<{ first_ts: string; last_ts: string }>('staged-intraday-range');
  await tx.run('delete-intraday-range', { symbol, interval, from: range!.first_ts, to: range!.last_ts });
  await tx.run('insert-staged-intraday', { symbol, interval });
}
