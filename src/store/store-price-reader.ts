import { listValue } from '@duckdb/node-api';
import type { DailyBar, PriceReader, SecuritySummary, StoreStatus } from '../market/price-reader.js';
import type { QueryRunner } from './duckdb-store.js';

type Memo<T> = { generation: number; value: T } | undefined;

/**
 * Reads of stored prices. The store's status and data version scan every row; given the store's
 * write generation (`generation`), they are computed once per write and reused until the next
 * one, and a status read only checks that the database still answers.
 */
export class StorePriceReader implements PriceReader {
  private statusMemo: Memo<Omit<StoreStatus, 'database'>>;
  private versionMemo: Memo<string>;

  constructor(
    private readonly db: QueryRunner,
    private readonly generation: () => number | undefined = () => undefined,
  ) {}

  private async memoized<T>(memo: Memo<T>, read: () => Promise<T>, keep: (m: Memo<T>) => void): Promise<T> {
    const generation = this.generation();
    if (memo && generation !== undefined && memo.generation === generation) return memo.value;
    const value = await read();
    if (generation !== undefined) keep({ generation, value });
    return value;
  }

  async status(): Promise<StoreStatus> {
    if (this.statusMemo && this.statusMemo.generation === this.generation()) await this.db.run('ping'); // still reachable
    const counts = await this.memoized(this.statusMemo, async () => (await this.db.one<Omit<StoreStatus, 'database'>>('store-status'))!, (m) => (this.statusMemo = m));
    return { database: 'reachable', ...counts };
  }

  async securities(symbols: readonly string[]): Promise<Map<string, SecuritySummary>> {
    if (symbols.length === 0) return new Map(); // an empty list has no item type to bind
    const rows = await this.db.all<SecuritySummary>('security-summaries', { symbols: listValue([...new Set(symbols)]) });
    return new Map(rows.map((r) => [r.symbol, r]));
  }

  daily(symbol: string, from: string, to: string): Promise<DailyBar[]> {
    return this.db.all<DailyBar>('daily-bars', { symbol, from, to });
  }

  dataVersion(): Promise<string> {
    return this.memoized(this.versionMemo, async () => (await this.db.one<{ version: string }>('data-version'))!.version, (m) => (this.versionMemo = m));
  }

  async tradingDates(benchmark: string): Promise<string[]> {
    return (await this.db.all<{ date: string }>('trading-dates', { symbol: benchmark })).map((r) => r.date);
  }
}
