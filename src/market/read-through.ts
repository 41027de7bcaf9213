import { zonedMs } from '../domain/time-zone.js';
import { addDays } from '../domain/trading-calendar.js';
import { ValidationError } from '../errors.js';
import type { PriceCache } from './price-cache.js';
import {
  checkDates,
  checkSymbol,
  checkIntradayRequest,
  intervalMs,
  type DailyPrice,
  type DailySeries,
  type DailySyncReport,
  type IntradayBar,
  type IntradayInterval,
  type IntradayLimitNote,
  type IntradaySeries,
  type MarketDataSync,
  type PriceProvider,
  type SymbolSync,
} from './price-provider.js';

/**
 * The read-through price cache: a request asks the store (a `PriceCache`, `market/price-cache.ts`)
 * which ranges of a symbol are not yet settled, fetches only those from the provider, and stores
 * them in one transaction per symbol. A second identical request makes no network call.
 *
 * - Daily: only dates before today (UTC) are settled, so a past day is fetched once and re-used
 *   forever. Each fetch is widened to one stored neighbouring day; when the provider's adjustments
 *   changed since that day was stored (a split or a dividend in between), the earlier rows are
 *   rescaled in the same transaction so returns across old and new rows stay right.
 * - Intraday: bars are kept forever once fetched. The provider serves only recent bars (Yahoo:
 *   1m ~30 days, 2m-90m 60 days, 1h 730 days); the part of a request beyond that comes from the
 *   store alone, with a `limits` note saying so.
 * A failed fetch stores nothing for its symbol and throws the provider's typed error; for a while
 * (`retryFailedAfterMs`) the same error is thrown again without asking the provider, so a source
 * that is down, or a symbol it does not serve, costs one attempt a minute rather than one per study.
 */
export type ReadThroughOptions = {
  /** The clock (default: the system's). */
  now?: () => Date;
  /** Symbols fetched at once (default 4; the provider bounds its own requests too). */
  concurrency?: number;
  /** How long a symbol whose daily fetch failed is not asked for again (default 60 s). */
  retryFailedAfterMs?: number;
};

export type IntradayRead = {
  symbol: string;
  interval: IntradayInterval;
  from: string;
  to: string;
  /** Stored bars in [from, to) after fetching what was missing and could be fetched. */
  bars: IntradayBar[];
  /** Ranges fetched by this call (empty when everything was stored already). */
  fetched: { from: string; to: string; bars: number }[];
  limits: IntradayLimitNote | null;
};

const DAY_MS = 86_400_000;
/** A stored neighbour further away than this is not used to compare adjustments. */
const NEIGHBOUR_DAYS = 10;

