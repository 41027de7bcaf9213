import { MINUTE, intervalMinutes, type BarPrices } from '../domain/bars.js';
import { isSymbol } from '../domain/symbols.js';
import { ValidationError } from '../errors.js';

/**
 * Where prices come from when the store lacks them: one small interface, implemented for Yahoo
 * Finance in `market/yahoo/`. Providers only fetch, validate and normalise; the read-through
 * cache (`market/read-through.ts`) decides what to fetch and stores it through the `PriceCache`
 * port (`market/price-cache.ts`, implemented in `store/`).
 */

/** Bar intervals below one day that the service stores (`intraday_bars.interval`). */
export const INTRADAY_INTERVALS = ['1m', '2m', '5m', '15m', '30m', '60m', '90m', '1h'] as const;
export type IntradayInterval = (typeof INTRADAY_INTERVALS)[number];

/** Bar length in ms: '30m' -> 1_800_000, '1h' -> 3_600_000. */
export function intervalMs(interval: IntradayInterval): number {
  return intervalMinutes(interval) * MINUTE;
}

/** Where a security trades, from the provider's metadata. */
export type Listing = {
  symbol: string;
  /** The provider's exchange code, e.g. 'NMS', 'LSE', 'GER'. */
  exchange: string;
  /** The exchange's display name, e.g. 'NasdaqGS', 'LSE', 'XETRA'. */
  exchangeName: string | null;
  /** IANA zone of the exchange, e.g. 'America/New_York', 'Europe/London'. */
  timezone: string;
  /** Currency the prices are quoted in, as given (note 'GBp' = pence on the LSE). */
  currency: string | null;
  instrumentType: string | null;
  /** First trading day known to the provider (ISO date), if it says. */
  firstTradeDate: string | null;
};

export type DailyPrice = {
  date: string; // YYYY-MM-DD in the exchange's time zone
  open: number | null;
  high: number | null;
  low: number | null;
  /** Close as the provider gives it (Yahoo: split-adjusted as of the fetch, not dividend-adjusted). */
  close: number;
  /** Close adjusted for splits and dividends: the one returns are computed from. */
  adjClose: number;
  volume: number | null;
};

export type CorporateAction =
  | { kind: 'dividend'; date: string; amount: number }
  | { kind: 'split'; date: string; numerator: number; denominator: number };

export type DailySeries = {
  listing: Listing;
  /** The dates asked for (inclusive). */
  from: string;
  to: string;
  prices: DailyPrice[];
  actions: CorporateAction[];
  /** Rows the provider sent that could not be used (e.g. a day with no close), with why. */
  dropped: { date: string; reason: string }[];
};

/** A provider's intraday bar: `ts` = ISO 8601 instant (UTC) of the bar's start. */
export type IntradayBar = BarPrices & { ts: string };

/**
 * Said (not thrown) when a request reaches further back than the provider serves bars of that
 * interval: the part before `earliest` can only come from what is already stored.
 */
export type IntradayLimitNote = {
  interval: IntradayInterval;
  max_age_days: number;
  earliest_available: string;
  unavailable: { from: string; to: string };
  message: string;
};

export type IntradaySeries = {
  /** Null when nothing could be fetched (the whole range is beyond the provider's reach). */
  listing: Listing | null;
  interval: IntradayInterval;
  /** The instants actually fetched, [from, to): the request clipped to what the provider serves. */
  from: string;
  to: string;
  bars: IntradayBar[];
  limits: IntradayLimitNote | null;
};

/** The live state of a security, for an event happening now (e.g. before the open). */
export type LiveQuote = {
  symbol: string;
  marketState: string; // 'PRE' | 'REGULAR' | 'POST' | 'CLOSED' | ...
  preMarketPrice: number | null;
  preMarketChangePercent: number | null;
  preMarketTime: string | null;
  regularMarketPrice: number | null;
  regularMarketPreviousClose: number | null;
  regularMarketTime: string | null;
  currency: string | null;
  exchange: string | null;
  exchangeName: string | null;
  timezone: string | null;
};

export type QuoteResult = { quotes: LiveQuote[]; missing: string[] };

