import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import { UpstreamError } from '../../src/errors.js';
import type { MarketDataSync } from '../../src/market/price-provider.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { storeWithShared } from '../helpers/shared-data.js';

const URL_ = '/v1/events/china-cybersecurity-software-ban-2026/study?roles=named_firm';

/** A price source that only counts what it is asked (and can be told to fail for a symbol). */
function countingSource(failFor?: string) {
  const asked: string[] = [];
  const source: MarketDataSync = {
    async ensureDaily(symbols, from, to) {
      asked.push(...symbols);
      if (failFor && symbols.includes(failFor)) throw new UpstreamError(503, `${failFor}: network unreachable (test)`);
      return { from, to, symbols: [], fetched: [], skipped: [...symbols], seconds: 0 };
    },
  };
  return { source, asked };
}

describe.skipIf(!HAS_SHARED)('the study cache never answers for data it has not checked', () => {
  let store: DuckDbStore;
  beforeAll(async () => {
    store = await storeWithShared(['PANW', 'FTNT', 'CHKP', 'CRWD', 'S', 'RPD', 'CIBR', 'SPY']);
  });
  afterAll(() => store?.close());

  it('asks the price source on every request, cached or not (new days must be fetched)', async () => {
    const { source, asked } = countingSource();
    const app = createApp({ ...nodeDeps(store, { eventsPath: undefined }).deps, marketData: source });
    const first = await app.request(URL_);
    const etag = first.headers.get('etag')!;
    const askedFirst = asked.length;
    expect(askedFirst).toBeGreaterThan(0);
    const again = await app.request(URL_, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(asked.length).toBe(2 * askedFirst);
  });

  it('does not cache or validate a study whose prices could not all be fetched', async () => {
    const { source } = countingSource('CYBR');
    const app = createApp({ ...nodeDeps(store, { eventsPath: undefined }).deps, marketData: source });
    const res = await app.request(URL_);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { securities: { symbol: string; reason?: string }[] };
    expect(body.securities.find((s) => s.symbol === 'CYBR')?.reason).toMatch(/network unreachable \(test\)/);
  });

  it('computes such a study once while the same symbols fail the same way, and again when they no longer do', async () => {
    let down = true;
    const source: MarketDataSync = {
      async ensureDaily(symbols, from, to) {
        if (down && symbols.includes('CYBR')) throw new UpstreamError(503, 'CYBR: network unreachable (test)');
        return { from, to, symbols: [], fetched: [], skipped: [...symbols], seconds: 0 };
      },
    };
    const { deps } = nodeDeps(store, { eventsPath: undefined });
    let computed = 0;
    const series = { aligned: (...args: Parameters<typeof deps.series.aligned>) => (computed++, deps.series.aligned(...args)) };
    const app = createApp({ ...deps, series, marketData: source });
    const [a, b] = [await app.request(URL_), await app.request(URL_)];
    expect(await b.text()).toBe(await a.text());
    expect(b.headers.get('cache-control')).toBe('no-store');
    expect(computed).toBe(1);
    // The source recovered: the study is computed again, now validated.
    down = false;
    const c = await app.request(URL_);
    expect(computed).toBe(2);
    expect(c.headers.get('etag')).toBeTruthy();
  });
});

describe.skipIf(!HAS_SHARED)('prices answers kept by ETag', () => {
  it('a repeated request is answered without a query, the same bytes; new data is read again', async () => {
    const store = await storeWithShared(['PANW']);
    const { deps } = nodeDeps(store, { eventsPath: undefined, priceProvider: 'none' });
    let reads = 0;
    const prices = Object.assign(Object.create(deps.prices) as typeof deps.prices, {
      daily: (...args: Parameters<typeof deps.prices.daily>) => (reads++, deps.prices.daily(...args)),
    });
    const app = createApp({ ...deps, prices });
    const path = '/v1/prices/PANW?from=2026-01-05&to=2026-01-30';
    const [a, b] = [await app.request(path), await app.request(path)];
    const body = await a.text();
    expect(await b.text()).toBe(body);
    expect(JSON.parse(body).bars).toHaveLength(19);
    expect(reads).toBe(1);
    // Another range, and the same range after an import (a new data version), are read.
    await app.request('/v1/prices/PANW?from=2026-01-05&to=2026-01-29');
    expect(reads).toBe(2);
    const { importDirectory } = await import('../../src/store/import-directory.js');
    const { sharedSubset } = await import('../helpers/fixtures.js');
    await importDirectory(store, sharedSubset(['SPY']));
    await app.request(path);
    expect(reads).toBe(3);
    store.close();
  });
});
