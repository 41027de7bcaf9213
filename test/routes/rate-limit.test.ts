/**
 * Per-client rate limit on the expensive routes (issue 14): a burst, then the sustained rate;
 * beyond it 429 problem+json with Retry-After. Cheap routes are never limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { expectProblemShape } from '../helpers/problem-shape.js';
import { memoryStore } from '../helpers/store.js';

let store: DuckDbStore;
let clock = 0;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  store = await memoryStore();
  const { deps } = nodeDeps(store, { eventsPath: undefined, priceProvider: 'none' });
  app = createApp({ ...deps, now: () => clock, rateLimit: { perMinute: 60, burst: 3 } });
});
afterAll(() => store?.close());

// Well-formed requests whose answers need no prices (a 400 costs a token like any other).
const study = (client: string) =>
  app.request('/v1/studies', { method: 'POST', body: '{"securities":[]}', headers: { 'content-type': 'application/json', 'cf-connecting-ip': client } });

describe('rate limit on study routes', () => {
  it('allows the burst, then answers 429 with Retry-After until a token is back', async () => {
    clock = 1_000_000;
    for (let i = 0; i < 3; i++) expect((await study('a')).status).toBe(400);
    const limited = await study('a');
    const problem = await expectProblemShape(limited, 429, '/v1/studies');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(problem.retry_after).toBe(1);
    expect(problem.detail).toMatch(/more than 3 study requests at once or more than 60 a minute/);

    clock += 999;
    expect((await study('a')).status).toBe(429);
    clock += 1;
    expect((await study('a')).status).toBe(400);
    expect((await study('a')).status).toBe(429);
  });

  it('counts each client separately', async () => {
    clock = 2_000_000;
    for (let i = 0; i < 3; i++) await study('b');
    expect((await study('b')).status).toBe(429);
    expect((await study('c')).status).toBe(400);
  });

  it('covers GET studies and premarket; leaves health, events and prices alone', async () => {
    clock = 3_000_000;
    const h = { 'cf-connecting-ip': 'd' };
    const statuses = [];
    for (const path of ['/v1/events/nope/study', '/v1/events/nope/premarket', '/v1/premarket', '/v1/events/nope/study']) {
      statuses.push((await app.request(path, { method: path === '/v1/premarket' ? 'POST' : 'GET', headers: h })).status);
    }
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses[3]).toBe(429);
    for (let i = 0; i < 10; i++) {
      for (const path of ['/health', '/v1/events', '/v1/prices/SPY']) expect((await app.request(path, { headers: h })).status).not.toBe(429);
    }
  });
});
