/**
 * Pure pieces of the premarket study and the live path: the raw previous close rules, the live
 * quote block on REAL recorded Yahoo premarket quotes (node-yahoo-finance2 and yfinance-rs
 * fixtures, marketState PRE), and the live orchestration with an injected `quotes` function.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDeps } from '../../src/entry/node-deps.js';
import { UnprocessableError } from '../../src/errors.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { StorePremarket } from '../../src/store/store-premarket.js';
import { zonedMs, type SessionBar } from '../../src/domain/bars.js';
import { overnightShare } from '../../src/study/premarket/daily-split.js';
import { DEFAULT_PREMARKET_PARAMS } from '../../src/study/premarket/inputs.js';
import { figureAt, previousClose, seriesFigures } from '../../src/study/premarket/intraday-figures.js';
import { liveQuote, quoteReference, type LiveQuote } from '../../src/study/premarket/live-quote.js';
import { runPremarket } from '../../src/study/premarket/result.js';
import type { LiveQuote as ProviderLiveQuote } from '../../src/market/price-provider.js';
import type { DailyContext, LiveQuoteInput, QuotesFn } from '../../src/study/premarket-source.js';
import { hasSharedData, storeWithShared } from '../helpers/shared-data.js';
import { HAS_SHARED, SHARED } from '../helpers/paths.js';
import { expectClose } from '../helpers/tolerance.js';

/** Recorded Yahoo v7 quote results (real responses). */
function recordedQuotes(path: string): LiveQuoteInput[] {
  const raw = JSON.parse(readFileSync(join(SHARED, 'yahoo', path), 'utf8'));
  const body = raw.response ? (raw.response.bodyJson ?? JSON.parse(raw.response.body)) : raw;
  return body.quoteResponse.result as LiveQuoteInput[];
}

describe('raw previous close and bar figures (synthetic rows, made-up prices)', () => {
  const bar = (local_time: string, close: number, session: SessionBar['session'], open: number | null = close): SessionBar => ({
    symbol: 'XYZ',
    interval: '1m',
    ms: zonedMs('2026-03-02', local_time),
    local_date: '2026-03-02',
    local_time,
    open,
    high: close,
    low: close,
    close,
    volume: 100,
    session,
  });
  const ctx = (over: Partial<DailyContext>): DailyContext => ({
    symbol: 'XYZ',
    date: '2026-03-02',
    open: 50,
    high: 51,
    low: 49,
    close: 50.5,
    adj_close: 50.5,
    prev_date: '2026-02-27',
    prev_close: 49,
    prev_adj_close: 49,
    raw_close: false,
    ...over,
  });

  it('prefers the derivation from the 09:30 bar even when the series holds traded closes (bases can differ)', () => {
    const pc = previousClose(ctx({ raw_close: true, prev_close: 98, prev_adj_close: 49 }), [bar('09:30', 100, 'regular', 100)]);
    expect(pc).toMatchObject({ basis: 'derived' });
  });

  it('uses the stored traded close only when there is no 09:30 bar to derive from', () => {
    const pc = previousClose(ctx({ raw_close: true, prev_close: 98, prev_adj_close: 49 }), [bar('08:00', 97, 'pre')]);
    expect(pc).toMatchObject({ price: 98, basis: 'stored_raw_close', date: '2026-02-27' });
  });

  it('derives it from the 09:30 open otherwise (a 2:1 split after the date: factor 2)', () => {
    const pc = previousClose(ctx({}), [bar('08:00', 99, 'pre'), bar('09:30', 100.4, 'regular', 100)]);
    expect(pc).toMatchObject({ basis: 'derived', factor: 2, price: 98 });
  });

  it('refuses to guess without an adjusted open or a 09:30 bar', () => {
    expect(previousClose(ctx({ open: null }), [bar('09:30', 100, 'regular')]).price).toBeNull();
    expect(previousClose(ctx({}), [bar('09:31', 100, 'regular')]).price).toBeNull();
    expect(previousClose(undefined, []).price).toBeNull();
  });

  it('an instant before the first bar has no price, with the reason', () => {
    const s = seriesFigures('XYZ', [bar('08:00', 99, 'pre'), bar('09:30', 100, 'regular', 100)], ctx({}));
    if (!('info' in s)) throw new Error('series expected');
    const x = figureAt(s, zonedMs('2026-03-02', '07:59'));
    expect(x.price).toBeNull();
    expect((x as { reason: string }).reason).toMatch(/no XYZ bar at or before 07:59/);
  });

  it('zonedMs follows New York summer and winter time', () => {
    expect(new Date(zonedMs('2026-01-14', '06:10')).toISOString()).toBe('2026-01-14T11:10:00.000Z');
    expect(new Date(zonedMs('2026-07-14', '09:29')).toISOString()).toBe('2026-07-14T13:29:00.000Z');
    expect(new Date(zonedMs('2026-03-09', '09:30')).toISOString()).toBe('2026-03-09T13:30:00.000Z'); // day after the DST change
  });

  it('overnight share: sign cases are explained', () => {
    expect(overnightShare(-0.01, -0.02)).toMatchObject({ share: 0.5 });
    expect(overnightShare(0.01, -0.02).note).toMatch(/opposite signs/);
    expect(overnightShare(-0.03, -0.02).note).toMatch(/reversed/);
    expect(overnightShare(0.01, 0).share).toBeNull();
  });
});

