/**
 * Premarket stage 5, live: for today's news not yet stored, the quote provider's premarket price
 * against the last regular close, with the overnight beta (never stored, never cached).
 */
import type { DayZero } from '../../domain/day-zero.js';
import type { LiveQuoteInput, PremarketSource } from '../premarket-source.js';
import type { Splits } from './daily-split.js';
import type { DailyKind } from './inputs.js';
import { type PremarketInput, type PremarketSecurity, securityHead } from './result.js';

/** A live premarket quote of a security and its benchmark (never stored, never cached). */
export type LiveQuote = {
  live: true;
  symbol: string;
  market_state: string | null;
  /** When the premarket price was quoted (ISO), if the provider says. */
  as_of: string | null;
  premarket_price: number | null;
  /**
   * The last regular-session close the premarket trades against. In Yahoo's PRE state that is
   * `regularMarketPrice` (the last session's close); `regularMarketPreviousClose` is then the close
   * of the session BEFORE it (recorded quotes: AAPL PRE, preMarketChange = preMarketPrice -
   * regularMarketPrice). Outside PRE the previous close is `regularMarketPreviousClose`.
   */
  previous_close: number | null;
  previous_close_field: 'regularMarketPrice' | 'regularMarketPreviousClose' | null;
  regular_market_price: number | null;
  regular_market_previous_close: number | null;
  /** premarket_price / previous_close - 1 (a fraction). */
  move: number | null;
  /** The provider's own preMarketChangePercent, converted from percent to a fraction. */
  reported_change: number | null;
  benchmark: { symbol: string; premarket_price: number | null; previous_close: number | null; move: number | null; market_state: string | null };
  beta_overnight: number | null;
  /** move - beta_overnight * benchmark move */
  abnormal_move: number | null;
  note: string;
};

export type LiveUnavailable = { live: true; reason: string };

/** Providers give seconds, milliseconds, Dates or strings; all become ISO (null when unreadable). */
function secondsOrDate(x: number | string | Date | null | undefined): string | null {
  if (x === undefined || x === null) return null;
  if (x instanceof Date) return x.toISOString();
  if (typeof x === 'number') return new Date(x < 1e11 ? x * 1000 : x).toISOString();
  const ms = Date.parse(x);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The close a quote's premarket price moves from, and the field it came from. */
export function quoteReference(q: LiveQuoteInput): { price: number | null; field: LiveQuote['previous_close_field'] } {
  const pre = typeof q.marketState === 'string' && /^PRE/.test(q.marketState);
  if (pre && typeof q.regularMarketPrice === 'number') return { price: q.regularMarketPrice, field: 'regularMarketPrice' };
  if (typeof q.regularMarketPreviousClose === 'number') return { price: q.regularMarketPreviousClose, field: 'regularMarketPreviousClose' };
  return { price: null, field: null };
}

const numOrNull = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

const moveFrom = (price: number | null, prev: number | null) => (price !== null && prev !== null && prev > 0 ? price / prev - 1 : null);

/** A live quote pair -> the live block (pure). */
export function liveQuote(q: LiveQuoteInput | undefined, b: LiveQuoteInput | undefined, symbol: string, benchmark: string, beta: number | null): LiveQuote | LiveUnavailable {
  if (!q) return { live: true, reason: `the quote provider returned nothing for ${symbol}` };
  const ref = quoteReference(q);
  const bref = b ? quoteReference(b) : { price: null, field: null };
  const price = numOrNull(q.preMarketPrice);
  const m = moveFrom(price, ref.price);
  const bm = b ? moveFrom(numOrNull(b.preMarketPrice), bref.price) : null;
  const state = q.marketState ?? null;
  const reported = numOrNull(q.preMarketChangePercent);
  return {
    live: true,
    symbol,
    market_state: state,
    as_of: secondsOrDate(q.preMarketTime),
    premarket_price: price,
    previous_close: ref.price,
    previous_close_field: ref.field,
    regular_market_price: numOrNull(q.regularMarketPrice),
    regular_market_previous_close: numOrNull(q.regularMarketPreviousClose),
    move: m,
    reported_change: reported === null ? null : reported / 100,
    benchmark: {
      symbol: benchmark,
      premarket_price: b ? numOrNull(b.preMarketPrice) : null,
      previous_close: bref.price,
      move: bm,
      market_state: b?.marketState ?? null,
    },
    beta_overnight: beta,
    abnormal_move: m !== null && bm !== null && beta !== null ? m - beta * bm : null,
    note: liveNote(price, state),
  };
}

function liveNote(price: number | null, state: string | null): string {
  if (price === null) return `no premarket price in the quote (market state ${state ?? 'unknown'})`;
  if (state !== null && !/^PRE/.test(state)) return `market state is ${state}: the premarket price is the last one quoted before the open`;
  return 'live premarket quote: a snapshot, not stored and not part of any test';
}

/** Live quotes by upper-case symbol, or why the provider could not give them. */
export type Quotes = { bySymbol: Map<string, LiveQuoteInput>; error: string | null };

/** One quote call for every live security and its benchmark. */
export async function fetchQuotes(source: PremarketSource, inputs: readonly PremarketInput[], isLive: readonly boolean[]): Promise<Quotes> {
  const symbols = [...new Set(inputs.flatMap((s, i) => (isLive[i] ? [s.symbol, s.benchmark] : [])))];
  if (symbols.length === 0 || !source.quotes) return { bySymbol: new Map(), error: null };
  try {
    return { bySymbol: new Map((await source.quotes(symbols)).map((q) => [q.symbol.toUpperCase(), q])), error: null };
  } catch (err) {
    return { bySymbol: new Map(), error: `the quote provider failed: ${(err as Error).message ?? String(err)}` };
  }
}

/** The entry of a live security-event: its premarket quote against the overnight beta. */
export function liveSecurity(s: PremarketInput, i: number, zero: DayZero, daily: DailyKind, liveSplits: Splits, quotes: Quotes): PremarketSecurity {
  const ev = liveSplits[i];
  const beta = ev && 'overnight' in ev ? ev.overnight.estimation.beta : null;
  return {
    ...securityHead(s.role, { id: `${s.symbol}@${zero.date}`, symbol: s.symbol, benchmark: s.benchmark, day0: zero.date, day0_rule: zero.rule, session: zero.session }),
    data: { daily, granularity: 'live quote', intraday: null },
    status: 'live',
    live: quotes.error ? { live: true, reason: quotes.error } : liveQuote(quotes.bySymbol.get(s.symbol), quotes.bySymbol.get(s.benchmark), s.symbol, s.benchmark, beta),
  };
}
