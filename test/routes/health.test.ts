/** GET /health over a store with a few real shared files, and over an empty store. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRows, readSharedDaily } from '../helpers/fixtures.js';
import { ROUTE_DAILY, ROUTE_INTRADAY, appWithEmptyStore, appWithSharedSubset, type TestApp } from '../helpers/app.js';
import { HAS_SHARED, ROOT, SHARED } from '../helpers/paths.js';
import { expectProblem } from '../helpers/problem.js';
import { removeTempDirs } from '../helpers/tmp.js';

const EVENTS = (JSON.parse(readFileSync(join(ROOT, 'data/events.json'), 'utf8')) as { events: unknown[] }).events.length;

type Health = {
  status: string;
  database: string;
  symbols: number;
  daily_rows: number;
  intraday_bars: number;
  first_date: string | null;
  last_date: string | null;
  events: number;
};

let shared: TestApp;
let empty: TestApp;
beforeAll(async () => {
  [shared, empty] = await Promise.all([appWithSharedSubset(), appWithEmptyStore()]);
});
afterAll(() => {
  shared?.store.close();
  empty?.store.close();
  removeTempDirs();
});

describe('GET /health', () => {
  it.skipIf(!HAS_SHARED)('reports the imported symbols, rows, date range and intraday bars', async () => {
    const res = await shared.app.request('/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Health;
    const daily = ROUTE_DAILY.map((s) => readSharedDaily(s));
    const dates = daily.flatMap((rows) => rows.map((r) => r.date ?? '')).sort();
    const intraday = ROUTE_INTRADAY.reduce(
      (n, { interval, symbol }) => n + readCsvRows(join(SHARED, 'intraday', interval, `${symbol}.csv`)).length,
      0,
    );
    expect(body).toEqual({
      status: 'ok',
      database: 'reachable',
      symbols: ROUTE_DAILY.length,
      daily_rows: daily.reduce((n, rows) => n + rows.length, 0),
      intraday_bars: intraday,
      first_date: dates[0],
      last_date: dates.at(-1),
      events: EVENTS,
    });
    expect(body.first_date).toBe('2018-01-02');
    expect(body.last_date).toBe('2026-07-31');
  });

  it('on an empty store: zero counts and a null range, still ok', async () => {
    const res = await empty.app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      database: 'reachable',
      symbols: 0,
      daily_rows: 0,
      intraday_bars: 0,
      first_date: null,
      last_date: null,
      events: EVENTS,
    });
  });

  it('is 503 problem+json when the database cannot be read', async () => {
    const closed = await appWithEmptyStore();
    closed.store.close();
    const body = await expectProblem(await closed.app.request('/health'), 503);
    expect(body.detail).toMatch(/database cannot be read/);
  });
});
