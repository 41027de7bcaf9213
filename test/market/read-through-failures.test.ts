/** A symbol the price source failed on is not asked for again on every request; stored coverage is read once per write. */
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.js';
import type { PriceProvider } from '../../src/market/price-provider.js';
import { ReadThroughCache } from '../../src/market/read-through.js';
import { importDirectory } from '../../src/store/import-directory.js';
import { StorePriceCache } from '../../src/store/store-price-cache.js';
import { sharedSubset } from '../helpers/fixtures.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { memoryStore } from '../helpers/store.js';
import { mulberry32 } from '../../src/stats/random.js';

/** A provider that is down: every daily fetch fails, and is counted. */
function downProvider() {
  let asked = 0;
  const provider = {
    name: 'down',
    daily: async (symbol: string) => {
      asked++;
      throw new UpstreamError(503, `${symbol}: network unreachable (test, attempt ${asked})`);
    },
  } as unknown as PriceProvider;
  return { provider, asked: () => asked };
}

describe('a failed daily fetch', () => {
  it('is thrown again without asking the source until the retry period is over, then the source is asked again', async () => {
    const store = await memoryStore();
    let now = Date.parse('2026-03-02T12:00:00Z');
    const { provider, asked } = downProvider();
    const cache = new ReadThroughCache(new StorePriceCache(store), provider, { now: () => new Date(now), retryFailedAfterMs: 60_000 });
    const ensure = () => cache.ensureDaily(['CYBR'], '2026-01-02', '2026-02-27');
    await expect(ensure()).rejects.toThrow('CYBR: network unreachable (test, attempt 1)');
    now += 59_000;
    await expect(ensure()).rejects.toThrow('attempt 1');
    expect(asked()).toBe(1);
    // Another symbol is asked for as usual.
    await expect(cache.ensureDaily(['ZS'], '2026-01-02', '2026-02-27')).rejects.toThrow('ZS: network unreachable (test, attempt 2)');
    now += 2_000;
    await expect(ensure()).rejects.toThrow('CYBR: network unreachable (test, attempt 3)');
    expect(asked()).toBe(3);
    store.close();
  });
});

describe('concurrent requests for a symbol being fetched', () => {
  it('wait for that one fetch instead of each asking the source', async () => {
    const store = await memoryStore();
    const { provider, asked } = downProvider();
    const slow = { ...provider, name: 'down', daily: async (symbol: string) => (await new Promise((r) => setTimeout(r, 50)), provider.daily(symbol, '', '')) } as unknown as PriceProvider;
    const cache = new ReadThroughCache(new StorePriceCache(store), slow);
    const all = await Promise.allSettled(Array.from({ length: 20 }, () => cache.ensureDaily(['CYBR'], '2026-01-02', '2026-02-27')));
    expect(all.map((r) => r.status)).toEqual(Array(20).fill('rejected'));
    expect(asked()).toBe(1);
    store.close();
  });
});

describe.skipIf(!HAS_SHARED)('stored coverage', () => {
  it('read once per write and clipped, equals the SQL answer for any range; a write shows at once', async () => {
    const store = await memoryStore();
    const coverage = new StorePriceCache(store);
    await importDirectory(store, sharedSubset(['PANW']));
    const sql = async (symbol: string, from: Date, to: Date) =>
      (await store.all<{ start_ms: number; end_ms: number }>('cache-missing-ranges', { symbol, interval: '1d', from: from.toISOString(), to: to.toISOString() })).map((r) => ({
        from: new Date(r.start_ms),
        to: new Date(r.end_ms),
      }));
    const random = mulberry32(20261203);
    const day = (t: number) => new Date(Date.UTC(2016, 0, 1) + Math.floor(t * 12 * 365) * 86_400_000);
    let gappy = 0;
    for (let i = 0; i < 100; i++) {
      const [a, b] = [day(random()), day(random())].sort((x, y) => x.getTime() - y.getTime()) as [Date, Date];
      const to = new Date(b.getTime() + 86_400_000);
      for (const symbol of ['PANW', 'CYBR']) {
        const expected = await sql(symbol, a, to);
        gappy += expected.length > 0 ? 1 : 0;
        expect(await coverage.missingRanges(symbol, '1d', a, to), `${symbol} ${a.toISOString()}..${to.toISOString()}`).toEqual(expected);
      }
    }
    expect(gappy).toBeGreaterThan(100); // CYBR always, PANW when the range leaves its stored span
    // A write: the next question reads the store again.
    const range = [new Date('2026-01-05T00:00:00Z'), new Date('2026-01-31T00:00:00Z')] as const;
    expect(await coverage.missingRanges('SPY', '1d', ...range)).toHaveLength(1);
    await importDirectory(store, sharedSubset(['SPY']));
    expect(await coverage.missingRanges('SPY', '1d', ...range)).toEqual([]);
    store.close();
  });
});
