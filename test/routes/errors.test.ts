/** Routing errors: unknown routes and methods are problem+json 404s. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithEmptyStore, type TestApp } from '../helpers/app.js';
import { expectProblem } from '../helpers/problem.js';
import { removeTempDirs } from '../helpers/tmp.js';

let t: TestApp;
beforeAll(async () => {
  t = await appWithEmptyStore();
});
afterAll(() => {
  t?.store.close();
  removeTempDirs();
});

describe('unknown routes', () => {
  it('GET of an unknown path is 404 problem+json with type, title, status, detail and instance', async () => {
    const body = await expectProblem(await t.app.request('/v1/nope'), 404);
    expect(body.title).toBe('Not found');
    expect(body.type).toMatch(/^https?:\/\//);
    expect(body.detail).toContain('/v1/nope');
    expect(body.instance).toBe('/v1/nope');
  });

  it('a known path with another method is a problem+json 404 too', async () => {
    const body = await expectProblem(await t.app.request('/health', { method: 'DELETE' }), 404);
    expect(body.detail).toContain('DELETE');
  });

  it('the OpenAPI document lists the routes under test', async () => {
    const res = await t.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/v1/events', '/v1/events/{id}', '/v1/prices/{symbol}']));
  });
});