export interface PriceProvider {
  /** Short name stored as the source of what it fetched, e.g. 'yahoo'. */
  readonly name: string;
  /** Daily bars and corporate actions for the dates [from, to] (ISO dates, inclusive). */
  daily(symbol: string, from: string, to: string): Promise<DailySeries>;
  /**
   * Bars of `interval` in [from, to). The part the provider no longer serves is left out and
   * described in `limits` rather than thrown.
   */
  intraday(symbol: string, from: Date, to: Date, interval: IntradayInterval): Promise<IntradaySeries>;
  /** Live quotes; symbols the provider does not know are listed in `missing`. */
  quote(symbols: readonly string[]): Promise<QuoteResult>;
  /** The earliest instant the provider serves bars of `interval` at `now`. */
  intradayEarliest(interval: IntradayInterval, now: Date): Date;
}

/** What `ensureDaily` did for one symbol. */
export type SymbolSync = {
  symbol: string;
  /** 'cached': everything was stored already; 'fetched': missing dates were fetched and stored. */
  status: 'cached' | 'fetched';
  /** Date ranges (inclusive) that were missing and fetched. */
  fetched: { from: string; to: string }[];
  prices_stored: number;
  actions_stored: number;
  /**
   * Set when the provider's adjustments changed since earlier rows were stored (a split or a
   * dividend in between): the earlier rows were rescaled by these factors to stay comparable.
   */
  rescaled: { adj_close: number; close: number } | null;
  notes: string[];
};

export type DailySyncReport = {
  from: string;
  to: string;
  symbols: SymbolSync[];
  fetched: string[];
  skipped: string[];
  seconds: number;
};

/**
 * Makes sure the store holds daily prices for `symbols` over [from, to] before a study reads them.
 * Throws a typed error (UpstreamError 502/503, NotFoundError 404) naming the symbol and range when
 * a fetch fails; whatever was fetched before that is kept, and nothing stored is changed by the
 * failed fetch.
 */
export interface MarketDataSync {
  ensureDaily(symbols: readonly string[], from: string, to: string): Promise<DailySyncReport>;
  /**
   * Fetches the intraday bars of `symbols` around a trading day (previous evening to the day's
   * post-market) in the finest interval the provider still serves, into the store. Never throws:
   * returns notes on what could not be fetched (provider limits, failures).
   */
  ensureIntradayDay?(symbols: readonly string[], day: string, timeZone: string): Promise<string[]>;
}

/** Symbols as Yahoo spells them: capitals, digits and ^ . = - (e.g. ^GSPC, BRK-B, OCDO.L, EURUSD=X). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Throws a ValidationError unless `interval` is known and [from, to) is a non-empty range. */
export function checkIntradayRequest(interval: IntradayInterval, from: Date, to: Date): void {
  if (!INTRADAY_INTERVALS.includes(interval)) {
    throw new ValidationError(`Unknown interval "${interval}"; one of ${INTRADAY_INTERVALS.join(', ')}.`, [
      { field: 'interval', message: 'unknown interval' },
    ]);
  }
  if (!(from.getTime() < to.getTime())) {
    throw new ValidationError(`from ${from.toISOString()} must be before to ${to.toISOString()}`, [{ field: 'from', message: 'must be before to' }]);
  }
}

/** Throws a ValidationError unless `symbol` is a well-formed symbol. */
export function checkSymbol(symbol: string): void {
  if (!isSymbol(symbol)) {
    throw new ValidationError(`"${symbol}" is not a valid symbol (capital letters, digits and ^ . = -, as Yahoo spells it).`, [
      { field: 'symbol', message: 'letters, digits and ^ . = - only' },
    ]);
  }
}

/** Throws a ValidationError unless from and to are real YYYY-MM-DD dates with from <= to. */
export function checkDates(from: string, to: string): void {
  const real = (d: string) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return ISO_DATE.test(d) && Number.isFinite(t) && new Date(t).toISOString().startsWith(d);
  };
  const bad = [from, to].filter((d) => !real(d));
  if (bad.length > 0) {
    throw new ValidationError(`Dates must be YYYY-MM-DD: ${bad.join(', ')}`, bad.map((d) => ({ field: 'date', message: `bad date ${d}` })));
  }
  if (from > to) throw new ValidationError(`from ${from} is after to ${to}`, [{ field: 'from', message: 'must not be after to' }]);
}
