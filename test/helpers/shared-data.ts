import { DuckDbStore } from '../../src/store/duckdb-store.js';
import { importDirectory } from '../../src/store/import-directory.js';
import { sharedSubset } from './fixtures.js';
import { HAS_SHARED, SHARED } from './paths.js';

/** The shared real market data (read-only, outside the repository). */
export const SHARED_MARKET_DATA = SHARED;
export const hasSharedData = HAS_SHARED;

/** An in-memory store with the given shared daily files imported (as symlinks: well under a second). */
export async function storeWithShared(symbols: readonly string[]): Promise<DuckDbStore> {
  const store = await DuckDbStore.open(':memory:');
  const report = await importDirectory(store, sharedSubset([...new Set(symbols)]));
  const failed = report.files.filter((f) => f.status === 'failed');
  if (failed.length) throw new Error(`import failed: ${failed.map((f) => `${f.symbol}: ${f.error}`).join('; ')}`);
  return store;
}
