import type { DailyWrite, IntradayWrite, PriceCache } from '../market/price-cache.js';
import type { IntradayBar, IntradayInterval, Listing, SymbolSync } from '../market/price-provider.js';
import type { DuckDbStore, QueryRunner } from './duckdb-store.js';

/** Adjustment factors closer to 1 than this are float noise, not a split or dividend. */
const FACTOR_EPSILON = 1e-9;

type Ranges = { from: Date; to: Date }[];

const MAX_KEPT_SYMBOLS = 10_000;

/** Coverage is read over the whole span dates may have (validated: years 1900-2100) and clipped. */
const ALL_TIME = { from: new Date('1900-01-01T00:00:00Z'), to: new Date('2101-01-01T00:00:00Z') };

/** The parts of `gaps` (maximal, ordered) inside [from, to): the maximal gaps of that range. */
function clip(gaps: Ranges, from: Date, to: Date): Ranges {
  return gaps
    .filter((g) => g.from < to && g.to > from)
    .map((g) => ({ from: g.from > from ? g.from : from, to: g.to < to ? g.to : to }));
}

/** The read-through cache's storage over DuckDB, with the `queries/cache-*.sql` queries. */
export class StorePriceCache implements PriceCache {
  /**
   * Each symbol's unsettled ranges over all time, per interval, read once per write generation.
   * Every study asks the coverage of each of its symbols before it is answered, cached or not (new
   * days may have to be fetched), over a range that moves with its estimation window; stored
   * coverage changes only with a write. One query per symbol per request was most of a study's
   * time with a price source configured, and crowded the database's cheap lane. Without a
   * generation (other writers) every question is a query.
   */
  private coverage: { generation: number; gaps: Map<string, Promise<Ranges>> } | undefined;

  constructor(private readonly store: DuckDbStore) {}

  missingRanges(symbol: string, interval: '1d' | IntradayInterval, from: Date, to: Date): Promise<Ranges> {
    const generation = this.store.writeGeneration;
    if (generation === undefined) return this.readMissing(symbol, interval, from, to);
    // Started afresh at each write, and past MAX_KEPT_SYMBOLS (symbols asked for without a write).
    if (this.coverage?.generation !== generation || this.coverage.gaps.size >= MAX_KEPT_SYMBOLS) this.coverage = { generation, gaps: new Map() };
    const { gaps } = this.coverage;
    const key = `${symbol}\n${interval}`;
    let all = gaps.get(key);
    if (all === undefined) {
      gaps.set(key, (all = this.readMissing(symbol, interval, ALL_TIME.from, ALL_TIME.to)));
      all.catch(() => gaps.delete(key));
    }
    return all.then((g) => clip(g, from, to));
  }

  private async readMissing(symbol: string, interval: '1d' | IntradayInterval, from: Date, to: Date): Promise<Ranges> {
    const rows = await this.store.all<{ start_ms: number; end_ms: number }>('cache-missing-ranges', { symbol, interval, from: from.toISOString(), to: to.toISOString() });
    return rows.map((r) => ({ from: new Date(r.start_ms), to: new Date(r.end_ms) }));
  }

  async dailyNeighbours(symbol: string, from: string, to: string): Promise<{ before: string | null; after: string | null }> {
    const n = await this.store.one<{ before: string | null; after: string | null }>('cache-daily-neighbours', { symbol, from, to });
    return { before: n?.before ?? null, after: n?.after ?? null };
  }

  storeDaily(write: DailyWrite): Promise<SymbolSync['rescaled']> {
    const { symbol, source, prices, actions } = write;
    return this.store.transaction(async (tx) => {
      await tx.run('cache-record-import-span', { symbol });
      await tx.run('cache-stage-daily', {
        prices: JSON.stringify(
          prices.map((p) => ({ date: p.date, open: p.open, high: p.high, low: p.low, close: p.close, adj_close: p.adjClose, volume: p.volume })),
        ),
      });
      let rescaled: SymbolSync['rescaled'] = null;
      const f = await tx.one<{ adj_factor: number; close_factor: number }>('cache-daily-overlap-factors', { symbol });
      if (f && (Math.abs(f.adj_factor - 1) > FACTOR_EPSILON || Math.abs(f.close_factor - 1) > FACTOR_EPSILON)) {
        await tx.run('cache-rescale-daily', { symbol, adj_factor: f.adj_factor, close_factor: f.close_factor });
        rescaled = { adj_close: f.adj_factor, close: f.close_factor };
      }
      await tx.run('cache-upsert-daily', { symbol });
      await tx.run('cache-upsert-actions', {
        symbol,
        source,
        actions: JSON.stringify(
          actions.map((a) =>
            a.kind === 'dividend'
              ? { date: a.date, kind: a.kind, amount: a.amount, numerator: null, denominator: null }
              : { date: a.date, kind: a.kind, amount: null, numerator: a.numerator, denominator: a.denominator },
          ),
        ),
      });
      await recordRanges(tx, { ...write, interval: '1d' });
      await storeListing(tx, write.listing, source);
      return rescaled;
    });
  }

  storeIntraday(write: IntradayWrite): Promise<void> {
    const { symbol, interval, bars, listing, source } = write;
    return this.store.transaction(async (tx) => {
      await tx.run('cache-upsert-intraday', { symbol, interval, bars: JSON.stringify(bars) });
      await recordRanges(tx, write);
      if (listing) await storeListing(tx, listing, source);
    });
  }

  intradayBars(symbol: string, interval: IntradayInterval, from: Date, to: Date): Promise<IntradayBar[]> {
    return this.store.all<IntradayBar>('cache-intraday-bars', { symbol, interval, from: from.toISOString(), to: to.toISOString() });
  }
}

async function recordRanges(
  tx: QueryRunner,
  write: Pick<IntradayWrite, 'symbol' | 'source' | 'settled'> & { interval: '1d' | IntradayInterval },
): Promise<void> {
  for (const range of write.settled) {
    await tx.run('cache-record-range', { symbol: write.symbol, interval: write.interval, start: range.from, end: range.to, origin: write.source });
  }
}

function storeListing(tx: QueryRunner, listing: Listing, source: string): Promise<void> {
  return tx.run('cache-upsert-listing', {
    symbol: listing.symbol,
    exchange: listing.exchange,
    exchange_name: listing.exchangeName,
    timezone: listing.timezone,
    currency: listing.currency,
    instrument_type: listing.instrumentType,
    first_trade_date: listing.firstTradeDate,
    source,
  });
}
