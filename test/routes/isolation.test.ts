/**
 * Cheap requests never wait behind a computing study, and one request cannot ask for unbounded
 * work. Deterministic: the study is held at the store's heavy lane, or observed to have started
 * its statistics, by the test (no timing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnprocessableError } from '../../src/errors.js';
import { assertStudyBudget } from '../../src/study/study-budget.js';
import { createApp } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import { appWithSharedSubset, type TestApp } from '../helpers/app.js';
import { HAS_SHARED } from '../helpers/paths.js';

type Lanes = { heavy: { acquire(): Promise<{ release: () => void }> } };

let t: TestApp;
beforeAll(async () => {
  t = await appWithSharedSubset();
});
afterAll(() => t?.store.close());

describe('isolation and limits', () => {
  it.skipIf(!HAS_SHARED)('answers /health, the catalog and prices while a study waits for the heavy lane', async () => {
    const lanes = (t.store as unknown as { lanes: Lanes }).lanes;
    const held = await Promise.all([lanes.heavy.acquire(), lanes.heavy.acquire()]);
    let studyDone = false;
    const study = Promise.resolve(
      t.app.request('/v1/studies', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ benchmark: 'SPY', securities: [{ symbol: 'PANW', date: '2026-01-14' }] }),
      }),
    ).then((r) => ((studyDone = true), r));
    for (const path of ['/health', '/v1/events', '/v1/prices/PANW?from=2026-01-01&to=2026-01-31']) {
      expect((await t.app.request(path)).status, path).toBe(200);
    }
    expect(studyDone).toBe(false);
    held.forEach((h) => h.release());
    expect((await study).status).toBe(200);
  });

  it.skipIf(!HAS_SHARED)('answers /health between the stages of a long study: its statistics do not hold the event loop to the end', async () => {
    const { deps } = nodeDeps(t.store, { eventsPath: undefined });
    let fitting!: () => void;
    const fitStarted = new Promise<void>((resolve) => (fitting = resolve));
    // Once the first chunk's series are read, what remains of the study is statistics on this thread.
    const app = createApp({
      ...deps,
      series: {
        aligned: async (pairs, returns) => {
          const series = await deps.series.aligned(pairs, returns);
          fitting();
          return series;
        },
      },
    });
    const bars = ((await (await app.request('/v1/prices/SPY?from=2019-06-03&to=2025-12-31')).json()) as { bars: { date: string }[] }).bars;
    const securities = bars.flatMap(({ date }) => [{ symbol: 'PANW', date }, { symbol: 'CHKP', date }]).slice(0, 3000);
    expect(securities).toHaveLength(3000); // six chunks of fits, then the portfolio tests
    let studyDone = false;
    const study = Promise.resolve(
      app.request('/v1/studies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ benchmark: 'SPY', securities }) }),
    ).then((r) => ((studyDone = true), r));
    await fitStarted;
    expect((await app.request('/health')).status).toBe(200);
    expect(studyDone).toBe(false);
    expect((await study).status).toBe(200);
  });

  it('refuses a study over the work budget before doing any work, saying how to split it', () => {
    // 1,000 security-events of a 121-day window: 121,000 event-window rows (the API's 10,000
    // events of [-5, 5] are 110,000).
    let problem: unknown;
    try {
      assertStudyBudget(1000, { window: [-60, 60], estimation: [-300, -61] });
    } catch (err) {
      problem = err;
    }
    expect(problem).toBeInstanceOf(UnprocessableError);
    const err = problem as UnprocessableError;
    expect(err.status).toBe(422);
    expect(err.message).toContain('121,000 event-window days (1000 securities x 121; the limit is 110,000)');
    expect(err.message).toContain('Split it into requests of at most 909 securities');
    expect(() => assertStudyBudget(10_000, { window: [-5, 5], estimation: [-250, -11] })).not.toThrow();
  });
});
