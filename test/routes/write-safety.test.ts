/**
 * Writes are all or nothing (issue 14): a write that answers an error has stored nothing, a
 * stored event can always be read back, and a lost create race is a 409 that says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { TradingCalendar } from '../../src/domain/trading-calendar.js';
import { TEST_API_KEY, apiApp, apiEvent, bearer, jsonInit, type ApiApp } from '../helpers/contract-app.js';
import { expectProblemShape } from '../helpers/problem-shape.js';
import { hasSharedData } from '../helpers/shared-data.js';
import { rawRows, rawWrite } from '../helpers/store.js';

let w: ApiApp;
beforeAll(async () => {
  if (!hasSharedData) return;
  w = await apiApp({ apiKey: TEST_API_KEY, symbols: ['PANW', 'FTNT', 'SPY'] });
});
afterAll(() => w?.store.close());

const post = (body: unknown, app = w.app) => app.request('/v1/events', jsonInit('POST', body, bearer()));
const storedIds = async () => (await rawRows<{ id: string }>(w.store, 'SELECT id FROM user_events ORDER BY id')).map((r) => r.id);

describe.skipIf(!hasSharedData)('a failed event write stores nothing', () => {
  it('an event dated 9999-12-31 is 400; the catalog stays readable and a corrected retry is 201, not 409', async () => {
    const id = 'far-future-event';
    const before = await storedIds();
    const problem = await expectProblemShape(await post(apiEvent(id, { date: '9999-12-31', announced_at: null, session: null })), 400, '/v1/events');
    expect(problem.errors!.map((e) => e.field)).toEqual(['date']);
    expect(problem.detail).toMatch(/1900-01-01 to 2100-12-31/);
    expect(await storedIds()).toEqual(before);
    expect((await w.app.request('/v1/events')).status).toBe(200);
    await expectProblemShape(await w.app.request(`/v1/events/${id}`), 404, `/v1/events/${id}`);
    const retry = await post(apiEvent(id));
    expect(retry.status, await retry.clone().text()).toBe(201);
    expect((await w.app.request(`/v1/events/${id}/study`)).status).toBe(200);
  });

  it.each([
    ['announced_at in year 9999', { date: '2026-01-14', announced_at: '9999-01-14T06:10:00-05:00' }, 'announced_at'],
    ['announced_at in year 0050', { date: '2026-01-14', announced_at: '0050-01-14T06:10:00-05:00' }, 'announced_at'],
    ['a date in year 0100', { date: '0100-01-14', announced_at: null, session: null }, 'date'],
    ['a title with a lone surrogate', { title: 'a\ud800b' }, 'title'],
    ['a note with a lone low surrogate', { notes: ['x\udc00'] }, 'notes.0'],
    ['a 600-character title', { title: 'x'.repeat(600) }, 'title'],
    ['201 securities', { securities: Array.from({ length: 201 }, (_, i) => ({ symbol: `S${i}`, name: 'n', role: 'peer', exchange: 'XNAS', listed_in_us: true })) }, 'securities'],
    ['51 notes', { notes: Array.from({ length: 51 }, () => 'n') }, 'notes'],
  ])('%s is 400 naming the field, and nothing is stored', async (_name, overrides, field) => {
    const id = `bad-${field.replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
    const before = await storedIds();
    const problem = await expectProblemShape(await post(apiEvent(id, overrides)), 400, '/v1/events');
    expect(problem.errors!.map((e) => e.field)).toContain(field);
    expect(await storedIds()).toEqual(before);
  });

  it('an event whose fields are each in bounds but whose JSON exceeds 64 KiB is 400', async () => {
    const notes = Array.from({ length: 20 }, () => 'n'.repeat(3900));
    const problem = await expectProblemShape(await post(apiEvent('too-big-event', { notes })), 400, '/v1/events');
    expect(problem.detail).toMatch(/at most 65536/);
    await expectProblemShape(await w.app.request('/v1/events/too-big-event'), 404, '/v1/events/too-big-event');
  });

  it('a text with a valid surrogate pair (an emoji) is accepted and reads back unchanged', async () => {
    const res = await post(apiEvent('emoji-title-event', { title: 'Ban 🚫 announced' }));
    expect(res.status, await res.clone().text()).toBe(201);
    expect(((await (await w.app.request('/v1/events/emoji-title-event')).json()) as { title: string }).title).toBe('Ban 🚫 announced');
  });

  it('when day 0 cannot be resolved, POST and PUT answer 400 before writing anything', async () => {
    // A calendar whose data look wrong (no trading day anywhere): day 0 resolution throws.
    class NoTradingDays extends TradingCalendar {
      override isTradingDay(): boolean {
        return false;
      }
    }
    const broken = createApp({ ...w.deps, calendar: async () => new NoTradingDays([]) });
    const before = await storedIds();
    const problem = await expectProblemShape(await post(apiEvent('no-day-zero-event'), broken), 400, '/v1/events');
    expect(problem.detail).toMatch(/Day 0 .* cannot be resolved/);
    expect(await storedIds()).toEqual(before);

    expect((await post(apiEvent('day-zero-put-event'))).status).toBe(201);
    const stored = await (await w.app.request('/v1/events/day-zero-put-event')).text();
    const put = await broken.request('/v1/events/day-zero-put-event', jsonInit('PUT', apiEvent('day-zero-put-event', { title: 'changed' }), bearer()));
    await expectProblemShape(put, 400, '/v1/events/day-zero-put-event');
    expect(await (await w.app.request('/v1/events/day-zero-put-event')).text()).toBe(stored);
  });
});

describe.skipIf(!hasSharedData)('a stored event that fails validation does not poison the catalog', () => {
  it('the list leaves it out with a warning, GET says how to fix it (409), DELETE removes it, and the id can be reused', async () => {
    // As an older, looser schema could have stored it.
    const id = 'legacy-far-future';
    const body = JSON.stringify(apiEvent(id, { date: '9999-12-31', announced_at: null, session: null }));
    await rawWrite(w.store, 'INSERT INTO user_events VALUES ($id, $body::JSON, now(), now())', { id, body });

    const list = await w.app.request('/v1/events');
    expect(list.status).toBe(200);
    const listed = (await list.json()) as { events: { id: string }[]; warnings?: string[] };
    expect(listed.events.map((e) => e.id)).not.toContain(id);
    expect(listed.warnings).toEqual([expect.stringContaining(`"${id}"`)]);
    expect((await w.app.request('/health')).status).toBe(200);
    expect((await w.app.request('/v1/events/china-cybersecurity-software-ban-2026')).status).toBe(200);

    const got = await expectProblemShape(await w.app.request(`/v1/events/${id}`), 409, `/v1/events/${id}`);
    expect(got.detail).toMatch(/PUT .* or delete it/);
    await expectProblemShape(await w.app.request(`/v1/events/${id}/study`), 409, `/v1/events/${id}/study`);
    await expectProblemShape(await post(apiEvent(id)), 409, '/v1/events');

    expect((await w.app.request(`/v1/events/${id}`, { method: 'DELETE', headers: bearer() })).status).toBe(204);
    expect(((await (await w.app.request('/v1/events')).json()) as { warnings?: string[] }).warnings).toBeUndefined();
    expect((await post(apiEvent(id))).status).toBe(201);
  });
});

describe.skipIf(!hasSharedData)('a lost create race', () => {
  it('the losers of concurrent POSTs of one id get a 409 that says another request created it and nothing was stored', async () => {
    const id = 'raced-create-event';
    const results = await Promise.all(Array.from({ length: 6 }, () => post(apiEvent(id))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const res of results.filter((r) => r.status !== 201)) {
      const problem = await expectProblemShape(res, 409, '/v1/events');
      expect(problem.detail).toMatch(/already exists|Another request created/);
      expect(problem.detail).not.toMatch(/Retry the request/);
    }
    expect((await storedIds()).filter((s) => s === id)).toHaveLength(1);
  });
});
