import type { Quote } from 'yahoo-finance2/modules/quote';
import { ValidationError } from '../../errors.js';
import { checkSymbol, type LiveQuote, type QuoteResult } from '../price-provider.js';
import type { YahooClient } from './chart.js';
import { toYahooError, YahooBadResponseError, type FetchContext } from './errors.js';

/**
 * Yahoo's v7 quote endpoint (`/v7/finance/quote?symbols=...`) through yahoo-finance2's `quote()`
 * (which first obtains Yahoo's cookie and crumb): validate options -> fetch -> validate -> normalise.
 * Gives the live state of a security for an event happening now, e.g. before the open.
 */
const MAX_SYMBOLS = 50;

export async function fetchQuotes(yf: YahooClient, symbols: readonly string[]): Promise<QuoteResult> {
  const wanted = [...new Set(symbols)];
  if (wanted.length === 0) throw new ValidationError('No symbols to quote.', [{ field: 'symbols', message: 'at least one symbol' }]);
  if (wanted.length > MAX_SYMBOLS) {
    throw new ValidationError(`At most ${MAX_SYMBOLS} symbols per quote request, got ${wanted.length}.`, [
      { field: 'symbols', message: `at most ${MAX_SYMBOLS}` },
    ]);
  }
  wanted.forEach(checkSymbol);
  const ctx: FetchContext = { symbols: wanted, what: 'quote' };
  let results: Quote[];
  try {
    results = await yf.quote(wanted, { return: 'array' });
  } catch (err) {
    throw toYahooError(err, ctx);
  }
  const bySymbol = new Map(results.map((q) => [q.symbol.toUpperCase(), q]));
  const quotes: LiveQuote[] = [];
  const missing: string[] = [];
  for (const symbol of wanted) {
    const q = bySymbol.get(symbol);
    if (!q) {
      missing.push(symbol);
      continue;
    }
    if (typeof q.marketState !== 'string' || q.marketState === '') {
      throw new YahooBadResponseError({ ...ctx, symbols: [symbol] }, 'validation', 'the quote has no marketState');
    }
    quotes.push({
      symbol,
      marketState: q.marketState,
      preMarketPrice: num(q.preMarketPrice),
      preMarketChangePercent: num(q.preMarketChangePercent),
      preMarketTime: iso(q.preMarketTime),
      regularMarketPrice: num(q.regularMarketPrice),
      regularMarketPreviousClose: num(q.regularMarketPreviousClose),
      regularMarketTime: iso(q.regularMarketTime),
      currency: q.currency ?? null,
      exchange: q.exchange ?? null,
      exchangeName: q.fullExchangeName ?? null,
      timezone: q.exchangeTimezoneName ?? null,
    });
  }
  return { quotes, missing };
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const iso = (v: unknown) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : null);