export class ReadThroughCache implements MarketDataSync {
  private readonly now: () => Date;
  private readonly concurrency: number;
  private readonly retryFailedAfterMs: number;
  /** Symbols whose daily fetch failed: the error, and when the provider may be asked again. */
  private readonly failedDaily = new Map<string, { error: unknown; retryAt: number }>();
  /** Daily fetches in flight, by symbol. */
  private readonly fetching = new Map<string, Promise<SymbolSync>>();
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly cache: PriceCache,
    private readonly provider: PriceProvider,
    options: ReadThroughOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.concurrency = options.concurrency ?? 4;
    this.retryFailedAfterMs = options.retryFailedAfterMs ?? 60_000;
  }

  /**
   * Fetches the daily prices of `symbols` over [from, to] that the store lacks. After the first
   * failure no further symbol is started; symbols already fetched stay stored, and the failure
   * (a typed AppError naming symbol and range) is thrown.
   */
  async ensureDaily(symbols: readonly string[], from: string, to: string): Promise<DailySyncReport> {
    const started = performance.now();
    const wanted = [...new Set(symbols)];
    if (wanted.length === 0) throw new ValidationError('No symbols given.', [{ field: 'symbols', message: 'at least one symbol' }]);
    wanted.forEach(checkSymbol);
    checkDates(from, to);
    // Only complete days are settled: up to yesterday (UTC), whatever the exchange.
    const lastFinal = isoDate(new Date(this.now().getTime() - DAY_MS));
    const end = to < lastFinal ? to : lastFinal;
    const results = await this.pool(wanted, (symbol) => this.syncDaily(symbol, from, end, to));
    return {
      from,
      to,
      symbols: results,
      fetched: results.filter((r) => r.status === 'fetched').map((r) => r.symbol),
      skipped: results.filter((r) => r.status === 'cached').map((r) => r.symbol),
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** Stored bars of `symbol` in [from, to), after fetching the missing part the provider still serves. */
  async intraday(symbol: string, from: Date, to: Date, interval: IntradayInterval): Promise<IntradayRead> {
    checkSymbol(symbol);
    checkIntradayRequest(interval, from, to);
    const now = this.now();
    const until = new Date(Math.min(to.getTime(), now.getTime()));
    const gaps = until > from ? await this.cache.missingRanges(symbol, interval, from, until) : [];
    const series: IntradaySeries[] = [];
    for (const gap of gaps) series.push(await this.provider.intraday(symbol, gap.from, gap.to, interval));

    const length = intervalMs(interval);
    // A bar that started before now - length has ended, whatever grid the exchange aligns bars to
    // (Yahoo's hourly bars start at 09:30 ET, not on the hour): later bars may still change.
    const settledUntil = now.getTime() - length;
    const fetched = series
      .filter((s) => s.from < s.to)
      .map((s) => ({ from: s.from, to: new Date(Math.min(Date.parse(s.to), settledUntil)).toISOString(), bars: s.bars.length }))
      .filter((r) => r.from < r.to);
    if (fetched.length > 0) {
      await this.write(() =>
        this.cache.storeIntraday({
          symbol,
          interval,
          source: this.provider.name,
          bars: series.flatMap((s) => s.bars),
          settled: fetched,
          listing: series.map((s) => s.listing).find((l) => l !== null) ?? null,
        }),
      );
    }
    const bars = await this.cache.intradayBars(symbol, interval, from, to);
    return { symbol, interval, from: from.toISOString(), to: to.toISOString(), bars, fetched, limits: mergeLimits(series) };
  }

  async ensureIntradayDay(symbols: readonly string[], day: string, timeZone: string): Promise<string[]> {
    const from = new Date(zonedMs(addDays(day, -1), '20:00', timeZone));
    const to = new Date(zonedMs(day, '20:00', timeZone));
    const notes: string[] = [];
    await this.pool([...new Set(symbols)], async (symbol) => {
      // The finest interval whose reach covers the day: 1m (~30 days back), then 5m, then 1h.
      for (const interval of ['1m', '5m', '1h'] as const) {
        try {
          const read = await this.intraday(symbol, from, to, interval);
          const beyond = read.limits && Date.parse(read.limits.earliest_available) >= to.getTime();
          if (!beyond) {
            if (read.limits) notes.push(`${symbol}: ${read.limits.message}`);
            return;
          }
        } catch (err) {
          notes.push(`${symbol}: intraday bars for ${day} could not be fetched (${(err as Error).message})`);
          return;
        }
      }
      notes.push(`${symbol}: the price source no longer serves intraday bars for ${day}; only stored bars are used`);
    });
    return notes;
  }

  private async syncDaily(symbol: string, from: string, end: string, to: string): Promise<SymbolSync> {
    const result: SymbolSync = { symbol, status: 'cached', fetched: [], prices_stored: 0, actions_stored: 0, rescaled: null, notes: [] };
    if (end < to) result.notes.push(`dates after ${end} are not complete yet; they are fetched once they are`);
    if (from > end) return result;
    // One fetch per symbol at a time: a request arriving while the symbol is being fetched waits
    // for that fetch, then looks again (its rows may be stored now, or its failure remembered),
    // instead of asking the source too.
    for (;;) {
      const gaps = (await this.cache.missingRanges(symbol, '1d', dayStart(from), dayEnd(end))).map((g) => ({
        from: isoDate(g.from),
        to: isoDate(new Date(g.to.getTime() - DAY_MS)),
      }));
      if (gaps.length === 0) return result;
      const running = this.fetching.get(symbol);
      if (running) {
        await running.catch(() => undefined);
        continue;
      }
      const fetch = this.fetchDaily(symbol, gaps, result);
      this.fetching.set(symbol, fetch);
      try {
        return await fetch;
      } finally {
        this.fetching.delete(symbol);
      }
    }
  }

  /** Fetches `gaps` of `symbol` and stores them in one transaction; the outcome is written into `result`. */
  private async fetchDaily(symbol: string, gaps: { from: string; to: string }[], result: SymbolSync): Promise<SymbolSync> {
    const failed = this.failedDaily.get(symbol);
    if (failed && failed.retryAt > this.now().getTime()) throw failed.error;
    const series: DailySeries[] = [];
    try {
      for (const gap of gaps) {
        // Widen to one stored neighbour: its price then and now shows whether adjustments changed.
        const n = await this.cache.dailyNeighbours(symbol, gap.from, gap.to);
        const within = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) <= NEIGHBOUR_DAYS * DAY_MS;
        const before = n.before && within(n.before, gap.from) ? n.before : null;
        const after = !before && n.after && within(n.after, gap.to) ? n.after : null;
        series.push(await this.provider.daily(symbol, before ?? gap.from, after ?? gap.to));
      }
    } catch (error) {
      this.rememberFailure(symbol, error);
      throw error;
    }
    this.failedDaily.delete(symbol);

    const prices = new Map<string, DailyPrice>();
    const actions = new Map<string, DailySeries['actions'][number]>();
    for (const s of series) {
      for (const p of s.prices) prices.set(p.date, p);
      for (const a of s.actions) actions.set(`${a.date}/${a.kind}`, a);
      const noClose = s.dropped.filter((d) => d.reason === 'no close').length;
      if (noClose > 0) result.notes.push(`${noClose} day(s) without a close in ${s.from}..${s.to} were left out`);
    }
    result.rescaled = await this.write(() =>
      this.cache.storeDaily({
        symbol,
        source: this.provider.name,
        listing: series[series.length - 1]!.listing,
        prices: [...prices.values()],
        actions: [...actions.values()],
        settled: gaps.map((g) => ({ from: dayStart(g.from).toISOString(), to: dayEnd(g.to).toISOString() })),
      }),
    );
    result.status = 'fetched';
    result.fetched = gaps;
    result.prices_stored = prices.size;
    result.actions_stored = actions.size;
    if (result.rescaled) {
      result.notes.push(
        `earlier stored prices were rescaled (adj_close x ${result.rescaled.adj_close}, prices x ${result.rescaled.close}) ` +
          'because the provider adjusted them for a split or dividend since they were stored',
      );
    }
    return result;
  }

  private rememberFailure(symbol: string, error: unknown): void {
    const now = this.now().getTime();
    // Bounded by what fails within one retry period: expired entries go first.
    if (this.failedDaily.size >= 1_000) for (const [s, f] of this.failedDaily) if (f.retryAt <= now) this.failedDaily.delete(s);
    this.failedDaily.set(symbol, { error, retryAt: now + this.retryFailedAfterMs });
  }

  /** Store writes one after another: fetches run in parallel, transactions do not. */
  private write<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.writes.then(() => fn());
    this.writes = next.catch(() => undefined);
    return next;
  }

  /** Runs `task` for each item, `concurrency` at a time, in order; stops starting new ones after a failure. */
  private async pool<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = [];
    let failure: { error: unknown } | undefined;
    let next = 0;
    const worker = async () => {
      while (!failure && next < items.length) {
        const i = next++;
        try {
          results[i] = await task(items[i]!);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, items.length) }, worker));
    if (failure) throw failure.error;
    return results;
  }
}

function mergeLimits(series: IntradaySeries[]): IntradayLimitNote | null {
  const notes = series.map((s) => s.limits).filter((n): n is IntradayLimitNote => n !== null);
  if (notes.length === 0) return null;
  const first = notes[0]!;
  const to = notes.map((n) => n.unavailable.to).sort().at(-1)!;
  return notes.length === 1 ? first : { ...first, unavailable: { from: first.unavailable.from, to } };
}

const dayStart = (date: string) => new Date(`${date}T00:00:00Z`);
/** UTC midnight after `date`: the exclusive end of a range of whole days. */
const dayEnd = (date: string) => new Date(dayStart(date).getTime() + DAY_MS);
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
