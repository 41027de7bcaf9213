import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDbStore } from '../../src/store/duckdb-store.js';
import { importDirectory } from '../../src/store/import-directory.js';

/** The shared real market data (read-only, outside the repository). */
export const SHARED_MARKET_DATA = resolve(import.meta.dirname, '../../../shared/market-data');
export const hasSharedData = existsSync(join(SHARED_MARKET_DATA, 'daily'));

/**
 * A market-data directory holding only `symbols` of the shared daily files (as symlinks), so a
 * test imports what it needs in well under a second.
 */
export function sharedSubset(symbols: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'mi-shared-'));
  mkdirSync(join(dir, 'daily'));
  for (const s of new Set(symbols)) symlinkSync(join(SHARED_MARKET_DATA, 'daily', `${s}.csv`), join(dir, 'daily', `${s}.csv`));
  return dir;
}

/** An in-memory store with the given shared daily files imported. */
export async function storeWithShared(symbols: readonly string[]): Promise<DuckDbStore> {
  const store = await DuckDbStore.open(':memory:');
  const report = await importDirectory(store, sharedSubset(symbols));
  const failed = report.files.filter((f) => f.status === 'failed');
  if (failed.length) throw new Error(`import failed: ${failed.map((f) => `${f.symbol}: ${f.error}`).join('; ')}`);
  return store;
}
