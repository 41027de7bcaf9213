import type { CorporateAction, DailyPrice, IntradayBar, IntradayInterval, Listing, SymbolSync } from './price-provider.js';

/** [from, to) as ISO 8601 instants. */
export type SettledRange = { from: string; to: string };

export type DailyWrite = {
  symbol: string;
  /** The provider's name, stored as the source of the actions, ranges and listing. */
  source: string;
  listing: Listing;
  prices: DailyPrice[];
  actions: CorporateAction[];
  /** Ranges now settled at '1d': UTC midnight of the first date to UTC midnight after the last. */
  settled: SettledRange[];
};

export type IntradayWrite = {
  symbol: string;
  interval: IntradayInterval;
  /** The provider's name, stored as the source of the ranges and listing. */
  source: string;
  bars: IntradayBar[];
  /** Ranges now settled at `interval`: their bars are final. */
  settled: SettledRange[];
  /** Stored when the provider said where the symbol trades. */
  listing: Listing | null;
};

/**
 * What the read-through cache (`market/read-through.ts`) needs from a price store: which ranges
 * are settled, the stored days around a gap, the stored bars, and writes of what a provider
 * fetched, each write in one transaction. `market/` depends only on this port; the DuckDB store
 * implements it (`store/store-price-cache.ts`).
 */
export interface PriceCache {
  /** The parts of [from, to) not yet settled for `symbol` at `interval`, in order. */
  missingRanges(symbol: string, interval: '1d' | IntradayInterval, from: Date, to: Date): Promise<{ from: Date; to: Date }[]>;
  /** The stored daily dates of `symbol` just before `from` and just after `to` (ISO dates; null when none). */
  dailyNeighbours(symbol: string, from: string, to: string): Promise<{ before: string | null; after: string | null }>;
  /**
   * Stores a fetched daily series with its actions, listing and settled ranges in one
   * transaction. When the fetch's adjustments differ from the stored ones on the latest shared
   * date (a split or dividend since), the stored rows the fetch does not replace are rescaled onto
   * the fetch's basis first, and the factors are returned; otherwise null.
   */
  storeDaily(write: DailyWrite): Promise<SymbolSync['rescaled']>;
  /** Stores fetched intraday bars, their settled ranges and the listing in one transaction. */
  storeIntraday(write: IntradayWrite): Promise<void>;
  /** Stored bars of `symbol` at `interval` starting in [from, to), oldest first. */
  intradayBars(symbol: string, interval: IntradayInterval, from: Date, to: Date): Promise<IntradayBar[]>;
}
