/**
 * The one error model: RFC 9457 application/problem+json with type, title, status, detail and
 * instance (and `errors` for 400), for every status the API produces — and no stack traces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_STUDY_BODY_BYTES, createApp } from '../../src/app.js';
import type { PriceReader } from '../../src/market/price-reader.js';
import { HEADLINE, TEST_API_KEY, apiApp, apiEvent, bearer, jsonInit, type ApiApp } from '../helpers/contract-app.js';
import { expectNoStackTrace, expectProblemShape } from '../helpers/problem-shape.js';
import type { ProblemBody } from '../helpers/problem.js';
import { hasSharedData } from '../helpers/shared-data.js';
import { memoryStore } from '../helpers/store.js';

const SYMBOLS = ['PANW', 'FTNT', 'SPY', 'CIBR', 'MU', 'SMH'];

let t: ApiApp;
let readonly: ApiApp;
beforeAll(async () => {
  if (!hasSharedData) return;
  t = await apiApp({ apiKey: TEST_API_KEY, symbols: SYMBOLS });
  readonly = await apiApp({ store: t.store });
});
afterAll(() => t?.store.close());

const STUDY = `/v1/events/${HEADLINE}/study`;
const studies = (body: unknown, query = '') => t.app.request(`/v1/studies${query}`, jsonInit('POST', body));
const fields = (p: ProblemBody) => (p.errors ?? []).map((e) => e.field).sort();

/** Problems seen across this file, by status: their types and titles must be consistent. */
const seen: ProblemBody[] = [];
async function problem(res: Response | Promise<Response>, status: number, path: string): Promise<ProblemBody> {
  const body = await expectProblemShape(await res, status, path);
  seen.push(body);
  return body;
}

describe.skipIf(!hasSharedData)('400: every bad field, with why', () => {
  it('bad query parameters: each one listed', async () => {
    const p = await problem(t.app.request('/v1/events?country=1&from=2026-02-30&to=tomorrow&symbol=$$'), 400, '/v1/events');
    expect(fields(p)).toEqual(['country', 'from', 'symbol', 'to']);
    expect(p.detail).toMatch(/^4 invalid fields/);
  });

  it('a bad path parameter', async () => {
    const p = await problem(t.app.request('/v1/prices/PA$NW'), 400, '/v1/prices/PA$NW');
    expect(fields(p)).toEqual(['symbol']);
  });

  it('study query parameters: every bad one listed in one answer (schema fields and window rules alike)', async () => {
    const p = await problem(t.app.request(`${STUDY}?model=garch&roles=ceo&window=abc&estimation=9,1&returns=pct`), 400, STUDY);
    expect(fields(p)).toEqual(['estimation', 'model', 'returns', 'roles', 'window']);
    expect(p.errors!.every((e) => e.message.length > 3)).toBe(true);
  });

  it('a study body: a bad symbol and a reversed window are listed together', async () => {
    const p = await problem(studies({ securities: [{ symbol: '$$', date: '2023-05-22' }], window: [5, -5] }), 400, '/v1/studies');
    expect(fields(p)).toEqual(['securities.0.symbol', 'window']);
  });

  it('a bad JSON body: every bad field of every security', async () => {
    const p = await problem(
      studies({ securities: [{ symbol: '$$', date: '2026-13-01' }, { symbol: 'MU', announced_at: 'soon' }], model: 'garch', window: [1] }),
      400,
      '/v1/studies',
    );
    expect(fields(p)).toEqual(expect.arrayContaining(['securities.0.symbol', 'securities.0.date', 'securities.1.announced_at', 'model', 'window']));
  });

  it('limits, each with a clear error: securities per study, CAR windows, window and estimation lengths, min_obs', async () => {
    const many = { securities: Array.from({ length: 10_001 }, (_, i) => ({ symbol: 'MU', date: `2023-0${(i % 9) + 1}-15` })) };
    const a = await problem(studies(many), 413, '/v1/studies');
    expect(a.detail).toMatch(/10001 security-events; one request takes at most 10000/);

    const cars = Array.from({ length: 21 }, () => [0, 0]);
    const b = await problem(studies({ securities: [{ symbol: 'MU', date: '2023-05-22' }], car: cars }), 400, '/v1/studies');
    expect(fields(b)).toContain('car');

    const c = await problem(t.app.request(`${STUDY}?window=-100,100`), 400, STUDY);
    expect(c.errors!.find((e) => e.field === 'window')?.message).toMatch(/121/);

    const d = await problem(t.app.request(`${STUDY}?estimation=-2000,-11`), 400, STUDY);
    expect(d.errors!.find((e) => e.field === 'estimation')?.message).toMatch(/1000/);

    const e = await problem(t.app.request(`${STUDY}?estimation=-50,-11&min_obs=100`), 400, STUDY);
    expect(fields(e)).toEqual(['min_obs']);
  });

  it('semantic 400s list their field too: from after to, PUT id mismatch, a CAR window outside the event window', async () => {
    const a = await problem(t.app.request('/v1/prices/PANW?from=2026-01-15&to=2026-01-12'), 400, '/v1/prices/PANW');
    expect(fields(a)).toEqual(['from']);
    const b = await problem(t.app.request('/v1/events/problems-x', jsonInit('PUT', apiEvent('problems-y'), bearer())), 400, '/v1/events/problems-x');
    expect(fields(b)).toEqual(['id']);
    const c = await problem(t.app.request(`${STUDY}?window=-2,2&car=-5,5`), 400, STUDY);
    expect(fields(c)).toEqual(['car.0']);
  });

  it('a malformed JSON body is a 400 in the same model: "Invalid request" with an errors entry for the body', async () => {
    const p = await problem(t.app.request('/v1/studies', jsonInit('POST', '{"securities": [')), 400, '/v1/studies');
    expect(p.title).toBe('Invalid request');
  });

  it('every 400 has the same type and title', () => {
    const bad = seen.filter((p) => p.status === 400);
    expect(bad.length).toBeGreaterThan(5);
    expect(new Set(bad.map((p) => `${p.type} | ${p.title}`))).toEqual(new Set(['https://market-impact.dev/problems/invalid-request | Invalid request']));
  });
});

