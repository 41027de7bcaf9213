import { createApp } from '../../src/app.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import { HAS_SHARED } from './paths.js';
import { sharedSubset } from './fixtures.js';
import { memoryStore, storeWithDirectory } from './store.js';

/** Real shared files the route tests import (a handful, not the whole directory). */
export const ROUTE_DAILY = ['SPY', 'PANW', 'CHKP', '^GSPC'];
export const ROUTE_INTRADAY = [{ interval: '5m', symbol: 'SPY' }];

export type TestApp = { app: ReturnType<typeof createApp>; store: DuckDbStore };

/** The app over an in-memory store with a few real shared files (or empty when the data is absent). */
export async function appWithSharedSubset(): Promise<TestApp> {
  const store = HAS_SHARED ? (await storeWithDirectory(sharedSubset(ROUTE_DAILY, ROUTE_INTRADAY))).store : await memoryStore();
  const { deps } = nodeDeps(store, { eventsPath: undefined });
  return { app: createApp(deps), store };
}

/** The app over an empty in-memory store (calendar from the holiday rules only). */
export async function appWithEmptyStore(): Promise<TestApp> {
  const store = await memoryStore();
  const { deps } = nodeDeps(store, { eventsPath: undefined });
  return { app: createApp(deps), store };
}
