import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDbStore } from '../../src/store/duckdb-store.js';
import { importDirectory, type ImportReport } from '../../src/store/import-directory.js';

/** A fresh in-memory store (migrated). */
export function memoryStore(): Promise<DuckDbStore> {
  return DuckDbStore.open(':memory:');
}

/** An in-memory store with `dir` imported; fails the test when any file failed. */
export async function storeWithDirectory(dir: string): Promise<{ store: DuckDbStore; report: ImportReport }> {
  const store = await memoryStore();
  const report = await importDirectory(store, dir);
  const failed = report.files.filter((f) => f.status === 'failed');
  if (failed.length > 0) throw new Error(`import failed: ${JSON.stringify(failed)}`);
  return { store, report };
}

/**
 * Test-only introspection: runs ad-hoc SQL on one of the store's reader connections (the app itself only
 * runs named queries from queries/). Used to look at tables no named query exposes.
 */
export async function rawRows<T = Record<string, unknown>>(store: DuckDbStore, text: string, params: Record<string, string> = {}): Promise<T[]> {
  const connection = (store as unknown as { lanes: { cheap: { connections: DuckDBConnection[] } } }).lanes.cheap.connections[0]!;
  return (await connection.runAndReadAll(text, params)).getRowObjectsJS() as T[];
}

/**
 * A write outside the named queries (a row an older version could have stored), counted like
 * every committed write so that what the store memoizes per write is read again.
 */
export async function rawWrite(store: DuckDbStore, text: string, params: Record<string, string> = {}): Promise<void> {
  await rawRows(store, text, params);
  (store as unknown as { commits: number }).commits++;
}

/** A symbol's stored daily span, straight from the table (independent of the named queries). */
export async function dailySummary(
  store: DuckDbStore,
  symbol: string,
): Promise<{ rows: number; first_date: string; last_date: string } | undefined> {
  const [row] = await rawRows<{ rows: number; first_date: string | null; last_date: string | null }>(
    store,
    `SELECT count(*)::INTEGER AS rows, strftime(min(date), '%Y-%m-%d') AS first_date,
       strftime(max(date), '%Y-%m-%d') AS last_date
     FROM daily_prices WHERE symbol = $symbol`,
    { symbol },
  );
  return row && row.rows > 0 ? { rows: row.rows, first_date: row.first_date!, last_date: row.last_date! } : undefined;
}
