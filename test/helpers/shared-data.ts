import { DuckDbStore } from '../../src/store/duckdb-store.js';
import { importDirectory } from '../../src/store/import-directory.js';
import { sharedSubset } from './fixtures.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { HAS_SHARED, ROOT, SHARED } from './paths.js';

/** The real international data directory (listings outside the US and their local indices). */
export const SHARED_INTL = resolve(ROOT, '../shared/market-data-intl');
export const hasSharedIntl = HAS_SHARED && existsSync(SHARED_INTL);

/** The shared real market data (read-only, outside the repository). */
export const SHARED_MARKET_DATA = SHARED;
export const hasSharedData = HAS_SHARED;

/** An in-memory store with the given shared daily files imported (as symlinks: well under a second). */
export async function storeWithShared(symbols: readonly string[]): Promise<DuckDbStore> {
  const store = await DuckDbStore.open(':memory:');
  await importAll(store, sharedSubset([...new Set(symbols)]));
  return store;
}

/** `storeWithShared` plus every file of ../shared/market-data-intl (both directories in one store). */
export async function storeWithSharedAndIntl(symbols: readonly string[]): Promise<DuckDbStore> {
  const store = await storeWithShared(symbols);
  await importAll(store, SHARED_INTL);
  return store;
}

async function importAll(store: DuckDbStore, dir: string): Promise<void> {
  const report = await importDirectory(store, dir);
  const failed = report.files.filter((f) => f.status === 'failed');
  if (failed.length) throw new Error(`import failed: ${failed.map((f) => `${f.symbol}: ${f.error}`).join('; ')}`);
}
