/**
 * Live quotes from REAL recorded Yahoo v7 quote responses taken before the open (marketState
 * PRE): node-yahoo-finance2's AAPL 2021-02-16 10:42 UTC and yfinance-rs's AAPL+MSFT 2025-10-01.
 * Yahoo's cookie/crumb handshake was not recorded; the replay's labelled stand-in answers it.
 */
import { describe, expect, it } from 'vitest';
import { YahooProvider } from '../../src/market/yahoo/yahoo-provider.js';
import { bodyOf, HAS_YAHOO, rawBody, recordedAt, recordedCrumb, recording, Replay } from './yahoo-replay.js';

describe.skipIf(!HAS_YAHOO)('quote() for a live event', () => {
  it('gives the premarket state of AAPL as recorded, after the crumb handshake', async () => {
    const rec = recording('history/quote-AAPL-10am.json');
    const recorded = bodyOf(rec).quoteResponse.result[0];
    const replay = new Replay().crumb().quote(bodyOf(rec));
    const yahoo = new YahooProvider({ fetch: replay.fetch, now: () => recordedAt(rec) });

    const { quotes, missing } = await yahoo.quote(['AAPL']);
    expect(missing).toEqual([]);
    expect(quotes).toEqual([
      {
        symbol: 'AAPL',
        marketState: recorded.marketState,
        preMarketPrice: recorded.preMarketPrice,
        preMarketChangePercent: recorded.preMarketChangePercent,
        preMarketTime: new Date(recorded.preMarketTime * 1000).toISOString(),
        regularMarketPrice: recorded.regularMarketPrice,
        regularMarketPreviousClose: recorded.regularMarketPreviousClose,
        regularMarketTime: new Date(recorded.regularMarketTime * 1000).toISOString(),
        currency: recorded.currency,
        exchange: recorded.exchange,
        exchangeName: recorded.fullExchangeName,
        timezone: recorded.exchangeTimezoneName,
      },
    ]);
    expect(quotes[0]!.marketState).toBe('PRE');

    // The handshake came first, then the quote with the crumb.
    expect(replay.calls.map((u) => new URL(u).pathname)).toEqual(['/quote/AAPL', '/v1/test/getcrumb', '/v7/finance/quote']);
    expect(new URL(replay.calls[2]!).searchParams.get('crumb')).toBe(recordedCrumb());
    // One handshake per provider.
    await yahoo.quote(['AAPL']);
    expect(replay.count('getcrumb')).toBe(1);
  });

  it('quotes several symbols at once and lists the ones Yahoo does not know', async () => {
    const body = rawBody('quote_v7_AAPL-MSFT.PRE.json');
    const replay = new Replay().crumb().quote(body);
    const yahoo = new YahooProvider({ fetch: replay.fetch });
    const { quotes, missing } = await yahoo.quote(['MSFT', 'AAPL', 'NOSUCH']);
    expect(missing).toEqual(['NOSUCH']);
    expect(quotes.map((q) => q.symbol)).toEqual(['MSFT', 'AAPL']);
    for (const q of quotes) {
      const r = (body.quoteResponse.result as Record<string, number | string>[]).find((x) => x.symbol === q.symbol)!;
      expect(q).toMatchObject({
        marketState: 'PRE',
        preMarketPrice: r.preMarketPrice,
        preMarketChangePercent: r.preMarketChangePercent,
        regularMarketPreviousClose: r.regularMarketPreviousClose,
      });
    }
  });
});
