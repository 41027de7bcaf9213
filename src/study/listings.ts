/**
 * Where a security-event is studied: on the US calendar (as always), or — for a listing outside
 * the US — on its own exchange's clock and trading dates against a benchmark of its own market
 * (docs/conventions.md, "Listings outside the US"). Pure: the trading dates come from the caller.
 */
import { exchangeByMic, type Exchange } from '../domain/exchanges.js';
import { listingBenchmark } from '../domain/local-benchmark.js';
import { listingDayZero } from '../domain/listing-day-zero.js';
import { isNonUsListing } from '../domain/symbols.js';
import type { FactorSet } from './factor-model.js';

/** The fields of a study input that place it on a market. */
export type ListingInput = {
  symbol: string;
  exchange?: string | undefined;
  listed_in_us?: boolean | undefined;
  /** The request's own benchmark for this security. */
  benchmark?: string | undefined;
  /** The catalog's benchmark of the listing's own market (e.g. 000300.SS for A-shares). */
  local_benchmark?: string | undefined;
  /** Set by the premarket study, which splits New York sessions only. */
  us_calendar_only?: boolean | undefined;
};

export type Listing =
  | { kind: 'us'; benchmark: string }
  | { kind: 'local'; exchange: Exchange; benchmark: string; warning: string | null }
  | { kind: 'refused'; benchmark: string; reason: string };

/** Whether a security trades in the US (its day 0 on the New York calendar). */
export const isUsListed = (s: ListingInput) => s.listed_in_us ?? !isNonUsListing(s.symbol.toUpperCase());

/**
 * Places a security: US listings keep the study's benchmark (`usBenchmark`); a listing outside
 * the US gets its exchange (catalog MIC or symbol suffix) and a local benchmark (the request's,
 * else the catalog's, else its exchange's index), or is refused with the reason and the fix.
 */
export function listingOf(s: ListingInput, usBenchmark: string, factorSet: FactorSet | undefined): Listing {
  if (isUsListed(s)) return { kind: 'us', benchmark: usBenchmark };
  const symbol = s.symbol.toUpperCase();
  if (s.us_calendar_only) {
    return {
      kind: 'refused',
      benchmark: usBenchmark,
      reason: `listed outside the US (${s.exchange ?? `exchange suffix of ${symbol}`}): its day 0 needs that exchange's calendar and a local benchmark, which this study does not use`,
    };
  }
  const choice = listingBenchmark({ symbol, exchange: s.exchange, benchmark: s.benchmark ?? s.local_benchmark }, {});
  if (!choice.ok) return { kind: 'refused', benchmark: s.benchmark ?? s.local_benchmark ?? '', reason: choice.reason };
  const exchange = exchangeByMic(choice.exchange);
  const benchmark = choice.benchmark.toUpperCase();
  if (factorSet) {
    return {
      kind: 'refused',
      benchmark,
      reason: `${symbol} trades on ${exchange.name}, and the factor set ${factorSet.name} holds New York returns: study it with model=market against ${benchmark}, a benchmark of its own market`,
    };
  }
  return { kind: 'local', exchange, benchmark, warning: choice.warning };
}

/** Day 0 of a listing outside the US, or null with why (the reason names the fix). */
export function localDayZero(
  input: { date: string; announced_at?: string | undefined },
  listing: { symbol: string; exchange: Exchange; benchmark: string },
  tradingDates: readonly string[],
): { date: string | null; rule: string } {
  const { exchange, symbol, benchmark } = listing;
  const sources = `the dates both ${symbol} and ${benchmark} have stored rows`;
  if (input.announced_at) {
    const z = listingDayZero(input.announced_at, exchange, tradingDates);
    const clock = `${z.local.time} on ${z.local.date} in ${exchange.city} (UTC${z.local.utc_offset})`;
    return z.date ? { date: z.date, rule: `${clock}, ${z.rule}` } : { date: null, rule: `${clock}: ${z.rule}` };
  }
  const date = input.date;
  if (tradingDates.includes(date)) return { date, rule: `date given, a trading day of ${exchange.mic} (${sources}): same day` };
  const next = tradingDates.find((d) => d > date);
  const inSpan = tradingDates.some((d) => d < date) && next !== undefined;
  return {
    date: null,
    rule: inSpan
      ? `${exchange.name} did not trade on ${date} (not one of ${sources}): give a date it traded (the next is ${next}) or announced_at with the time of the news`
      : `${date} is outside ${sources} (${tradingDates[0] ?? 'none'} .. ${tradingDates.at(-1) ?? 'none'})`,
  };
}

/** What `params` says when a study holds listings outside the US (absent for US-only studies). */
export function acrossMarketsProse(listings: readonly Listing[]): Record<string, string> {
  const local = listings.filter((l): l is Extract<Listing, { kind: 'local' }> => l.kind === 'local');
  if (local.length === 0) return {};
  const markets = [...new Set(local.map((l) => `${l.exchange.mic} against ${l.benchmark}`))].join(', ');
  return {
    listings_outside_us: `each on its own exchange's clock and trading dates, against a benchmark of its own market (${markets})`,
    day0_rule_outside_us:
      "announced_at on the listing's exchange clock: before or during a session of a trading date (lunch break included) -> that date; after the close or on a date it did not trade -> the next trading date; trading dates are the dates on which the listing and its benchmark both have stored rows, never the New York calendar",
    event_time_outside_us:
      "per listing: t counts the listing's own trading days from its own day 0, so a portfolio's day t averages different calendar dates across markets (groups list the dates behind each t)",
    currency: 'returns against a local index are in the same currency, so abnormal returns need no currency conversion and are comparable across currencies',
  };
}
