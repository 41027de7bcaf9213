/**
 * `npm run cli -- study <event-id | events.csv> [options]` and `npm run cli -- events`: studies
 * for scripts, without a server. The request goes through the same Hono app in process
 * (`app.request`), so validation, results, CSV and errors are exactly the API's; stdout carries
 * only the result, stderr the progress and the problems, and the exit code says what happened.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import type { RowReport } from '../routes/request-rows.js';
import { STUDY_TABLE_NAMES, type StudyTableName } from '../study/study-tables.js';
import { nodeDeps, openStore } from './node-deps.js';
import { fileOutput, skippedRowLines, writeCsvFromNdjson, type Output } from './study-output.js';

/** Exit codes, documented in --help. */
export const EXIT = { ok: 0, failed: 1, badInput: 2, dataMissing: 3, sourceUnavailable: 4, databaseBusy: 5 } as const;

export const STUDY_USAGE = `  npm run cli -- study <event-id | events.csv> [options]
                                    an event study without a server: a catalog event, or a CSV of
                                    security-events (symbol,date[,announced_at][,benchmark][,group])
    --benchmark <SYMBOL>  --model market|market_adjusted|constant_mean|factor  --factors <set>
    --estimation <a,b>  --window <a,b>  --car "<a,b>;<a,b>..."  --returns simple|log
    --roles <r1,r2>      (catalog events)   --min-obs <n>
    --format json|csv    --table days|cars|securities|portfolio_days|portfolio_cars (csv)
    --out <file>         write the result there instead of stdout
                         (a CSV file's bad and repeated rows are reported on stderr as file:line)
  npm run cli -- events               the event catalog (JSON)
Exit codes: 0 done; 1 unexpected failure; 2 bad input (arguments, CSV rows, unknown event);
  3 data missing (nothing studyable); 4 price source or database unavailable; 5 database in use.`;

const VALUE_OPTIONS: Record<string, string> = {
  '--benchmark': 'benchmark',
  '--model': 'model',
  '--factors': 'factors',
  '--estimation': 'estimation',
  '--window': 'window',
  '--car': 'car',
  '--returns': 'returns',
  '--roles': 'roles',
  '--min-obs': 'min_obs',
  '--format': 'format',
  '--table': 'table',
  '--out': 'out',
};

export class UsageError extends Error {}