describe.skipIf(!hasSharedData)('401, 403, 404, 409', () => {
  it('401: a write without a valid Bearer key', async () => {
    const p = await problem(t.app.request('/v1/events', jsonInit('POST', apiEvent('problems-401'))), 401, '/v1/events');
    expect(p.detail).toMatch(/Authorization: Bearer/);
    const q = await problem(t.app.request('/v1/events/problems-401', { method: 'DELETE', headers: { authorization: 'Bearer nope' } }), 401, '/v1/events/problems-401');
    expect(q.detail).not.toContain(TEST_API_KEY);
  });

  it('403: writes on a server without API_KEY', async () => {
    const p = await problem(readonly.app.request('/v1/events', jsonInit('POST', apiEvent('problems-403'), bearer())), 403, '/v1/events');
    expect(p.detail).toMatch(/API_KEY/);
  });

  it('404: unknown route, method, event, event study, symbol', async () => {
    await problem(t.app.request('/v1/nope'), 404, '/v1/nope');
    await problem(t.app.request('/health', { method: 'PATCH' }), 404, '/health');
    const e = await problem(t.app.request('/v1/events/no-such-event-2099'), 404, '/v1/events/no-such-event-2099');
    expect(e.detail).toContain('no-such-event-2099');
    await problem(t.app.request('/v1/events/no-such-event-2099/study'), 404, '/v1/events/no-such-event-2099/study');
    const s = await problem(t.app.request('/v1/prices/ZZZZ'), 404, '/v1/prices/ZZZZ');
    expect(s.detail).toContain('ZZZZ');
  });

  it('409: duplicate id, and changes to a catalog event', async () => {
    await problem(t.app.request('/v1/events', jsonInit('POST', apiEvent(HEADLINE), bearer())), 409, '/v1/events');
    const p = await problem(t.app.request(`/v1/events/${HEADLINE}`, { method: 'DELETE', headers: bearer() }), 409, `/v1/events/${HEADLINE}`);
    expect(p.detail).toMatch(/catalog/);
  });
});

