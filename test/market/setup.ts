import { ReadThroughCache } from '../../src/market/read-through.js';
import { YahooProvider, type YahooProviderOptions } from '../../src/market/yahoo/yahoo-provider.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { StorePriceCache } from '../../src/store/store-price-cache.js';
import { memoryStore, rawRows } from '../helpers/store.js';
import type { Replay } from './yahoo-replay.js';

/**
 * A fresh in-memory store, a YahooProvider over `replay.fetch` with the clock set to `now`, and
 * the read-through cache over both. Backoff sleeps are recorded, not waited for.
 */
export async function replayedCache(replay: Replay, now: Date, options: Partial<YahooProviderOptions> = {}) {
  const store = await memoryStore();
  const sleeps: number[] = [];
  const provider = new YahooProvider({
    fetch: replay.fetch,
    now: () => now,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 1, // no jitter: delays are exactly 500, 1000, 2000 ms
    ...options,
  });
  const cache = new ReadThroughCache(new StorePriceCache(store), provider, { now: () => now });
  return { store, provider, cache, sleeps };
}

const TABLES = ['securities', 'daily_prices', 'intraday_bars', 'corporate_actions', 'fetched_ranges'];

/** Everything the cache writes, as one string: equal before and after means nothing changed. */
export async function snapshot(store: DuckDbStore): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const rows = await rawRows(store, `SELECT * FROM ${table} ORDER BY ALL`);
    parts.push(`${table}: ${JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
  }
  return parts.join('\n');
}

/** Stored daily rows of `symbol` by date. */
export async function storedDaily(store: DuckDbStore, symbol: string) {
  const rows = await rawRows<{ date: string; open: number; high: number; low: number; close: number; adj_close: number; volume: number }>(
    store,
    `SELECT strftime(date, '%Y-%m-%d') AS date, open, high, low, close, adj_close, volume
     FROM daily_prices WHERE symbol = '${symbol}' ORDER BY date`,
  );
  return new Map(rows.map((r) => [r.date, r]));
}
