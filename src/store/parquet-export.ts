import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ValidationError } from '../errors.js';
import type { QueryRunner } from './duckdb-store.js';

export type ParquetExport = { directory: string; symbols: number; rows: number };

/**
 * Writes the stored daily prices as Parquet, one folder per symbol (`symbol=<SYMBOL>/`), the
 * layout PRICES_PARQUET reads. The target must be new or empty: a stale symbol folder left from
 * an earlier export would otherwise be read as current prices.
 */
export async function exportPricesToParquet(db: QueryRunner, directory: string): Promise<ParquetExport> {
  const dir = resolve(directory);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new ValidationError(`${dir} is not empty: export into a new or empty directory (an earlier export's symbols would linger).`);
  }
  const status = await db.one<{ symbols: number; daily_rows: number }>('store-status');
  if (!status || status.daily_rows === 0) {
    throw new ValidationError('The database holds no daily prices to export: import some first (npm run import -- <dir>).');
  }
  await db.run('export-daily-parquet', { dir });
  return { directory: dir, symbols: status.symbols, rows: status.daily_rows };
}
