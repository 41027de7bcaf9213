/** KeptAnswers: a validated answer's bytes are built once per ETag and sent again as they are. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { KeptAnswers } from '../../src/routes/kept-answers.js';

/** An app whose one route answers through KeptAnswers, counting how often it builds. */
function countingApp(status = 200) {
  const kept = new KeptAnswers();
  let builds = 0;
  const app = new Hono();
  app.get('/t', (c) => {
    const etag = c.req.query('etag');
    const headers: Record<string, string> = etag ? { ETag: `"${etag}"`, 'Cache-Control': 'public, max-age=300' } : { 'Cache-Control': 'no-store' };
    return kept.send(c, headers, () => {
      builds++;
      if (c.req.query('fail')) throw new Error('build failed');
      return c.body(`answer ${builds}`, status as 200, { ...headers, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="t.csv"', 'x-other': String(builds) });
    });
  });
  app.onError((err, c) => c.text(err.message, 500));
  return { app, builds: () => builds };
}

describe('answers kept by ETag', () => {
  it('builds once per ETag and sends the same bytes with the representation headers and the validators', async () => {
    const { app, builds } = countingApp();
    const [a, b] = [await app.request('/t?etag=x'), await app.request('/t?etag=x')];
    expect([await a.text(), await b.text()]).toEqual(['answer 1', 'answer 1']);
    expect(builds()).toBe(1);
    expect(b.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(b.headers.get('content-disposition')).toBe('attachment; filename="t.csv"');
    expect(b.headers.get('etag')).toBe('"x"');
    expect(b.headers.get('cache-control')).toBe('public, max-age=300');
    // Only the representation's own headers are kept, not whatever the first build carried.
    expect(b.headers.get('x-other')).toBeNull();
    expect(await (await app.request('/t?etag=y')).text()).toBe('answer 2');
  });

  it('without an ETag (an answer that must not be stored) builds every time', async () => {
    const { app, builds } = countingApp();
    expect(await (await app.request('/t')).text()).toBe('answer 1');
    expect(await (await app.request('/t')).text()).toBe('answer 2');
    expect(builds()).toBe(2);
  });

  it('keeps neither a non-200 answer nor a failed build', async () => {
    const notOk = countingApp(202);
    await notOk.app.request('/t?etag=x');
    expect((await notOk.app.request('/t?etag=x')).status).toBe(202);
    expect(notOk.builds()).toBe(2);
    const failing = countingApp();
    expect(await (await failing.app.request('/t?etag=x&fail=1')).text()).toBe('build failed');
    expect(await (await failing.app.request('/t?etag=x')).text()).toBe('answer 2');
  });
});
