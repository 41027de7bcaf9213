import { listValue } from '@duckdb/node-api';
import type { DailyBar, PriceReader, SecuritySummary, StoreStatus } from '../market/price-reader.js';
import type { QueryRunner } from './duckdb-store.js';
import { GenerationMemo } from './generation-memo.js';

/** How long a successful database ping vouches for the database (health checks). */
export const PING_FRESH_MS = 250;

/**
 * Reads of stored prices. The store's status, data version and security summaries scan many
 * rows; given the store's write generation (`generation`), they are read once per write and
 * reused until the next one, and a status read only checks that the database still answers.
 */
export class StorePriceReader implements PriceReader {
  private readonly statusMemo: GenerationMemo<Omit<StoreStatus, 'database'>>;
  private readonly versionMemo: GenerationMemo<string>;
  /** Summaries of stored symbols read at `summaryGeneration`. */
  private readonly summaries = new Map<string, SecuritySummary>();
  private summaryGeneration: number | undefined;
  private ping: Promise<void> | undefined;
  private pingedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: QueryRunner,
    private readonly generation: () => number | undefined = () => undefined,
  ) {
    this.statusMemo = new GenerationMemo(generation);
    this.versionMemo = new GenerationMemo(generation);
  }

  async status(): Promise<StoreStatus> {
    // Still reachable? Health checks arriving together share one ping, and one that answered in
    // the last PING_FRESH_MS stands: under load a health check need not wait a turn of the event
    // loop for the database's answer (a failed ping is never reused).
    if (this.statusMemo.fresh && performance.now() - this.pingedAt > PING_FRESH_MS) {
      await (this.ping ??= this.db
        .run('ping')
        .then(() => void (this.pingedAt = performance.now()))
        .finally(() => (this.ping = undefined)));
    }
    const counts = await this.statusMemo.get(async () => (await this.db.one<Omit<StoreStatus, 'database'>>('store-status'))!);
    return { database: 'reachable', ...counts };
  }

  async securities(symbols: readonly string[]): Promise<Map<string, SecuritySummary>> {
    const generation = this.generation();
    if (generation === undefined || generation !== this.summaryGeneration) {
      this.summaries.clear();
      this.summaryGeneration = generation;
    }
    const missing = [...new Set(symbols)].filter((s) => !this.summaries.has(s));
    // An empty list has no item type to bind.
    const rows = missing.length ? await this.db.all<SecuritySummary>('security-summaries', { symbols: listValue(missing) }) : [];
    // Kept only while no write came in meanwhile; only stored symbols, so unknown names cannot grow it.
    if (generation !== undefined && generation === this.summaryGeneration && generation === this.generation()) {
      for (const r of rows) this.summaries.set(r.symbol, r);
    }
    const out = new Map(rows.map((r) => [r.symbol, r]));
    for (const s of symbols) if (!out.has(s) && this.summaries.has(s)) out.set(s, this.summaries.get(s)!);
    return out;
  }

  daily(symbol: string, from: string, to: string): Promise<DailyBar[]> {
    return this.db.all<DailyBar>('daily-bars', { symbol, from, to });
  }

  dataVersion(): Promise<string> {
    return this.versionMemo.get(async () => (await this.db.one<{ version: string }>('data-version'))!.version);
  }

  async tradingDates(benchmark: string): Promise<string[]> {
    return (await this.db.all<{ date: string }>('trading-dates', { symbol: benchmark })).map((r) => r.date);
  }
}
