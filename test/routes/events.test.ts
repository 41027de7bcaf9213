/** GET /v1/events and /v1/events/{id}: filters, day 0, and problem+json errors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalog, type PolicyEvent } from '../../src/domain/events.js';
import { appWithSharedSubset, type TestApp } from '../helpers/app.js';
import { HAS_SHARED, ROOT } from '../helpers/paths.js';
import { expectProblem } from '../helpers/problem.js';
import { removeTempDirs } from '../helpers/tmp.js';

const catalog = parseCatalog(JSON.parse(readFileSync(join(ROOT, 'data/events.json'), 'utf8')));
const HEADLINE = 'china-cybersecurity-software-ban-2026';

type DayZero = { date: string; session: string | null; rule: string };
type EventOut = PolicyEvent & { day_zero: DayZero };
type ListOut = { count: number; events: EventOut[] };

/** The catalog's ids matching `keep`, oldest first (ties by id), as the route orders them. */
const expectedIds = (keep: (e: PolicyEvent) => boolean) =>
  catalog.events
    .filter(keep)
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
    .map((e) => e.id);

let t: TestApp;
beforeAll(async () => {
  t = await appWithSharedSubset();
});
afterAll(() => {
  t?.store.close();
  removeTempDirs();
});

async function list(query = ''): Promise<ListOut> {
  const res = await t.app.request(`/v1/events${query}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as ListOut;
  expect(body.count).toBe(body.events.length);
  return body;
}

describe('GET /v1/events', () => {
  it('lists every catalog event oldest first, each with a day_zero', async () => {
    const body = await list();
    expect(body.events.map((e) => e.id)).toEqual(expectedIds(() => true));
    for (const e of body.events) {
      expect(e.day_zero.date >= e.date, e.id).toBe(true);
      expect(typeof e.day_zero.rule).toBe('string');
    }
  });

  it('filters by country (case-insensitive)', async () => {
    const cn = expectedIds((e) => e.country === 'CN');
    expect(cn.length).toBeGreaterThan(0);
    expect((await list('?country=CN')).events.map((e) => e.id)).toEqual(cn);
    expect((await list('?country=cn')).events.map((e) => e.id)).toEqual(cn);
    expect((await list('?country=US')).events.map((e) => e.id)).toEqual(expectedIds((e) => e.country === 'US'));
    expect(await list('?country=FR')).toEqual({ count: 0, events: [] });
  });

  it('filters by affected symbol (case-insensitive)', async () => {
    const panw = expectedIds((e) => e.securities.some((s) => s.symbol === 'PANW'));
    expect(panw).toContain(HEADLINE);
    expect((await list('?symbol=panw')).events.map((e) => e.id)).toEqual(panw);
    const nvda = expectedIds((e) => e.securities.some((s) => s.symbol === 'NVDA'));
    expect(nvda.length).toBeGreaterThan(1);
    expect((await list('?symbol=NVDA')).events.map((e) => e.id)).toEqual(nvda);
  });

  it('filters by date range, bounds inclusive, and combines filters', async () => {
    expect((await list('?from=2026-01-14&to=2026-01-14')).events.map((e) => e.id)).toEqual([HEADLINE]);
    expect((await list('?from=2025-01-01')).events.map((e) => e.id)).toEqual(expectedIds((e) => e.date >= '2025-01-01'));
    expect((await list('?to=2022-12-31')).events.map((e) => e.id)).toEqual(expectedIds((e) => e.date <= '2022-12-31'));
    expect((await list('?country=US&symbol=NVDA&from=2023-01-01&to=2025-12-31')).events.map((e) => e.id)).toEqual(
      expectedIds(
        (e) => e.country === 'US' && e.securities.some((s) => s.symbol === 'NVDA') && e.date >= '2023-01-01' && e.date <= '2025-12-31',
      ),
    );
  });

  it('rejects a bad country with 400 problem+json naming the field', async () => {
    const body = await expectProblem(await t.app.request('/v1/events?country=CHN'), 400);
    expect(body.errors?.map((e) => e.field)).toEqual(['country']);
    expect(body.detail).toContain('country');
    expect(body.instance).toBe('/v1/events');
  });

  it('lists every bad field at once (country, from, to, symbol)', async () => {
    const body = await expectProblem(await t.app.request('/v1/events?country=1&from=2026-02-30&to=tomorrow&symbol=$$'), 400);
    expect(body.errors?.map((e) => e.field).sort()).toEqual(['country', 'from', 'symbol', 'to']);
  });
});

describe('GET /v1/events/{id}', () => {
  it('returns the headline event with day_zero 2026-01-14 (pre)', async () => {
    const res = await t.app.request(`/v1/events/${HEADLINE}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as EventOut;
    expect(body.id).toBe(HEADLINE);
    expect(body.date).toBe('2026-01-14');
    expect(body.country).toBe('CN');
    expect(body.securities.map((s) => s.symbol)).toContain('PANW');
    expect(body.day_zero).toEqual({ date: '2026-01-14', session: 'pre', rule: 'before the open: same day' });
  });

  it.skipIf(!HAS_SHARED)('gives day 0 on the stored calendar: Micron (Sun 2023-05-21) -> 2023-05-22; FCC (post, Fri) -> Mon', async () => {
    const micron = (await (await t.app.request('/v1/events/micron-cac-review-2023')).json()) as EventOut;
    expect(micron.day_zero).toMatchObject({ date: '2023-05-22', session: 'closed' });
    const fcc = (await (await t.app.request('/v1/events/fcc-huawei-zte-equipment-ban-2022')).json()) as EventOut;
    expect(fcc.day_zero).toMatchObject({ date: '2022-11-28', session: 'post' });
  });

  it('an unknown id is 404 problem+json', async () => {
    const body = await expectProblem(await t.app.request('/v1/events/no-such-event-2099'), 404);
    expect(body.detail).toContain('no-such-event-2099');
    expect(body.instance).toBe('/v1/events/no-such-event-2099');
  });

  it('an id that is not a slug is 400 problem+json naming the id', async () => {
    const body = await expectProblem(await t.app.request('/v1/events/Not_A_Slug'), 400);
    expect(body.errors?.map((e) => e.field)).toEqual(['id']);
  });
});
