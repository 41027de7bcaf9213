/** CORS: every answer (data, errors, kept answers) is readable from any origin; preflights answer 204. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithSharedSubset, type TestApp } from '../helpers/app.js';
import { HAS_SHARED } from '../helpers/paths.js';

let t: TestApp;
beforeAll(async () => {
  t = await appWithSharedSubset();
});
afterAll(() => t?.store.close());

const origin = { origin: 'https://newsroom.example' };

function expectReadable(res: Response) {
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(res.headers.get('access-control-expose-headers')?.split(',')).toEqual(['ETag', 'X-Request-Id', 'Content-Disposition']);
  expect(res.headers.get('x-request-id')).toBeTruthy();
}

describe('CORS', () => {
  it('a read, a problem and an unknown route are all readable from any origin', async () => {
    for (const path of ['/health', '/v1/events', '/v1/events/no-such-event', '/nowhere']) {
      const res = await t.app.request(path, { headers: origin });
      expectReadable(res);
      await res.arrayBuffer();
    }
  });

  it('a preflight is 204 naming the methods and headers a page may use', async () => {
    const res = await t.app.request('/v1/studies', {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,HEAD,POST,OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type,Accept,If-None-Match');
    expect(await res.text()).toBe('');
  });

  it.skipIf(!HAS_SHARED)('an answer sent again from the kept ones is readable too, with the same validators', async () => {
    const path = '/v1/prices/PANW?from=2026-01-05&to=2026-01-30&format=csv';
    const [a, b] = [await t.app.request(path, { headers: origin }), await t.app.request(path, { headers: origin })];
    expectReadable(b);
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
    expect(b.headers.get('x-request-id')).not.toBe(a.headers.get('x-request-id'));
    expect(await b.text()).toBe(await a.text());
  });
});
