import type { DailyRow } from '../domain/bars.js';

/** Reads of stored market data that routes and studies need; implemented by the DuckDB store. */
export type StoreStatus = {
  /** 'none' on a deployment without a price store (the edge). */
  database: 'reachable' | 'none';
  symbols: number;
  daily_rows: number;
  first_date: string | null;
  last_date: string | null;
  intraday_bars: number;
};

/** A stored daily row with its returns (the prices route). */
export type DailyBar = DailyRow & { simple_return: number | null; log_return: number | null };

export type SecuritySummary = { symbol: string; rows: number; first_date: string; last_date: string };

export interface PriceReader {
  status(): Promise<StoreStatus>;
  /** Stored span of each symbol that has daily prices; unknown symbols are absent. */
  securities(symbols: readonly string[]): Promise<Map<string, SecuritySummary>>;
  daily(symbol: string, from: string, to: string): Promise<DailyBar[]>;
  /** Changes whenever stored prices change (imports, fetches): part of study cache keys. */
  dataVersion(): Promise<string>;
  /** Dates on which `benchmark` traded: the exchange calendar inside the stored span. */
  tradingDates(benchmark: string): Promise<string[]>;
}
