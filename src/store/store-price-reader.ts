import { listValue } from '@duckdb/node-api';
import type { DailyBar, PriceReader, SecuritySummary, StoreStatus } from '../market/price-reader.js';
import type { QueryRunner } from './duckdb-store.js';

export class StorePriceReader implements PriceReader {
  constructor(private readonly db: QueryRunner) {}

  async status(): Promise<StoreStatus> {
    return { database: 'reachable', ...(await this.db.one<Omit<StoreStatus, 'database'>>('store-status'))! };
  }

  async securities(symbols: readonly string[]): Promise<Map<string, SecuritySummary>> {
    if (symbols.length === 0) return new Map(); // an empty list has no item type to bind
    const rows = await this.db.all<SecuritySummary>('security-summaries', { symbols: listValue([...new Set(symbols)]) });
    return new Map(rows.map((r) => [r.symbol, r]));
  }

  daily(symbol: string, from: string, to: string): Promise<DailyBar[]> {
    return this.db.all<DailyBar>('daily-bars', { symbol, from, to });
  }

  async dataVersion(): Promise<string> {
    return (await this.db.one<{ version: string }>('data-version'))!.version;
  }

  async tradingDates(benchmark: string): Promise<string[]> {
    return (await this.db.all<{ date: string }>('trading-dates', { symbol: benchmark })).map((r) => r.date);
  }
}
