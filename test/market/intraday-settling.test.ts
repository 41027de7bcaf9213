import { describe, expect, it } from 'vitest';
import type { IntradayInterval, PriceProvider } from '../../src/market/price-provider.js';
import { ReadThroughCache } from '../../src/market/read-through.js';
import { StorePriceCache } from '../../src/store/store-price-cache.js';
import { memoryStore, rawRows } from '../helpers/store.js';

/**
 * A bar still forming must not be stored as final. SYNTHETIC bars from a fake provider: Yahoo's
 * hourly bars start at 09:30 ET (14:30Z in winter), not on the epoch hour.
 */
function hourlyProvider() {
  let calls = 0;
  const provider: PriceProvider = {
    name: 'fake',
    daily: async () => {
      throw new Error('not used');
    },
    quote: async () => {
      throw new Error('not used');
    },
    intradayEarliest: (_interval: IntradayInterval, now: Date) => new Date(now.getTime() - 700 * 86_400_000),
    intraday: async (symbol, from, to, interval) => {
      calls++;
      const bar = (ts: string, close: number) => ({ ts, open: close, high: close, low: close, close, volume: 1, session: 'regular' as const });
      return {
        listing: null,
        interval,
        from: from.toISOString(),
        to: to.toISOString(),
        bars: [bar('2021-11-23T14:30:00.000Z', 10), bar('2021-11-23T15:30:00.000Z', 11)].filter((b) => Date.parse(b.ts) < to.getTime()),
        limits: null,
      };
    },
  };
  return { provider, calls: () => calls };
}

describe('intraday bars still forming are not settled', () => {
  it('at 10:10 ET the 09:30 hourly bar is stored but fetched again next time', async () => {
    const store = await memoryStore();
    const { provider, calls } = hourlyProvider();
    const now = new Date('2021-11-23T15:10:00Z');
    const cache = new ReadThroughCache(new StorePriceCache(store), provider, { now: () => now });
    const from = new Date('2021-11-23T14:00:00Z');
    const to = new Date('2021-11-23T21:00:00Z');
    await cache.intraday('TSLA', from, to, '1h');
    const [range] = await rawRows<{ end_ms: number }>(store, `SELECT epoch_ms(max(range_end))::DOUBLE AS end_ms FROM fetched_ranges WHERE symbol = 'TSLA'`);
    expect(range!.end_ms).toBeLessThanOrEqual(now.getTime() - 3_600_000);
    await cache.intraday('TSLA', from, to, '1h');
    expect(calls()).toBe(2); // the forming bar is asked for again
  });
});
