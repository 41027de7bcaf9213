import type YahooFinance from 'yahoo-finance2';
import type { ChartResultArray } from 'yahoo-finance2/modules/chart';
import {
  checkDates,
  checkSymbol,
  intervalMs,
  type CorporateAction,
  type DailyPrice,
  type DailySeries,
  type IntradayBar,
  type IntradayInterval,
  type Listing,
} from '../price-provider.js';
import { toYahooError, YahooBadResponseError, type FetchContext } from './errors.js';
import { isTimeZone, localDate, sessionOf, sessionRules } from './sessions.js';

/**
 * Yahoo's v8 chart endpoint (`/v8/finance/chart/<symbol>`) through yahoo-finance2's `chart()`:
 * validate options -> fetch -> validate (the library's schema, then ours) -> normalise.
 */
export type YahooClient = InstanceType<typeof YahooFinance>;

const DAY_MS = 86_400_000;
/** A range with at least this many weekdays and no bars is a fault, not a quiet market. */
const WEEKDAYS_THAT_MUST_TRADE = 5;

/** Daily bars, dividends and splits of `symbol` on the dates [from, to] of its exchange. */
export async function fetchDailyChart(yf: YahooClient, symbol: string, from: string, to: string): Promise<DailySeries> {
  checkSymbol(symbol);
  checkDates(from, to);
  const ctx: FetchContext = { symbols: [symbol], what: 'daily prices', from, to };
  // A day either side: an exchange east of UTC opens before UTC midnight of its date.
  const period1 = new Date(Date.parse(`${from}T00:00:00Z`) - DAY_MS);
  const period2 = new Date(Date.parse(`${to}T00:00:00Z`) + 2 * DAY_MS);
  const result = await request(yf, symbol, { period1, period2, interval: '1d' }, ctx);
  const listing = listingOf(result, symbol, ctx);

  const prices: DailyPrice[] = [];
  const dropped: DailySeries['dropped'] = [];
  const seen = new Set<string>();
  for (const q of result.quotes) {
    const date = localDate(q.date, listing.timezone);
    if (date < from || date > to) continue;
    const close = q.close;
    if (!isPrice(close)) {
      dropped.push({ date, reason: 'no close' });
      continue;
    }
    if (seen.has(date)) {
      dropped.push({ date, reason: 'duplicate date (a live snapshot after the daily bar)' });
      continue;
    }
    seen.add(date);
    const adj = q.adjclose;
    prices.push({
      date,
      open: priceOrNull(q.open),
      high: priceOrNull(q.high),
      low: priceOrNull(q.low),
      close,
      adjClose: isPrice(adj) ? adj : close,
      volume: volumeOrNull(q.volume),
    });
  }
  if (prices.length === 0) assertMayBeEmpty(ctx, from, to, listing);

  const actions: CorporateAction[] = [];
  for (const d of result.events?.dividends ?? []) {
    const date = localDate(d.date, listing.timezone);
    if (date >= from && date <= to && Number.isFinite(d.amount) && d.amount > 0) actions.push({ kind: 'dividend', date, amount: d.amount });
  }
  for (const s of result.events?.splits ?? []) {
    const date = localDate(s.date, listing.timezone);
    if (date >= from && date <= to && s.numerator > 0 && s.denominator > 0) {
      actions.push({ kind: 'split', date, numerator: s.numerator, denominator: s.denominator });
    }
  }
  actions.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
  return { listing, from, to, prices, actions, dropped };
}

/**
 * Bars of `interval` starting in [from, to), pre- and post-market included, each with its session.
 * Bars not yet complete at `now` are left out (they would change).
 */
export async function fetchIntradayChart(
  yf: YahooClient,
  symbol: string,
  from: Date,
  to: Date,
  interval: IntradayInterval,
  now: Date,
): Promise<{ listing: Listing; bars: IntradayBar[] }> {
  checkSymbol(symbol);
  const ctx: FetchContext = { symbols: [symbol], what: `${interval} bars`, from: from.toISOString(), to: to.toISOString() };
  const result = await request(yf, symbol, { period1: from, period2: to, interval }, ctx);
  const listing = listingOf(result, symbol, ctx);
  const rules = sessionRules(result.meta);
  const length = intervalMs(interval);
  const bars: IntradayBar[] = [];
  const seen = new Set<number>();
  for (const q of result.quotes) {
    const t = q.date.getTime();
    if (t < from.getTime() || t >= to.getTime() || t + length > now.getTime() || seen.has(t)) continue;
    if (!isPrice(q.close)) continue; // Yahoo lists minutes without trades as null bars
    seen.add(t);
    bars.push({
      ts: q.date.toISOString(),
      open: priceOrNull(q.open),
      high: priceOrNull(q.high),
      low: priceOrNull(q.low),
      close: q.close,
      volume: volumeOrNull(q.volume),
      session: sessionOf(q.date, rules),
    });
  }
  if (bars.length === 0) {
    const last = new Date(Math.min(to.getTime(), now.getTime()) - 1);
    assertMayBeEmpty(ctx, localDate(from, listing.timezone), localDate(last, listing.timezone), listing);
  }
  return { listing, bars };
}

async function request(
  yf: YahooClient,
  symbol: string,
  options: { period1: Date; period2: Date; interval: '1d' | IntradayInterval },
  ctx: FetchContext,
): Promise<ChartResultArray> {
  try {
    return await yf.chart(symbol, { ...options, includePrePost: true, events: 'div|split', return: 'array' });
  } catch (err) {
    throw toYahooError(err, ctx);
  }
}

function listingOf(result: ChartResultArray, symbol: string, ctx: FetchContext): Listing {
  const meta = result.meta;
  if (meta.symbol.toUpperCase() !== symbol.toUpperCase()) {
    throw new YahooBadResponseError(ctx, 'symbol-mismatch', `the chart is for ${meta.symbol}, not ${symbol}`);
  }
  if (!isTimeZone(meta.exchangeTimezoneName)) {
    throw new YahooBadResponseError(ctx, 'validation', `unknown exchange time zone "${meta.exchangeTimezoneName}"`);
  }
  return {
    symbol,
    exchange: meta.exchangeName,
    exchangeName: meta.fullExchangeName ?? null,
    timezone: meta.exchangeTimezoneName,
    currency: meta.currency || null,
    instrumentType: meta.instrumentType || null,
    firstTradeDate: meta.firstTradeDate ? localDate(meta.firstTradeDate, meta.exchangeTimezoneName) : null,
  };
}

/**
 * No bars is an answer for a short range (a weekend, a holiday) or one before the listing; over
 * a week or more of weekdays it means Yahoo lost the data, and storing "nothing" would hide it.
 */
function assertMayBeEmpty(ctx: FetchContext, from: string, to: string, listing: Listing): void {
  if (listing.firstTradeDate && to < listing.firstTradeDate) return;
  const days = weekdays(from, to);
  if (days >= WEEKDAYS_THAT_MUST_TRADE) {
    throw new YahooBadResponseError(ctx, 'empty-chart', `Yahoo returned no bars for ${days} weekdays (${from}..${to})`);
  }
}

/** Mondays to Fridays in [from, to] (ISO dates). */
export function weekdays(from: string, to: string): number {
  let n = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) n += 1;
  }
  return n;
}

const isPrice = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const priceOrNull = (v: number | null | undefined) => (isPrice(v) ? v : null);
const volumeOrNull = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