describe.skipIf(!HAS_SHARED)('live quote block on recorded Yahoo premarket quotes (real)', () => {
  it('in the PRE state the move is against regularMarketPrice (the last close), matching Yahoo\'s own preMarketChangePercent', () => {
    const files = [
      'node-yahoo-finance2/history/quote-AAPL-10am.json',
      'node-yahoo-finance2/history/quote-QQQ-10am.json',
      'node-yahoo-finance2/history/quote-GOOG-10am.json',
      'yfinance-rs/quote_v7_AAPL.PRE.json',
      'yfinance-rs/quote_v7_AAPL-MSFT.PRE.json',
    ];
    for (const f of files) {
      for (const q of recordedQuotes(f)) {
        expect(q.marketState).toBe('PRE');
        const ref = quoteReference(q);
        expect(ref.field).toBe('regularMarketPrice');
        const live = liveQuote(q, undefined, q.symbol, 'QQQ', null) as LiveQuote;
        expect(live.live).toBe(true);
        // Yahoo's percent is rounded to ~7 digits; against regularMarketPreviousClose it would be off by far more.
        expectClose(live.move, live.reported_change!, `${f} ${q.symbol} move vs reported`, 1e-5, 1e-7);
        const wrong = q.preMarketPrice! / q.regularMarketPreviousClose! - 1;
        expect(Math.abs(wrong - live.reported_change!)).toBeGreaterThan(1e-4);
      }
    }
  });

  it('accepts the Yahoo provider\'s quotes (nulls for missing fields) as they are', () => {
    // Type-level: the provider's `quote(symbols)` result plugs in as `(s) => provider.quote(s).then((r) => r.quotes)`.
    const fromProvider: QuotesFn = async () => [] as ProviderLiveQuote[];
    void fromProvider;
    const q: ProviderLiveQuote = {
      symbol: 'XYZ',
      marketState: 'REGULAR',
      preMarketPrice: null,
      preMarketChangePercent: null,
      preMarketTime: null,
      regularMarketPrice: 10,
      regularMarketPreviousClose: 9,
      regularMarketTime: null,
      currency: 'USD',
      exchange: null,
      exchangeName: null,
      timezone: null,
    };
    const live = liveQuote(q, undefined, 'XYZ', 'QQQ', 1) as LiveQuote;
    expect(live.move).toBeNull();
    expect(live.previous_close_field).toBe('regularMarketPreviousClose');
    expect(live.note).toMatch(/no premarket price/);
  });

  it('abnormal live move = move - beta * benchmark move', () => {
    const [aapl] = recordedQuotes('node-yahoo-finance2/history/quote-AAPL-10am.json');
    const [qqq] = recordedQuotes('node-yahoo-finance2/history/quote-QQQ-10am.json');
    const live = liveQuote(aapl, qqq, 'AAPL', 'QQQ', 1.2) as LiveQuote;
    expectClose(live.move, 136.11 / 135.37 - 1, 'AAPL move', 1e-12);
    expectClose(live.benchmark.move, 338 / 336.45 - 1, 'QQQ move', 1e-12);
    expectClose(live.abnormal_move, live.move! - 1.2 * live.benchmark.move!, 'abnormal', 1e-12);
    expect(live.as_of).toBe(new Date(1613472136 * 1000).toISOString());
  });
});

describe.skipIf(!hasSharedData)('live orchestration: an event today, before the store has day 0', () => {
  let store: DuckDbStore;
  let base: ReturnType<typeof nodeDeps>['deps'];
  // Monday 2026-08-03, 08:00 New York: the shared daily data end on Friday 2026-07-31.
  const now = () => Date.parse('2026-08-03T08:00:00-04:00');
  const securities = [{ symbol: 'AAPL', announced_at: '2026-08-03T07:00:00-04:00' }];
  beforeAll(async () => {
    store = await storeWithShared(['AAPL', 'QQQ', 'SPY']);
    base = nodeDeps(store, { eventsPath: undefined }).deps;
  });
  afterAll(() => store?.close());

  it('reports the quote as live, with the overnight beta estimated before the live day 0', async () => {
    const asked: string[][] = [];
    // The recorded (real, 2021) AAPL and QQQ premarket quotes stand in for the provider's answer.
    const quotes = async (symbols: string[]) => {
      asked.push(symbols);
      return [...recordedQuotes('node-yahoo-finance2/history/quote-AAPL-10am.json'), ...recordedQuotes('node-yahoo-finance2/history/quote-QQQ-10am.json')];
    };
    const result = await runPremarket({ ...base, premarket: new StorePremarket(store, { quotes }), now }, securities, { ...DEFAULT_PREMARKET_PARAMS, benchmark: 'QQQ' });
    expect(asked).toEqual([['AAPL', 'QQQ']]);
    const s = result.securities[0]!;
    expect(s.status).toBe('live');
    expect(s.day0).toBe('2026-08-03');
    expect(s.data.granularity).toBe('live quote');
    const live = (s as { live: LiveQuote }).live;
    expect(live.live).toBe(true);
    expect(live.beta_overnight).toBeGreaterThan(0);
    expectClose(live.abnormal_move, live.move! - live.beta_overnight! * live.benchmark.move!, 'live abnormal', 1e-12);
  });

  it('a failing provider is reported, not fatal', async () => {
    const quotes = async () => {
      throw new Error('rate limited');
    };
    const result = await runPremarket({ ...base, premarket: new StorePremarket(store, { quotes }), now }, securities, { ...DEFAULT_PREMARKET_PARAMS, benchmark: 'QQQ' });
    expect((result.securities[0] as { live: { reason: string } }).live.reason).toMatch(/rate limited/);
  });

  it('without a quote provider the same request cannot be computed (422), as a study of it would not', async () => {
    await expect(runPremarket({ ...base, premarket: new StorePremarket(store), now }, securities, { ...DEFAULT_PREMARKET_PARAMS, benchmark: 'QQQ' })).rejects.toBeInstanceOf(UnprocessableError);
  });
});