/** `--name value` pairs and positional arguments; unknown options are usage errors. */
export function parseArgs(args: readonly string[]): { positional: string[]; options: Record<string, string> } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const name = VALUE_OPTIONS[flag];
    if (!name) throw new UsageError(`unknown option ${flag}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    options[name] = value;
  }
  return { positional, options };
}

/** HTTP status of the in-process answer -> exit code. */
export function exitCodeOf(status: number): number {
  if (status < 400) return EXIT.ok;
  if (status === 422) return EXIT.dataMissing;
  if (status === 502 || status === 503) return EXIT.sourceUnavailable;
  if (status === 409) return EXIT.databaseBusy;
  if (status < 500) return EXIT.badInput;
  return EXIT.failed;
}

/** stdout resolves once the text is flushed: the process exits right after (pipes would lose it). */
type Io = { stdout: (text: string) => Promise<void>; stderr: (text: string) => void; isTTY: boolean };

const STUDY_QUERY = ['benchmark', 'model', 'factors', 'estimation', 'window', 'car', 'returns', 'roles', 'min_obs', 'table'] as const;

/** The API request a `study` command stands for; for an uploaded file, how its answer is written. */
export type StudyCall = { path: string; init: RequestInit; upload?: { file: string; rows: number; csvTable?: StudyTableName } };

function csvTableOption(table: string = STUDY_TABLE_NAMES[0]): StudyTableName {
  const name = STUDY_TABLE_NAMES.find((n) => n === table);
  if (!name) throw new UsageError(`--table must be one of ${STUDY_TABLE_NAMES.join(', ')}, not ${table}`);
  return name;
}

/**
 * Builds the API request a `study` command stands for. A file is uploaded as it is (text/csv), so
 * its rows are judged by the API; a CSV answer is asked as NDJSON and written by study-output.ts,
 * which keeps the rows the study left out for stderr.
 */
export function studyRequest(target: string, options: Record<string, string>): StudyCall {
  const query = new URLSearchParams();
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, not ${format}`);
  if (!target.toLowerCase().endsWith('.csv')) {
    if (format === 'csv') query.set('format', 'csv');
    for (const name of STUDY_QUERY) if (options[name] !== undefined) query.set(name, options[name]!);
    return { path: `/v1/events/${encodeURIComponent(target)}/study?${query}`, init: {} };
  }
  let csv;
  try {
    csv = readFileSync(target, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${target}: no such file`);
    throw err;
  }
  for (const name of STUDY_QUERY) if (name !== 'roles' && options[name] !== undefined) query.set(name, options[name]!);
  query.set('format', format === 'csv' ? 'ndjson' : 'json');
  const rows = csv.split(/\r?\n/).slice(1).filter((line) => line.trim() !== '').length;
  return {
    path: `/v1/studies?${query}`,
    init: { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv },
    upload: { file: target, rows, ...(format === 'csv' ? { csvTable: csvTableOption(options.table) } : {}) },
  };
}

/** Runs `study` or `events`; returns the exit code. */
export async function studyCommand(command: 'study' | 'events', args: readonly string[], config: Config, io: Io): Promise<number> {
  let request: StudyCall;
  let out: string | undefined;
  try {
    const { positional, options } = parseArgs(args);
    out = options.out;
    if (command === 'events') {
      if (positional.length || Object.keys(options).some((o) => o !== 'out')) throw new UsageError('events takes no arguments but --out');
      request = { path: '/v1/events', init: {} };
    } else {
      if (positional.length !== 1) throw new UsageError('study takes one event id or one .csv file');
      request = studyRequest(positional[0]!, options);
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`${err.message}\n\nUsage:\n${STUDY_USAGE}`);
    return EXIT.badInput;
  }
  const store = await openStore(config);
  try {
    const { deps } = nodeDeps(store, config);
    const app = createApp(deps);
    const started = performance.now();
    const { upload } = request;
    if (command === 'study') io.stderr(`studying ${upload ? `${upload.rows} rows of ${upload.file}` : request.path.split('?')[0]} ...`);
    const res = await app.request(request.path, request.init);
    if (res.status >= 400) {
      io.stderr(problemText(await res.text(), res.status));
      return exitCodeOf(res.status);
    }
    if (upload?.csvTable) {
      const output: Output = out ? await fileOutput(out) : { write: io.stdout, close: async () => undefined };
      const answer = await writeCsvFromNdjson(res.body!, upload.csvTable, output).finally(output.close);
      if ('problem' in answer) {
        // A table cut short would look complete: nothing is left of it.
        if (out) rmSync(out, { force: true });
        io.stderr(problemText(JSON.stringify(answer.problem), answer.problem.status));
        return exitCodeOf(answer.problem.status);
      }
      reportSkipped(io, upload.file, answer.report);
    } else {
      const body = await res.text();
      if (upload) reportSkipped(io, upload.file, JSON.parse(body) as RowReport);
      if (out) writeFileSync(out, body);
      else await io.stdout(body);
    }
    if (command === 'study') io.stderr(`done in ${((performance.now() - started) / 1000).toFixed(1)} s${out ? `, written to ${out}` : ''}`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}

function reportSkipped(io: Pick<Io, 'stderr'>, file: string, report: RowReport): void {
  for (const line of skippedRowLines(file, report)) io.stderr(line);
}

/** A problem+json body as lines a person reads: the detail, then each bad field. */
function problemText(body: string, status: number): string {
  try {
    const p = JSON.parse(body) as { title?: string; detail?: string; errors?: { field: string; message: string }[]; securities?: { symbol: string; reason: string | null }[] };
    const lines = [`error ${status}: ${p.detail ?? p.title ?? ''}`];
    for (const e of p.errors ?? []) lines.push(`  ${e.field}: ${e.message}`);
    for (const s of p.securities ?? []) if (s.reason) lines.push(`  ${s.symbol}: ${s.reason}`);
    return lines.join('\n');
  } catch {
    return `error ${status}: ${body}`;
  }
}
