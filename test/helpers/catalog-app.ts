import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { importDirectory } from '../../src/store/import-directory.js';
import { DuckDbStore as Store } from '../../src/store/duckdb-store.js';
import { sharedSubset } from './fixtures.js';
import { ROOT, SHARED } from './paths.js';

type CatalogEvent = { id: string; securities: { symbol: string; listed_in_us: boolean }[]; benchmarks: string[] };

/** The catalog as committed (data/events.json). */
export function catalogEvents(): CatalogEvent[] {
  return JSON.parse(readFileSync(join(ROOT, 'data/events.json'), 'utf8')).events;
}

/** Every REAL shared daily and intraday file that a catalog event (or the page's benchmark list) uses. */
function catalogFiles() {
  const wanted = new Set(['SPY', 'QQQ', '^GSPC']);
  for (const e of catalogEvents()) for (const s of [...e.securities.map((x) => x.symbol), ...e.benchmarks]) wanted.add(s);
  const daily = [...wanted].filter((s) => existsSync(join(SHARED, 'daily', `${s}.csv`)));
  const intraday = readdirSync(join(SHARED, 'intraday')).flatMap((interval) =>
    readdirSync(join(SHARED, 'intraday', interval))
      .map((f) => f.replace(/\.csv$/, ''))
      .filter((s) => wanted.has(s))
      .map((symbol) => ({ interval, symbol })),
  );
  return { daily, intraday };
}

/** The app over an in-memory store holding the real shared files of every catalog event. */
export async function appWithCatalogData(): Promise<{ app: ReturnType<typeof createApp>; store: DuckDbStore }> {
  const { daily, intraday } = catalogFiles();
  const store = await Store.open(':memory:');
  const report = await importDirectory(store, sharedSubset(daily, intraday));
  const failed = report.files.filter((f) => f.status === 'failed');
  if (failed.length) throw new Error(`import failed: ${failed.map((f) => `${f.symbol}: ${f.error}`).join('; ')}`);
  const { deps } = nodeDeps(store, { eventsPath: undefined });
  return { app: createApp(deps), store };
}
