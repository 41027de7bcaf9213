/** GET /v1/prices/{symbol} over real shared files (PANW, CHKP, SPY, ^GSPC). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DailyBar } from '../../src/market/price-reader.js';
import { addDays } from '../../src/domain/trading-calendar.js';
import { readSharedDaily } from '../helpers/fixtures.js';
import { appWithSharedSubset, type TestApp } from '../helpers/app.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { expectProblem } from '../helpers/problem.js';
import { removeTempDirs } from '../helpers/tmp.js';

type PricesOut = { symbol: string; from: string; to: string; bars: DailyBar[] };

let t: TestApp;
beforeAll(async () => {
  t = await appWithSharedSubset();
});
afterAll(() => {
  t?.store.close();
  removeTempDirs();
});

async function prices(path: string): Promise<PricesOut> {
  const res = await t.app.request(path);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as PricesOut;
}

describe.skipIf(!HAS_SHARED)('GET /v1/prices/{symbol} (real data)', () => {
  it('PANW 2026-01-12..15: the CSV closes, and the 2026-01-14 simple return from the CSV rows', async () => {
    const rows = readSharedDaily('PANW');
    const i = rows.findIndex((r) => r.date === '2026-01-14');
    expect(i).toBeGreaterThan(0);
    const close = Number(rows[i]!.close);
    const prevClose = Number(rows[i - 1]!.close);

    const body = await prices('/v1/prices/PANW?from=2026-01-12&to=2026-01-15');
    expect(body).toMatchObject({ symbol: 'PANW', from: '2026-01-12', to: '2026-01-15' });
    const inRange = rows.filter((r) => (r.date ?? '') >= '2026-01-12' && (r.date ?? '') <= '2026-01-15');
    expect(body.bars.map((b) => b.date)).toEqual(inRange.map((r) => r.date));
    expect(body.bars.map((b) => b.close)).toEqual(inRange.map((r) => Number(r.close)));
    expect(body.bars.map((b) => b.open)).toEqual(inRange.map((r) => Number(r.open)));

    const day = body.bars.find((b) => b.date === '2026-01-14')!;
    expect(day.close).toBe(close);
    expect(day.adj_close).toBe(close);
    expect(day.simple_return).toBeCloseTo(close / prevClose - 1, 12);
    expect(day.log_return).toBeCloseTo(Math.log(close / prevClose), 12);
  });

  it('the first bar in range has a return from the stored row before the range', async () => {
    const rows = readSharedDaily('PANW');
    const i = rows.findIndex((r) => r.date === '2026-01-12');
    const body = await prices('/v1/prices/PANW?from=2026-01-12&to=2026-01-12');
    expect(body.bars).toHaveLength(1);
    expect(body.bars[0]!.simple_return).toBeCloseTo(Number(rows[i]!.close) / Number(rows[i - 1]!.close) - 1, 12);
  });

  it('the first stored bar has no return', async () => {
    const body = await prices('/v1/prices/PANW?from=2018-01-01&to=2018-01-03');
    expect(body.bars.map((b) => b.date)).toEqual(['2018-01-02', '2018-01-03']);
    expect(body.bars[0]!.simple_return).toBeNull();
    expect(body.bars[0]!.log_return).toBeNull();
    expect(body.bars[1]!.simple_return).not.toBeNull();
  });

  it('close-only CHKP: null open/high/low, closes from the CSV', async () => {
    const rows = readSharedDaily('CHKP').filter((r) => (r.date ?? '') >= '2026-01-12' && (r.date ?? '') <= '2026-01-15');
    const body = await prices('/v1/prices/CHKP?from=2026-01-12&to=2026-01-15');
    expect(body.bars.map((b) => [b.date, b.open, b.high, b.low, b.close])).toEqual(
      rows.map((r) => [r.date, null, null, null, Number(r.close)]),
    );
  });

  it('a lower-case symbol and the URL-encoded index ^GSPC', async () => {
    expect((await prices('/v1/prices/panw?from=2026-01-14&to=2026-01-14')).symbol).toBe('PANW');
    const rows = readSharedDaily('^GSPC').filter((r) => r.date === '2026-01-14');
    const gspc = await prices('/v1/prices/%5EGSPC?from=2026-01-14&to=2026-01-14');
    expect(gspc.symbol).toBe('^GSPC');
    expect(gspc.bars.map((b) => b.close)).toEqual(rows.map((r) => Number(r.close)));
  });

  it('defaults: to = the last stored date, from = a year before it', async () => {
    const rows = readSharedDaily('SPY');
    const last = rows.at(-1)!.date!;
    const body = await prices('/v1/prices/SPY');
    expect(body.to).toBe(last);
    expect(body.from).toBe(addDays(last, -365));
    expect(body.bars.at(-1)!.date).toBe(last);
    expect(body.bars.length).toBe(rows.filter((r) => (r.date ?? '') >= body.from && (r.date ?? '') <= last).length);
  });

  it('a range with no trading day (a weekend) gives no bars', async () => {
    const body = await prices('/v1/prices/PANW?from=2026-01-17&to=2026-01-18');
    expect(body.bars).toEqual([]);
  });

  it('from after to is 400 problem+json naming `from`', async () => {
    const body = await expectProblem(await t.app.request('/v1/prices/PANW?from=2026-01-15&to=2026-01-12'), 400);
    expect(body.errors?.map((e) => e.field)).toEqual(['from']);
  });
});

describe('GET /v1/prices/{symbol} errors', () => {
  it('an unknown symbol is 404 problem+json', async () => {
    const body = await expectProblem(await t.app.request('/v1/prices/ZZZZ?from=2026-01-12&to=2026-01-15'), 404);
    expect(body.detail).toContain('ZZZZ');
    expect(body.instance).toBe('/v1/prices/ZZZZ');
  });

  it('a date that does not exist is 400 listing the field', async () => {
    const body = await expectProblem(await t.app.request('/v1/prices/PANW?from=2026-02-30&to=2026-03-01'), 400);
    expect(body.errors?.map((e) => e.field)).toEqual(['from']);
  });

  it('a date in another format is 400 listing the field', async () => {
    const body = await expectProblem(await t.app.request('/v1/prices/PANW?from=2026-01-12&to=01/15/2026'), 400);
    expect(body.errors?.map((e) => e.field)).toEqual(['to']);
  });

  it('a symbol that is not a ticker is 400 listing the field', async () => {
    const body = await expectProblem(await t.app.request('/v1/prices/PA%24NW'), 400);
    expect(body.errors?.map((e) => e.field)).toEqual(['symbol']);
  });
});
