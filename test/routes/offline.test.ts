import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import { DuckDbStore } from '../../src/store/duckdb-store.js';
import { yahooReachable } from '../helpers/network.js';

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
