import { ConfigError, parseConfig } from '../config.js';
import { AppError } from '../errors.js';
import { directoryList, importDirectory } from '../store/import-directory.js';
import { progressLine, summarize } from './import-progress.js';
import { EXPORT_USAGE, exportCommand } from './export-command.js';
import { STUDY_USAGE, studyCommand } from './study-command.js';
import { SYNC_USAGE, syncCommand } from './sync-command.js';
import { openStore } from './node-deps.js';

const USAGE = `Usage:
  npm run import -- <directory>[,<directory>...]
                                    import daily/ and intraday/ CSVs into DATABASE_PATH
                                    (default data/market.duckdb); unchanged files are skipped
                                    (also factors/<set>.csv: date,<factor>,... in decimals).
                                    Several directories: separated by commas (or given as
                                    several arguments); a symbol is taken from the first.
Options:
  --json                            print the per-file report as JSON
  --replace                         store files that are otherwise refused: damaged ones
                                    (truncated last line, duplicate dates, non-positive
                                    prices) and ones that would remove stored history
${SYNC_USAGE}
${EXPORT_USAGE}
${STUDY_USAGE}
  npm run cli -- serve                the API server (npm start also tunes the collector: README)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'sync') return syncCommand(rest, parseConfig(process.env));
  if (command === 'export') return exportCommand(rest, parseConfig(process.env));
  if (command === 'study' || command === 'events') {
    const io = { stdout: (t: string) => new Promise<void>((done) => process.stdout.write(t, () => done())), stderr: (t: string) => console.error(t), isTTY: !!process.stderr.isTTY };
    return studyCommand(command, rest, parseConfig(process.env), io);
  }
  if (command === 'serve') {
    await import('./node.js'); // serves until stopped
    return new Promise<number>(() => {});
  }
  if (command === undefined || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  const json = rest.includes('--json');
  const replace = rest.includes('--replace');
  const unknown = rest.filter((a) => a.startsWith('--') && a !== '--json' && a !== '--replace');
  const directories = rest.filter((a) => !a.startsWith('--')).flatMap(directoryList);
  if (command !== 'import' || directories.length === 0 || unknown.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const config = parseConfig(process.env);
  if (config.store.pricesParquet) {
    console.error('PRICES_PARQUET is set: Parquet prices are read-only. Import into a DuckDB file without it, then `npm run export -- --parquet <dir>`.');
    return 2;
  }
  const store = await openStore(config);
  try {
    const report = await importDirectory(store, directories, progressLine(), { replace });
    console.log(json ? JSON.stringify(report, null, 2) : summarize(report));
    return report.files.some((f) => f.status === 'failed' || f.status === 'refused') ? 1 : 0;
  } finally {
    store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError || err instanceof AppError ? err.message : err);
    process.exit(1);
  },
);
