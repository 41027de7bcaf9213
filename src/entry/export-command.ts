import type { Config } from '../config.js';
import { exportPricesToParquet } from '../store/parquet-export.js';
import { openStore } from './node-deps.js';

export const EXPORT_USAGE = `  npm run export -- --parquet <dir>
      writes the daily prices of DATABASE_PATH as Parquet, one folder per symbol
      (<dir>/symbol=<SYMBOL>/data_0.parquet); serve them with PRICES_PARQUET=<dir or s3:// r2:// URL>`;

/** `npm run export -- --parquet <dir>`; returns the exit code (0 ok, 2 usage). */
export async function exportCommand(argv: readonly string[], config: Config): Promise<number> {
  const at = argv.indexOf('--parquet');
  const dir = at >= 0 ? argv[at + 1] : undefined;
  if (!dir || dir.startsWith('--')) {
    console.error(`Usage:\n${EXPORT_USAGE}`);
    return 2;
  }
  const store = await openStore(config);
  try {
    const done = await exportPricesToParquet(store, dir);
    console.log(`Exported ${done.rows} daily rows of ${done.symbols} symbols to ${done.directory}`);
    return 0;
  } finally {
    store.close();
  }
}
