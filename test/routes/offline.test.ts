import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import { DuckDbStore } from '../../src/store/duckdb-store.js';
import { yahooReachable } from '../helpers/network.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { storeWithShared } from '../helpers/shared-data.js';

/**
 * This machine has no route to Yahoo: with PRICE_PROVIDER=yahoo and an empty database, a study
 * must fail fast with a 503 problem that says what to do, and the server must keep serving.
 * Uses the real global fetch (no injection): the failure is the machine's own.
 */
describe.skipIf(yahooReachable)('offline with the Yahoo provider and an empty database', () => {
  let store: DuckDbStore;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    store = await DuckDbStore.open(':memory:');
    app = createApp(nodeDeps(store, { eventsPath: undefined, priceProvider: 'yahoo' }).deps);
  });
  afterAll(() => store.close());

  it('answers the headline study with a clear 503 in under 5 s and keeps serving', async () => {
    const started = performance.now();
    const res = await app.request('/v1/events/china-cybersecurity-software-ban-2026/study');
    const elapsed = performance.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { detail: string };
    expect(problem.detail).toMatch(/network is unreachable|could not reach|timed out/i);
    expect(problem.detail).toMatch(/MARKET_DATA_DIR|npm run import/);
    expect(elapsed).toBeLessThan(5000);
    expect((await app.request('/health')).status).toBe(200);
    expect((await app.request('/v1/events/china-cybersecurity-software-ban-2026')).status).toBe(200);
  });
});

describe('a price source that cannot be reached, with the needed prices partly stored', () => {
  // undici's offline failure, injected so that this holds on any machine.
  const offlineFetch = (async () => {
    throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND query2.finance.yahoo.com'), { code: 'ENOTFOUND' }) });
  }) as unknown as typeof fetch;

  it.skipIf(!HAS_SHARED)('studies what is stored and reports the unfetchable security with the reason', async () => {
    const store = await storeWithShared(['PANW', 'FTNT', 'CHKP', 'CIBR', 'SPY']);
    try {
      const app = createApp(nodeDeps(store, { eventsPath: undefined, priceProvider: 'yahoo' }, undefined, offlineFetch).deps);
      const res = await app.request('/v1/events/china-cybersecurity-software-ban-2026/study?roles=named_firm');
      expect(res.status).toBe(200);
      const body = (await res.json()) as { securities: { symbol: string; status: string; reason?: string }[] };
      expect(body.securities.filter((s) => s.status === 'ok').map((s) => s.symbol)).toEqual(['PANW', 'FTNT', 'CHKP']);
      expect(body.securities.find((s) => s.symbol === 'CRWD')?.reason).toMatch(/network is unreachable/);
    } finally {
      store.close();
    }
  });
});
