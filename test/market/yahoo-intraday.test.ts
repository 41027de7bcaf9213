/**
 * Intraday bars from REAL recorded Yahoo charts: TSLA 30-minute bars with pre- and post-market
 * (2021-11-22), AAPL 1-minute regular-hours bars (2024-10-02) and an empty weekend (2025-02-01).
 * The clock is set to when each response was recorded, as Yahoo only serves recent bars.
 */
import { describe, expect, it } from 'vitest';
import { ReadThroughCache } from '../../src/market/read-through.js';
import { YahooProvider } from '../../src/market/yahoo/yahoo-provider.js';
import { StorePriceCache } from '../../src/store/store-price-cache.js';
import { rawRows } from '../helpers/store.js';
import { replayedCache } from './setup.js';
import { chartResult, HAS_YAHOO, recordedAt, recording, Replay } from './yahoo-replay.js';

const TSLA_30M = 'history/chart-TSLA-2021-11-22-to-2021-11-23-interval-30m.json';
const AAPL_1M = 'history/chart-AAPL-2024-10-02-to-2024-10-03-includePrePost-false-interval-1m.json';
const AAPL_1M_WEEKEND = 'chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json';
const DAY_MS = 86_400_000;

const nyClock = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

describe.skipIf(!HAS_YAHOO)('intraday bars from recorded Yahoo charts', () => {
  it('stores TSLA 30m bars with their pre/regular/post session from the trading periods, and a second read makes no call', async () => {
    const rec = recording(TSLA_30M);
    const replay = new Replay().chart(rec);
    const { store, cache } = await replayedCache(replay, recordedAt(rec));
    const from = new Date('2021-11-22T00:00:00Z');
    const to = new Date('2021-11-23T00:00:00Z');

    const read = await cache.intraday('TSLA', from, to, '30m');
    expect(replay.calls).toHaveLength(1);
    expect(read.limits).toBeNull();

    const r = chartResult(rec);
    const q = r.indicators.quote[0];
    const periods = r.meta.tradingPeriods as Record<'pre' | 'regular' | 'post', { start: number; end: number }[][]>;
    const sessionOf = (t: number) =>
      (['pre', 'regular', 'post'] as const).find((s) => periods[s].flat().some((p) => t >= p.start && t < p.end));
    const expected = (r.timestamp as number[]).map((t, i) => ({
      ts: new Date(t * 1000).toISOString(),
      open: q.open[i],
      high: q.high[i],
      low: q.low[i],
      close: q.close[i],
      volume: q.volume[i],
      session: sessionOf(t),
    }));
    expect(read.bars).toEqual(expected);
    expect(read.bars).toHaveLength(30);

    // In New York time: pre from 04:00, regular 09:30-16:00, post from 16:00.
    const bySession = (s: string) => read.bars.filter((b) => b.session === s);
    expect(bySession('pre').map((b) => nyClock(b.ts))).toEqual(['04:00', '04:30', '05:00', '05:30', '06:00', '06:30', '07:00', '07:30', '08:00', '08:30', '09:00']);
    expect(nyClock(bySession('regular')[0]!.ts)).toBe('09:30');
    expect(nyClock(bySession('regular').at(-1)!.ts)).toBe('15:30');
    expect(bySession('post').map((b) => nyClock(b.ts))).toEqual(['16:00', '16:30', '17:00', '17:30', '18:00', '18:30']);

    const again = await cache.intraday('TSLA', from, to, '30m');
    expect(replay.calls).toHaveLength(1);
    expect(again.fetched).toEqual([]);
    expect(again.bars).toEqual(read.bars);

    const [security] = await rawRows(store, `SELECT exchange, timezone FROM securities WHERE symbol = 'TSLA'`);
    expect(security).toEqual({ exchange: r.meta.exchangeName, timezone: 'America/New_York' });
  });

  it('stores AAPL 1m regular-hours bars and leaves out the bar Yahoo adds after the requested range', async () => {
    const rec = recording(AAPL_1M);
    const replay = new Replay().chart(rec);
    const { cache } = await replayedCache(replay, recordedAt(rec));
    const from = new Date('2024-10-02T00:00:00Z');
    const to = new Date('2024-10-03T00:00:00Z');
    const r = chartResult(rec);
    const q = r.indicators.quote[0];
    const times = r.timestamp as number[];
    const inRange = times.filter((t) => t * 1000 >= from.getTime() && t * 1000 < to.getTime());
    expect(inRange.length).toBe(times.length - 1); // the recording holds one bar from 2024-10-03
    // Minutes without a trade come as null bars; they are not stored.
    const traded = times.flatMap((t, i) => (inRange.includes(t) && q.close[i] !== null ? [i] : []));
    expect(traded.length).toBe(inRange.length - 1);

    const read = await cache.intraday('AAPL', from, to, '1m');
    expect(read.bars.map((b) => b.ts)).toEqual(traded.map((i) => new Date(times[i]! * 1000).toISOString()));
    expect(read.bars.map((b) => [b.open, b.high, b.low, b.close, b.volume])).toEqual(traded.map((i) => [q.open[i], q.high[i], q.low[i], q.close[i], q.volume[i]]));
    expect(read.bars.every((b) => b.session === 'regular')).toBe(true); // includePrePost=false: regular periods only
    expect(nyClock(read.bars[0]!.ts)).toBe('09:30');
    expect(nyClock(read.bars.at(-1)!.ts)).toBe('15:59');
  });

  it('an empty weekend chart is an answer, not a fault: settled with no bars, not fetched again', async () => {
    const rec = recording(AAPL_1M_WEEKEND);
    expect(chartResult(rec).timestamp).toBeUndefined();
    const replay = new Replay().chart(rec);
    const { cache } = await replayedCache(replay, recordedAt(rec));
    const from = new Date('2025-02-01T00:00:00Z');
    const to = new Date('2025-02-02T00:00:00Z');
    const read = await cache.intraday('AAPL', from, to, '1m');
    expect(read.bars).toEqual([]);
    expect(read.fetched).toEqual([{ from: from.toISOString(), to: to.toISOString(), bars: 0 }]);
    await cache.intraday('AAPL', from, to, '1m');
    expect(replay.calls).toHaveLength(1);
  });

  it('a request reaching past Yahoo`s 60-day 30m limit returns what is stored plus a limits note', async () => {
    const rec = recording(TSLA_30M);
    const replay = new Replay().chart(rec);
    const recorded = recordedAt(rec);
    const to = new Date('2021-11-23T00:00:00Z');

    // 55 days after the recording: 2021-11-22 is still within reach, 2021-11-12 is not.
    const later = new Date(recorded.getTime() + 55 * DAY_MS);
    const { store, provider, cache } = await replayedCache(replay, later);
    const first = await cache.intraday('TSLA', new Date('2021-11-12T00:00:00Z'), to, '30m');
    const earliest = provider.intradayEarliest('30m', later);
    expect(first.limits).toMatchObject({
      interval: '30m',
      max_age_days: 60,
      earliest_available: earliest.toISOString(),
      unavailable: { from: '2021-11-12T00:00:00.000Z', to: earliest.toISOString() },
    });
    expect(first.limits!.message).toMatch(/only for about the last 60 days/);
    expect(replay.calls).toHaveLength(1);
    expect(new URL(replay.calls[0]!).searchParams.get('period1')).toBe(String(earliest.getTime() / 1000));
    expect(first.bars).toHaveLength(30);

    // 200 days after, on the same database: all of it is beyond reach. No call; the stored bars and the note.
    const muchLater = new Date(recorded.getTime() + 200 * DAY_MS);
    const providerLater = new YahooProvider({ fetch: replay.fetch, now: () => muchLater });
    const second = await new ReadThroughCache(new StorePriceCache(store), providerLater, { now: () => muchLater }).intraday('TSLA', new Date('2021-11-12T00:00:00Z'), to, '30m');
    expect(replay.calls).toHaveLength(1);
    expect(second.bars).toEqual(first.bars);
    expect(second.fetched).toEqual([]);
    // The note covers what is neither served nor stored: up to where the first fetch began.
    expect(second.limits).toMatchObject({ interval: '30m', unavailable: { from: '2021-11-12T00:00:00.000Z', to: earliest.toISOString() } });
  });
});

