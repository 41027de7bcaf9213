/**
 * The in-process engine (aligned series as typed arrays + fixed-order fits) against the SQL one
 * (queries/study-abnormal-returns.sql) on REAL shared data: same rows, same keys and event
 * times, every number equal to 1e-12 relative, for the three SQL-estimated models and log returns.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreAbnormalReturns } from '../../src/store/store-abnormal-returns.js';
import { StoreDailyCloses } from '../../src/store/store-daily-closes.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import type { AbnormalReturnColumns, AbnormalReturnRequest } from '../../src/study/abnormal-returns.js';
import { SeriesCache } from '../../src/study/aligned-series.js';
import { TypedAbnormalReturns } from '../../src/study/typed-abnormal-returns.js';
import { mulberry32 } from '../../src/stats/random.js';
import { SHARED_MARKET_DATA, storeWithShared } from '../helpers/shared-data.js';

const random = mulberry32(7);
const stocks = readdirSync(join(SHARED_MARKET_DATA, 'daily'))
  .map((f) => f.replace(/\.csv$/, ''))
  .filter((s) => /^[A-Z]+$/.test(s) && s !== 'SPY')
  .sort();
const sample = Array.from({ length: 40 }, () => stocks[Math.floor(random() * stocks.length)]!);
const dates = ['2019-03-15', '2020-03-16', '2022-06-13', '2024-08-05', '2026-01-14', '2026-07-30'];
const items = sample.map((symbol, i) => ({ key: `${symbol}@${i}`, symbol, benchmark: i % 3 ? 'SPY' : 'QQQ', day0: dates[i % dates.length]! }));
items.push({ key: 'USAR@x', symbol: 'USAR', benchmark: 'SPY', day0: '2023-08-01' }); // short history
items.push({ key: 'PANW@late', symbol: 'PANW', benchmark: 'CIBR', day0: '2030-01-01' }); // after the data

let store: DuckDbStore;
beforeAll(async () => {
  store = await storeWithShared([...items.map((i) => i.symbol), 'SPY', 'QQQ', 'CIBR']);
});
afterAll(() => store?.close());

function expectSame(a: AbnormalReturnColumns, b: AbnormalReturnColumns) {
  expect(b.key).toEqual(a.key);
  expect(b.t).toEqual(a.t);
  expect(b.date).toEqual(a.date);
  expect(b.in_est).toEqual(a.in_est);
  for (const col of ['ri', 'rm', 'ar', 'rm_dev', 'n', 'df', 'alpha', 'beta', 'r2', 's2', 'ssm'] as const) {
    const [x, y] = [a[col], b[col]];
    expect(y.length, col).toBe(x.length);
    for (let i = 0; i < x.length; i++) {
      const [u, v] = [x[i] as number | null, y[i] as number | null];
      if (u === null || v === null) expect(v, `${col}[${i}]`).toBe(u);
      else expect(Math.abs(u - v) <= 1e-12 * Math.max(1, Math.abs(u)) + 1e-15, `${col}[${i}] ${u} vs ${v}`).toBe(true);
    }
  }
}

describe('typed engine equals the SQL engine on real data', () => {
  for (const [model, returns] of [['market', 'simple'], ['constant_mean', 'simple'], ['market_adjusted', 'simple'], ['market', 'log']] as const) {
    it(`${model}, ${returns} returns`, async () => {
      const req: AbnormalReturnRequest = { items, model, returns, estimation: [-250, -11], window: [-5, 5] };
      const sql = await new StoreAbnormalReturns(store).abnormalReturns(req);
      const typed = await new TypedAbnormalReturns(new SeriesCache(new StoreDailyCloses(store)), async () => 'v').abnormalReturns(req);
      expect(sql.key.length).toBeGreaterThan(30 * 251);
      expectSame(sql, typed);
    });
  }
});
