import { ConfigError, parseConfig } from '../config.js';
import { AppError } from '../errors.js';
import { importDirectory } from '../store/import-directory.js';
import { progressLine, summarize } from './import-progress.js';
import { EXPORT_USAGE, exportCommand } from './export-command.js';
import { SYNC_USAGE, syncCommand } from './sync-command.js';
import { openStore } from './node-deps.js';

const USAGE = `Usage:
  npm run import -- <directory>     import daily/ and intraday/ CSVs into DATABASE_PATH
                                    (default data/market.duckdb); unchanged files are skipped
                                    (also factors/<set>.csv: date,<factor>,... in decimals)
Options:
  --json                            print the per-file report as JSON
${SYNC_USAGE}
${EXPORT_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'sync') return syncCommand(rest, parseConfig(process.env));
  if (command === 'export') return exportCommand(rest, parseConfig(process.env));
  const json = rest.includes('--json');
  const args = rest.filter((a) => !a.startsWith('--'));
  if (command !== 'import' || args.length !== 1) {
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
    const report = await importDirectory(store, args[0]!, progressLine());
    console.log(json ? JSON.stringify(report, null, 2) : summarize(report));
    return report.files.some((f) => f.status === 'failed') ? 1 : 0;
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
