import YahooFinance from 'yahoo-finance2';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { AppError } from '../../errors.js';
import {
  checkIntradayRequest,
  type DailySeries,
  type IntradayBar,
  type IntradayInterval,
  type IntradayLimitNote,
  type IntradaySeries,
  type Listing,
  type PriceProvider,
  type QuoteResult,
} from '../price-provider.js';
import { fetchDailyChart, fetchIntradayChart, type YahooClient } from './chart.js';
import { YahooPartialFetchError } from './errors.js';
import { Limiter } from './limiter.js';
import { earliestIntraday, INTRADAY_REACH, requestSpans } from './limits.js';
import { fetchQuotes } from './quote.js';
import { resilientFetch, type TransportOptions } from './transport.js';

export type YahooProviderOptions = Omit<TransportOptions, 'limiter'> & {
  /** Requests open towards Yahoo at once (default 4). */
  concurrency?: number;
  /** The clock: decides how far back intraday bars reach and which bars are complete. */
  now?: () => Date;
  /** Where yahoo-finance2's warnings go (e.g. "Node >= 22 required"); dropped when unset. */
  log?: (line: Record<string, unknown>) => void;
};

/**
 * Prices from Yahoo Finance through yahoo-finance2, with an injected `fetch`.
 *
 * @example
 *   const yahoo = new YahooProvider({ fetch: globalThis.fetch });
 *   const msft = await yahoo.daily('MSFT', '2021-02-01', '2022-01-31');
 */
export class YahooProvider implements PriceProvider {
  readonly name = 'yahoo';
  readonly limiter: Limiter;
  private readonly yf: YahooClient;
  private readonly now: () => Date;

  constructor(options: YahooProviderOptions) {
    const { concurrency = 4, now = () => new Date(), log, ...transport } = options;
    this.limiter = new Limiter(concurrency);
    this.now = now;
    const warn = (level: string) => (...args: unknown[]) => log?.({ level, source: 'yahoo-finance2', message: args.map(String).join(' ') });
    const quiet = () => {};
    this.yf = new YahooFinance({
      fetch: resilientFetch({ ...transport, limiter: this.limiter }),
      // A jar of its own: cookies and crumb are not shared with other instances in the process.
      cookieJar: new ExtendedCookieJar(),
      logger: { info: quiet, debug: quiet, dir: quiet, warn: warn('warn'), error: warn('error') },
      // The library's version check would call the npm registry after a validation failure.
      versionCheck: false,
      suppressNotices: ['yahooSurvey'],
      validation: { logErrors: false, logOptionsErrors: false },
    });
  }

  daily(symbol: string, from: string, to: string): Promise<DailySeries> {
    return fetchDailyChart(this.yf, symbol, from, to);
  }

  async intraday(symbol: string, from: Date, to: Date, interval: IntradayInterval): Promise<IntradaySeries> {
    checkIntradayRequest(interval, from, to);
    const now = this.now();
    const earliest = this.intradayEarliest(interval, now);
    const start = new Date(Math.max(from.getTime(), earliest.getTime()));
    const end = new Date(Math.min(to.getTime(), now.getTime()));
    const limits = from < earliest ? limitNote(interval, from, to < earliest ? to : earliest, earliest) : null;
    const spans = start < end ? requestSpans(interval, start, end) : [];
    let listing: Listing | null = null;
    const bars: IntradayBar[] = [];
    for (const [i, span] of spans.entries()) {
      try {
        const part = await fetchIntradayChart(this.yf, symbol, span.from, span.to, interval, now);
        listing = part.listing;
        bars.push(...part.bars);
      } catch (err) {
        if (spans.length === 1 || !(err instanceof AppError)) throw err;
        const ctx = { symbols: [symbol], what: `${interval} bars`, from: start.toISOString(), to: end.toISOString() };
        throw new YahooPartialFetchError(ctx, { from: span.from.toISOString(), to: span.to.toISOString() }, i, spans.length, err);
      }
    }
    return { listing, interval, from: start.toISOString(), to: end.toISOString(), bars, limits };
  }

  quote(symbols: readonly string[]): Promise<QuoteResult> {
    return fetchQuotes(this.yf, symbols);
  }

  intradayEarliest(interval: IntradayInterval, now: Date): Date {
    return earliestIntraday(interval, now);
  }
}

function limitNote(interval: IntradayInterval, from: Date, until: Date, earliest: Date): IntradayLimitNote {
  const days = INTRADAY_REACH[interval].maxAgeDays;
  return {
    interval,
    max_age_days: days,
    earliest_available: earliest.toISOString(),
    unavailable: { from: from.toISOString(), to: until.toISOString() },
    message:
      `Yahoo serves ${interval} bars only for about the last ${days} days (1m: 30 days, 2m-90m: 60 days, ` +
      `1h: 730 days). ${from.toISOString()}..${until.toISOString()} is further back, so only bars already ` +
      'stored are given for it.',
  };
}