describe.skipIf(!HAS_YAHOO)('ensureIntradayDay: a day 0 fetched in the finest interval still served', () => {
  it('stores the real AAPL 1m bars of 2024-10-02 and has nothing to report', async () => {
    const rec = recording(AAPL_1M);
    const replay = new Replay().chart(rec);
    const { cache, store } = await replayedCache(replay, recordedAt(rec));
    expect(await cache.ensureIntradayDay(['AAPL'], '2024-10-02', 'America/New_York')).toEqual([]);
    const [row] = await rawRows<{ n: number; interval: string }>(store, `SELECT count(*)::INTEGER AS n, any_value(interval) AS interval FROM intraday_bars WHERE symbol = 'AAPL'`);
    const q = chartResult(rec).indicators.quote[0];
    const traded = (chartResult(rec).timestamp as number[]).filter((t, i) => t * 1000 < Date.parse('2024-10-03T00:00:00Z') && q.close[i] !== null);
    expect(row).toEqual({ n: traded.length, interval: '1m' });
  });

  it('says so, without asking Yahoo, for a day older than every interval reaches', async () => {
    const rec = recording(AAPL_1M);
    const replay = new Replay().chart(rec);
    const { cache } = await replayedCache(replay, recordedAt(rec));
    const notes = await cache.ensureIntradayDay(['AAPL'], '2022-01-03', 'America/New_York');
    expect(notes).toEqual(['AAPL: the price source no longer serves intraday bars for 2022-01-03; only stored bars are used']);
    expect(replay.calls).toHaveLength(0);
  });
});
