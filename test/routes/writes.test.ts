/**
 * Protected writes: POST/PUT/DELETE /v1/events. Auth on every write (403 without a configured
 * key, 401 without a valid Bearer token), status codes of each outcome, studies of API events,
 * and no half-written state after a failed write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADLINE, TEST_API_KEY, apiApp, apiEvent, bearer, jsonInit, oversized, type ApiApp } from '../helpers/contract-app.js';
import { expectProblemShape } from '../helpers/problem-shape.js';
import { hasSharedData } from '../helpers/shared-data.js';

type EventOut = ReturnType<typeof apiEvent> & { day_zero: { date: string; session: string | null; rule: string }; origin: string };
type ListOut = { count: number; events: EventOut[] };
type StudyOut = {
  event: { id: string; title: string; date: string };
  params: { benchmark: string };
  securities: { symbol: string; status: string; benchmark: string; cars?: { car: number | null }[] }[];
};

const SYMBOLS = ['PANW', 'FTNT', 'SPY', 'QQQ', 'CIBR'];

let w: ApiApp; // writes enabled
let r: ApiApp; // same store, no API key configured
beforeAll(async () => {
  if (!hasSharedData) return;
  w = await apiApp({ apiKey: TEST_API_KEY, symbols: SYMBOLS });
  r = await apiApp({ store: w.store });
});
afterAll(() => w?.store.close());

let n = 0;
const newId = (stem = 'w') => `writes-${stem}-${++n}`;

const post = (body: unknown, headers: Record<string, string> = bearer(), app = w) => app.app.request('/v1/events', jsonInit('POST', body, headers));
const put = (id: string, body: unknown, headers: Record<string, string> = bearer(), app = w) =>
  app.app.request(`/v1/events/${id}`, jsonInit('PUT', body, headers));
const del = (id: string, headers: Record<string, string> = bearer(), app = w) => app.app.request(`/v1/events/${id}`, { method: 'DELETE', headers });

async function create(id = newId()): Promise<string> {
  const res = await post(apiEvent(id));
  expect(res.status, await res.clone().text()).toBe(201);
  return id;
}
async function list(): Promise<ListOut> {
  const res = await w.app.request('/v1/events');
  expect(res.status).toBe(200);
  return (await res.json()) as ListOut;
}
async function eventCount(): Promise<number> {
  return ((await (await w.app.request('/health')).json()) as { events: number }).events;
}

describe.skipIf(!hasSharedData)('writes are disabled without a configured API key', () => {
  it('POST, PUT and DELETE answer 403 problem+json, with or without credentials', async () => {
    const id = newId('ro');
    for (const headers of [{}, bearer(), { authorization: 'Bearer anything' }]) {
      const a = await expectProblemShape(await post(apiEvent(id), headers, r), 403, '/v1/events');
      expect(a.detail).toMatch(/API_KEY/);
      await expectProblemShape(await put(id, apiEvent(id), headers, r), 403, `/v1/events/${id}`);
      await expectProblemShape(await del(id, headers, r), 403, `/v1/events/${id}`);
    }
    expect((await r.app.request(`/v1/events/${id}`)).status).toBe(404);
  });

  it('reads stay public on the read-only server', async () => {
    expect((await r.app.request('/v1/events')).status).toBe(200);
    expect((await r.app.request(`/v1/events/${HEADLINE}`)).status).toBe(200);
  });
});

describe.skipIf(!hasSharedData)('writes need Authorization: Bearer <API_KEY>', () => {
  const bad: [string, Record<string, string>][] = [
    ['no header', {}],
    ['wrong key', { authorization: 'Bearer wrong-key' }],
    ['key with a suffix', { authorization: `Bearer ${TEST_API_KEY}x` }],
    ['key prefix only', { authorization: `Bearer ${TEST_API_KEY.slice(0, -1)}` }],
    ['Basic scheme with the key', { authorization: `Basic ${Buffer.from(`user:${TEST_API_KEY}`).toString('base64')}` }],
    ['Basic scheme with the raw key', { authorization: `Basic ${TEST_API_KEY}` }],
    ['key without a scheme', { authorization: TEST_API_KEY }],
    ['empty Bearer', { authorization: 'Bearer ' }],
    ['key in another header', { 'x-api-key': TEST_API_KEY }],
  ];

  for (const [name, headers] of bad) {
    it(`${name}: 401 on POST, PUT and DELETE, with WWW-Authenticate: Bearer`, async () => {
      const existing = await create();
      const id = newId('unauth');
      for (const [res, path] of [
        [await post(apiEvent(id), headers), '/v1/events'],
        [await put(existing, apiEvent(existing, { title: 'changed' }), headers), `/v1/events/${existing}`],
        [await del(existing, headers), `/v1/events/${existing}`],
      ] as const) {
        expect(res.headers.get('www-authenticate') ?? '').toMatch(/^Bearer\b/);
        await expectProblemShape(res, 401, path);
      }
      // Nothing happened.
      expect((await w.app.request(`/v1/events/${id}`)).status).toBe(404);
      const after = (await (await w.app.request(`/v1/events/${existing}`)).json()) as EventOut;
      expect(after.title).toBe(apiEvent(existing).title);
    });
  }

  it('the scheme name is case-insensitive (RFC 9110 §11.1): "bearer <key>" is accepted', async () => {
    const res = await post(apiEvent(newId('lower')), { authorization: `bearer ${TEST_API_KEY}` });
    expect(res.status).toBe(201);
  });
});

describe.skipIf(!hasSharedData)('create, read, replace, delete', () => {
  it('POST is 201 with a Location header; the event reads back with origin "api" and its day 0', async () => {
    const id = newId('crud');
    const body = apiEvent(id);
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/events/${id}`);
    const created = (await res.json()) as EventOut;
    expect(created).toMatchObject({ ...body, origin: 'api' });
    expect(created.day_zero).toMatchObject({ date: '2026-01-14', session: 'pre' });

    const got = (await (await w.app.request(res.headers.get('location')!)).json()) as EventOut;
    expect(got).toEqual(created);
    const listed = (await list()).events.find((e) => e.id === id);
    expect(listed).toEqual(created);
    expect((await (await w.app.request('/v1/events?symbol=ftnt&from=2026-01-14&to=2026-01-14')).json() as ListOut).events.map((e) => e.id)).toContain(id);
  });

  it('the catalog listing (kept between writes) shows every write at once, filtered listings too', async () => {
    const id = newId('listing');
    const ftnt = '/v1/events?symbol=FTNT';
    const titles = async (path = '/v1/events') =>
      ((await (await w.app.request(path)).json()) as ListOut).events.filter((e) => e.id === id).map((e) => e.title);
    expect(await titles()).toEqual([]);
    expect(await titles(ftnt)).toEqual([]);
    await create(id);
    expect(await titles()).toEqual([apiEvent(id).title]);
    expect(await titles(ftnt)).toEqual([apiEvent(id).title]);
    expect((await put(id, apiEvent(id, { title: 'Listed again' }))).status).toBe(200);
    expect(await titles()).toEqual(['Listed again']);
    expect((await del(id)).status).toBe(204);
    expect(await titles()).toEqual([]);
    expect(await titles(ftnt)).toEqual([]);
  });

  it('POST with an id already used is 409: an API event and a catalog event', async () => {
    const id = await create();
    const a = await expectProblemShape(await post(apiEvent(id, { title: 'second' })), 409, '/v1/events');
    expect(a.detail).toContain(id);
    await expectProblemShape(await post(apiEvent(HEADLINE)), 409, '/v1/events');
    expect(((await (await w.app.request(`/v1/events/${id}`)).json()) as EventOut).title).toBe(apiEvent(id).title);
    expect(((await (await w.app.request(`/v1/events/${HEADLINE}`)).json()) as EventOut).origin).toBe('catalog');
  });

  it('PUT replaces an API event (200) and the change reads back', async () => {
    const id = await create();
    const res = await put(id, apiEvent(id, { title: 'Replaced', benchmarks: ['QQQ'] }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as EventOut).title).toBe('Replaced');
    const got = (await (await w.app.request(`/v1/events/${id}`)).json()) as EventOut;
    expect(got).toMatchObject({ title: 'Replaced', benchmarks: ['QQQ'], origin: 'api' });
  });

  it('PUT and DELETE of a catalog event are 409 and leave it unchanged', async () => {
    const before = await (await w.app.request(`/v1/events/${HEADLINE}`)).text();
    const a = await expectProblemShape(await put(HEADLINE, apiEvent(HEADLINE)), 409, `/v1/events/${HEADLINE}`);
    expect(a.detail).toMatch(/catalog/);
    await expectProblemShape(await del(HEADLINE), 409, `/v1/events/${HEADLINE}`);
    expect(await (await w.app.request(`/v1/events/${HEADLINE}`)).text()).toBe(before);
  });

  it('PUT with a body id that differs from the path id is 400 naming `id`', async () => {
    const id = await create();
    const other = newId('other');
    const body = await expectProblemShape(await put(id, apiEvent(other)), 400, `/v1/events/${id}`);
    expect(body.errors?.map((e) => e.field)).toEqual(['id']);
    expect((await w.app.request(`/v1/events/${other}`)).status).toBe(404);
  });

  it('PUT and DELETE of an unknown id are 404', async () => {
    const id = newId('missing');
    await expectProblemShape(await put(id, apiEvent(id)), 404, `/v1/events/${id}`);
    await expectProblemShape(await del(id), 404, `/v1/events/${id}`);
    expect((await w.app.request(`/v1/events/${id}`)).status).toBe(404); // PUT did not create it
  });

  it('DELETE is 204 with no body; then GET, PUT and DELETE are 404 and the list no longer has it', async () => {
    const id = await create();
    const res = await del(id);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    await expectProblemShape(await w.app.request(`/v1/events/${id}`), 404, `/v1/events/${id}`);
    await expectProblemShape(await del(id), 404, `/v1/events/${id}`);
    await expectProblemShape(await put(id, apiEvent(id)), 404, `/v1/events/${id}`);
    expect((await list()).events.map((e) => e.id)).not.toContain(id);
    // The id is free again.
    expect((await post(apiEvent(id))).status).toBe(201);
  });

  it('an invalid event is 400 listing every bad field', async () => {
    const body = {
      ...apiEvent('Not A Slug'),
      title: '',
      date: '2026-02-30',
      announced_at: 'yesterday',
      session: 'noon',
      country: 'china',
      securities: [{ symbol: 'panw', name: '', role: 'ceo', exchange: 'NASDAQ', listed_in_us: 'yes' }],
      benchmarks: [],
      sources: ['ftp://example.com/x'],
      notes: [''],
      colour: 'red',
    };
    const problem = await expectProblemShape(await post(body), 400, '/v1/events');
    const fields = problem.errors!.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'id',
        'title',
        'date',
        'announced_at',
        'session',
        'country',
        'securities.0.symbol',
        'securities.0.name',
        'securities.0.role',
        'securities.0.exchange',
        'securities.0.listed_in_us',
        'benchmarks',
        'sources.0',
        'notes.0',
      ]),
    );
    expect(problem.errors!.some((e) => e.message.includes('colour')), 'the unknown key is named').toBe(true);
    for (const f of ['id', 'date', 'country']) expect(problem.detail).toContain(f);
  });

  it('cross-field rules are 400 too: a weekday session on a Saturday, announced_at on another New York date, a duplicate symbol', async () => {
    const problem = await expectProblemShape(
      await post(
        apiEvent(newId('xfield'), {
          date: '2026-01-17',
          session: 'regular',
          announced_at: '2026-01-18T12:00:00Z',
          securities: [
            { symbol: 'PANW', name: 'Palo Alto Networks', role: 'named_firm', exchange: 'XNAS', listed_in_us: true },
            { symbol: 'PANW', name: 'Palo Alto Networks', role: 'peer', exchange: 'XNAS', listed_in_us: true },
          ],
        }),
      ),
      400,
      '/v1/events',
    );
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(['announced_at', 'securities.1.symbol', 'session']);
  });
});

describe.skipIf(!hasSharedData)('studies of API events', () => {
  it('GET /v1/events/{id}/study works for a new event, and a PUT changes the study and its ETag', async () => {
    const id = await create();
    const path = `/v1/events/${id}/study?car=0,0;0,1`;
    const first = await w.app.request(path);
    expect(first.status, await first.clone().text()).toBe(200);
    const etag1 = first.headers.get('etag')!;
    const s1 = (await first.json()) as StudyOut;
    expect(s1.event.id).toBe(id);
    expect(s1.params.benchmark).toBe('SPY');
    expect(s1.securities.map((s) => [s.symbol, s.status])).toEqual([
      ['PANW', 'ok'],
      ['FTNT', 'ok'],
    ]);
    expect((await w.app.request(path, { headers: { 'if-none-match': etag1 } })).status).toBe(304);

    expect((await put(id, apiEvent(id, { benchmarks: ['QQQ'] }))).status).toBe(200);
    const second = await w.app.request(path, { headers: { 'if-none-match': etag1 } });
    expect(second.status, 'the old ETag no longer matches').toBe(200);
    const etag2 = second.headers.get('etag')!;
    expect(etag2).not.toBe(etag1);
    const s2 = (await second.json()) as StudyOut;
    expect(s2.params.benchmark).toBe('QQQ');
    expect(s2.securities.every((s) => s.benchmark === 'QQQ')).toBe(true);
    expect(s2.securities[0]!.cars![0]!.car).not.toBe(s1.securities[0]!.cars![0]!.car);

    // A title-only change is a different event, so a different ETag too.
    expect((await put(id, apiEvent(id, { benchmarks: ['QQQ'], title: 'Renamed' }))).status).toBe(200);
    const third = await w.app.request(path);
    expect(third.headers.get('etag')).not.toBe(etag2);
    expect(((await third.json()) as StudyOut).event.title).toBe('Renamed');

    expect((await del(id)).status).toBe(204);
    await expectProblemShape(await w.app.request(path, { headers: { 'if-none-match': etag2 } }), 404, `/v1/events/${id}/study`);
  });

  it('an API event whose securities have no prices gives a 422 study listing each security', async () => {
    const id = newId('noprices');
    expect(
      (await post(apiEvent(id, { securities: [{ symbol: 'ZZZZ', name: 'Nobody', role: 'named_firm', exchange: 'XNAS', listed_in_us: true }] }))).status,
    ).toBe(201);
    const problem = await expectProblemShape(await w.app.request(`/v1/events/${id}/study`), 422, `/v1/events/${id}/study`);
    expect(problem.securities).toEqual([expect.objectContaining({ symbol: 'ZZZZ', reason: expect.stringContaining('ZZZZ') })]);
  });
});

describe.skipIf(!hasSharedData)('nothing half-written', () => {
  it('after every kind of failed write the list, the count and the existing event are unchanged', async () => {
    const existing = await create();
    const before = await list();
    const count = await eventCount();
    const existingBefore = await (await w.app.request(`/v1/events/${existing}`)).text();
    const fresh = newId('fail');

    const failures: [string, Response, number][] = [
      ['invalid body', await post(apiEvent(fresh, { date: 'never' })), 400],
      ['malformed JSON', await w.app.request('/v1/events', jsonInit('POST', `{"id":"${fresh}"`, bearer())), 400],
      ['no key', await post(apiEvent(fresh), {}), 401],
      ['writes disabled', await post(apiEvent(fresh), bearer(), r), 403],
      ['duplicate', await post(apiEvent(existing, { title: 'dup' })), 409],
      ['catalog id', await post(apiEvent(HEADLINE)), 409],
      ['oversized', await w.app.request('/v1/events', { method: 'POST', body: oversized(apiEvent(fresh)), headers: { 'content-type': 'application/json', ...bearer() } }), 413],
      ['PUT id mismatch', await put(existing, apiEvent(fresh)), 400],
      ['PUT invalid', await put(existing, apiEvent(existing, { country: 'xx', title: '' })), 400],
      ['PUT unknown', await put(fresh, apiEvent(fresh)), 404],
      ['PUT oversized', await w.app.request(`/v1/events/${existing}`, { method: 'PUT', body: oversized(apiEvent(existing)), headers: { 'content-type': 'application/json', ...bearer() } }), 413],
      ['PUT no key', await put(existing, apiEvent(existing, { title: 'nope' }), {}), 401],
      ['DELETE catalog', await del(HEADLINE), 409],
      ['DELETE no key', await del(existing, { authorization: 'Bearer nope' }), 401],
    ];
    for (const [name, res, status] of failures) expect(res.status, `${name}: ${await res.text()}`).toBe(status);

    expect(await list()).toEqual(before);
    expect(await eventCount()).toBe(count);
    expect(await (await w.app.request(`/v1/events/${existing}`)).text()).toBe(existingBefore);
    expect((await w.app.request(`/v1/events/${fresh}`)).status).toBe(404);
  });

  it('concurrent POSTs of one new id: exactly one 201, the others 409 (not 500), and one stored event', async () => {
    const id = newId('race');
    const results = await Promise.all(Array.from({ length: 4 }, () => post(apiEvent(id))));
    const statuses = results.map((res) => res.status).sort();
    expect(statuses, await Promise.all(results.map((res) => res.text())).then((t) => t.join('\n'))).toEqual([201, 409, 409, 409]);
    expect((await list()).events.filter((e) => e.id === id)).toHaveLength(1);
  });

  it('concurrent PUTs of one event: each is 200 or 409 (never 500), and the stored event is one of them', async () => {
    const id = await create();
    const titles = ['First', 'Second', 'Third'];
    const results = await Promise.all(titles.map((title) => put(id, apiEvent(id, { title }))));
    const bodies = await Promise.all(results.map((res) => res.text()));
    for (const [i, res] of results.entries()) expect([200, 409], bodies[i]).toContain(res.status);
    expect(results.some((res) => res.status === 200)).toBe(true);
    const stored = (await (await w.app.request(`/v1/events/${id}`)).json()) as EventOut;
    expect(titles.filter((_, i) => results[i]!.status === 200)).toContain(stored.title);
  });

  it('concurrent DELETEs of one event: one 204, the others 404 or 409 (never 500)', async () => {
    const id = await create();
    const results = await Promise.all(Array.from({ length: 3 }, () => del(id)));
    const statuses = results.map((res) => res.status);
    expect(statuses.filter((s) => s === 204), statuses.join(',')).toHaveLength(1);
    for (const s of statuses.filter((x) => x !== 204)) expect([404, 409], statuses.join(',')).toContain(s);
    expect((await w.app.request(`/v1/events/${id}`)).status).toBe(404);
  });
});
