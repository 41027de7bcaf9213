/**
 * What the premarket / overnight study needs from the store (and, optionally, from a live quote
 * provider). Implemented over DuckDB by src/store/store-premarket.ts.
 */
import type { DailyRow, SessionBar } from '../domain/bars.js';
import type { Window } from './params.js';

/** Security-events whose daily returns are split into overnight and intraday parts. */
export type OvernightRequest = {
  items: { key: string; symbol: string; benchmark: string; day0: string }[];
  returns: 'simple' | 'log';
  estimation: Window;
  window: Window;
};

/**
 * Columns of queries/overnight-abnormal-returns.sql: one entry per (key, t) of the event window,
 * ordered by key, t. `*_on` = overnight (previous close -> open), `*_id` = intraday (open -> close);
 * `on_i`/`id_i` the security's part, `on_m`/`id_m` the benchmark's. Model estimates repeat on
 * every row of a key; nulls where a part or a model is missing.
 */
export type OvernightColumns = {
  key: string[];
  t: number[];
  date: string[];
  on_i: (number | null)[];
  on_m: (number | null)[];
  ar_on: (number | null)[];
  n_on: (number | null)[];
  alpha_on: (number | null)[];
  beta_on: (number | null)[];
  s2_on: (number | null)[];
  r2_on: (number | null)[];
  ssx_on: (number | null)[];
  dev_on: (number | null)[];
  id_i: (number | null)[];
  id_m: (number | null)[];
  ar_id: (number | null)[];
  n_id: (number | null)[];
  alpha_id: (number | null)[];
  beta_id: (number | null)[];
  s2_id: (number | null)[];
  r2_id: (number | null)[];
  ssx_id: (number | null)[];
  dev_id: (number | null)[];
};

/** A symbol's stored daily coverage: are there opens, and is the stored close the traded one? */
export type DailyCoverage = { symbol: string; rows: number; rows_with_open: number; raw_close: boolean };

/** A symbol's stored daily row on a date and its previous stored row. */
export type DailyContext = DailyRow & {
  symbol: string;
  prev_date: string | null;
  prev_close: number | null;
  prev_adj_close: number | null;
  /** True when the stored close is the traded close (then prev_close is the raw previous close). */
  raw_close: boolean;
};

/**
 * A live quote as a provider such as Yahoo's v7 quote returns it (field names kept). Percentages
 * are in percent units, as Yahoo gives them (`preMarketChangePercent: -2.8` = -2.8 %). Missing
 * fields may be absent or null (the Yahoo provider's `LiveQuote` uses null).
 */
export type LiveQuoteInput = {
  symbol: string;
  marketState?: string | null | undefined;
  preMarketPrice?: number | null | undefined;
  preMarketChange?: number | null | undefined;
  preMarketChangePercent?: number | null | undefined;
  /** Seconds since the epoch, or a Date / ISO string, as the provider returns it. */
  preMarketTime?: number | string | Date | null | undefined;
  regularMarketPreviousClose?: number | null | undefined;
  regularMarketPrice?: number | null | undefined;
  regularMarketTime?: number | string | Date | null | undefined;
};

/** Fetches live quotes for symbols (e.g. the Yahoo provider's `quote(symbols)`). */
export type QuotesFn = (symbols: string[]) => Promise<LiveQuoteInput[]>;

export interface PremarketSource {
  /** Overnight/intraday returns and their market models (see OvernightColumns). */
  overnightReturns(request: OvernightRequest): Promise<OvernightColumns>;
  /** Daily coverage of each known symbol (unknown symbols are absent). */
  dailyCoverage(symbols: readonly string[]): Promise<Map<string, DailyCoverage>>;
  /** Each symbol's stored daily row on `date` and the row before it (symbols without one are absent). */
  dailyContext(symbols: readonly string[], date: string): Promise<Map<string, DailyContext>>;
  /** Stored intraday bars whose local date is in [from, to], all intervals, time-ordered per symbol/interval. */
  intradayBars(symbols: readonly string[], from: string, to: string, timeZone: string): Promise<SessionBar[]>;
  /** Live quotes (optional: only when a quote provider was injected). */
  quotes?: QuotesFn;
}