describe.skipIf(!hasSharedData)('413: bodies over 256 KiB', () => {
  const big = (n: number) => JSON.stringify({ securities: [{ symbol: 'MU', date: '2023-05-22' }], pad: 'x'.repeat(n) });

  it('with Content-Length (POST studies, POST and PUT events), and streamed without it', async () => {
    expect(MAX_BODY_BYTES).toBe(256 * 1024);
    expect(MAX_STUDY_BODY_BYTES).toBe(4 * 1024 * 1024); // a study takes up to 10,000 security-events
    const body = big(MAX_BODY_BYTES);
    const studyBody = big(MAX_STUDY_BODY_BYTES);
    const p = await problem(
      t.app.request('/v1/studies', { method: 'POST', body: studyBody, headers: { 'content-type': 'application/json', 'content-length': String(studyBody.length) } }),
      413,
      '/v1/studies',
    );
    expect(p.detail).toMatch(/4096 KiB/);
    await problem(t.app.request('/v1/studies', { method: 'POST', body: studyBody, headers: { 'content-type': 'application/json' } }), 413, '/v1/studies');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
        for (let i = 0; i < 65; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    await problem(
      t.app.request('/v1/studies', { method: 'POST', body: stream, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit),
      413,
      '/v1/studies',
    );
    await problem(t.app.request('/v1/events', { method: 'POST', body, headers: { 'content-type': 'application/json', ...bearer() } }), 413, '/v1/events');
    await problem(t.app.request('/v1/events/problems-big', { method: 'PUT', body, headers: { 'content-type': 'application/json', ...bearer() } }), 413, '/v1/events/problems-big');
  });

  it('a body just under the limit is read (here: a 400 for its bad field, not a 413)', async () => {
    const body = JSON.stringify({ securities: [{ symbol: '$$', date: '2023-05-22' }], pad: 'x'.repeat(MAX_BODY_BYTES - 200) });
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const p = await problem(studies(body), 400, '/v1/studies');
    expect(fields(p)).toEqual(['securities.0.symbol']);
  });
});

describe.skipIf(!hasSharedData)('422: a study that cannot be computed, with the reason per security', () => {
  it('POST /v1/studies with no stored prices for the symbols or the benchmark', async () => {
    const p = await problem(
      studies({
        securities: [
          { symbol: 'ZZZZ', date: '2026-01-14' },
          { symbol: 'YYYY', date: '2025-06-02' },
          { symbol: 'PANW', date: '2026-01-14', benchmark: 'QQQQ' },
        ],
      }),
      422,
      '/v1/studies',
    );
    expect(p.title).toBe('Study cannot be computed');
    const securities = p.securities as { symbol: string; day0: string | null; reason: string }[];
    expect(securities.map((s) => s.symbol)).toEqual(['ZZZZ', 'YYYY', 'PANW']);
    expect(securities[0]!.reason).toMatch(/ZZZZ/);
    expect(securities[1]!.reason).toMatch(/YYYY/);
    expect(securities[2]!.reason).toMatch(/QQQQ/);
    expect(securities.map((s) => s.day0)).toEqual(['2026-01-14', '2025-06-02', '2026-01-14']);
  });

  it('a date after the stored prices end', async () => {
    const p = await problem(studies({ benchmark: 'SPY', securities: [{ symbol: 'PANW', date: '2030-01-15' }] }), 422, '/v1/studies');
    expect((p.securities as { reason: string }[])[0]!.reason).toMatch(/PANW prices end/);
  });

  it('an event study whose roles filter leaves only non-US listings without stored prices', async () => {
    const path = `${STUDY}`;
    const p = await problem(t.app.request(`${path}?roles=domestic_beneficiary`), 422, path);
    const securities = p.securities as { symbol: string; reason: string }[];
    expect(securities.length).toBeGreaterThan(0);
    for (const s of securities) expect(s.reason, s.symbol).toBe(`no stored prices for ${s.symbol}`);
  });
});

describe('503 and 500', () => {
  it('503: /health when the database is closed', async () => {
    const closed = await apiApp({ store: await memoryStore() });
    closed.store.close();
    const p = await problem(closed.app.request('/health'), 503, '/health');
    expect(p.title).toBe('Service unavailable');
  });

  it('a closed database on the data routes is a 503 problem too, not an opaque 500', async () => {
    const closed = await apiApp({ store: await memoryStore() });
    closed.store.close();
    for (const path of ['/v1/events', '/v1/prices/PANW', STUDY]) await problem(closed.app.request(path), 503, path);
  });

  it('500: an unexpected failure is a generic problem; the cause goes to the log with the request id, not to the client', async () => {
    const base = await apiApp({ store: await memoryStore() });
    const secret = 'secret-detail-42';
    const failing: PriceReader = {
      ...base.deps.prices,
      status: () => base.deps.prices.status(),
      tradingDates: (s) => base.deps.prices.tradingDates(s),
      dataVersion: () => base.deps.prices.dataVersion(),
      daily: (s, f, to) => base.deps.prices.daily(s, f, to),
      securities: async () => {
        throw new TypeError(`${secret}: cannot read properties of undefined`);
      },
    };
    const logs: Record<string, unknown>[] = [];
    const app = createApp({ ...base.deps, prices: failing, log: (l) => logs.push(l) });
    const res = await app.request('/v1/prices/PANW');
    const text = await res.clone().text();
    const p = await problem(res, 500, '/v1/prices/PANW');
    expect(p.title).toBe('Internal Server Error');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('TypeError');
    const id = res.headers.get('x-request-id');
    const error = logs.find((l) => l.level === 'error');
    expect(error).toMatchObject({ request_id: id, path: '/v1/prices/PANW' });
    expect(String(error!.error)).toContain(secret);
    // One structured line per request, with status and duration.
    expect(logs.filter((l) => l.status !== undefined)).toEqual([expect.objectContaining({ request_id: id, method: 'GET', status: 500, ms: expect.any(Number) })]);
    base.store.close();
  });
});

describe.skipIf(!hasSharedData)('consistency across statuses', () => {
  it('each status has one type and one title, types are URIs, and no body carried a stack trace', () => {
    const byStatus = new Map<number, Set<string>>();
    for (const p of seen) {
      const set = byStatus.get(p.status) ?? new Set<string>();
      set.add(`${p.type} | ${p.title}`);
      byStatus.set(p.status, set);
      expectNoStackTrace(JSON.stringify(p), `${p.status} ${p.instance}`);
    }
    expect([...byStatus.keys()].sort()).toEqual(expect.arrayContaining([400, 401, 403, 404, 409, 413, 422, 503]));
    for (const [status, kinds] of byStatus) expect([...kinds], `status ${status}`).toHaveLength(1);
    const types = [...byStatus.values()].map((k) => [...k][0]!.split(' | ')[0]);
    expect(new Set(types).size, 'distinct statuses have distinct types').toBe(types.length);
  });
});
