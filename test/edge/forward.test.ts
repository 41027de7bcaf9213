import { describe, expect, it } from 'vitest';
import type { ResponseCache } from '../../src/edge/edge-cache.js';
import { forward } from '../../src/edge/forward.js';
import { isForwarded, isValidatedAtEdge } from '../../src/edge/forwarded-routes.js';
import { noOrigin, urlOrigin } from '../../src/edge/origin.js';

/** A Cache API stand-in keyed by URL (the Workers cache's own rule for GET keys). */
function memoryCache(): ResponseCache & { size: () => number } {
  const entries = new Map<string, Response>();
  return {
    match: async (key) => entries.get(key.url)?.clone(),
    put: async (key, response) => {
      entries.set(key.url, new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers }));
    },
    size: () => entries.size,
  };
}

/** An origin that answers like the Node server's study route: a strong ETag, 304 on a match. */
function studyOrigin(etag = '"v1"', cacheControl = 'public, max-age=300') {
  const seen: Request[] = [];
  const origin = async (request: Request) => {
    seen.push(request);
    if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag } });
    return new Response(`{"study":${seen.length}}`, {
      status: 200,
      headers: { etag, 'cache-control': cacheControl, 'content-type': 'application/json', 'x-request-id': `r${seen.length}` },
    });
  };
  return { origin, seen };
}

const url = 'https://edge.example/v1/events/e/study?roles=named_firm';

describe('edge forwarding through the cache', () => {
  it('serves a fresh copy and a matching If-None-Match without the origin', async () => {
    const { origin, seen } = studyOrigin();
    const cache = memoryCache();
    let now = 1_000_000;
    const first = await forward(new Request(url), { origin, cache, now: () => now });
    expect([first.status, first.headers.get('x-edge-cache'), await first.text()]).toEqual([200, 'MISS', '{"study":1}']);
    now += 299_000;
    const hit = await forward(new Request(url), { origin, cache, now: () => now });
    expect([hit.headers.get('x-edge-cache'), hit.headers.get('age'), hit.headers.get('cache-control'), await hit.text()]).toEqual(['HIT', '299', 'public, max-age=300', '{"study":1}']);
    expect(hit.headers.get('x-request-id')).toBeNull(); // not the first exchange's id
    const notModified = await forward(new Request(url, { headers: { 'if-none-match': '"v1"' } }), { origin, cache, now: () => now });
    expect([notModified.status, notModified.headers.get('etag')]).toEqual([304, '"v1"']);
    expect(seen).toHaveLength(1);
  });

  it('revalidates a stale copy with its ETag and keeps the body on a 304', async () => {
    const { origin, seen } = studyOrigin();
    const cache = memoryCache();
    let now = 0;
    await forward(new Request(url), { origin, cache, now: () => now });
    now += 301_000;
    const renewed = await forward(new Request(url), { origin, cache, now: () => now });
    expect([renewed.headers.get('x-edge-cache'), await renewed.text()]).toEqual(['REVALIDATED', '{"study":1}']);
    expect(seen[1]!.headers.get('if-none-match')).toBe('"v1"');
    const hit = await forward(new Request(url), { origin, cache, now: () => now + 1000 });
    expect(hit.headers.get('x-edge-cache')).toBe('HIT');
    expect(seen).toHaveLength(2);
  });

  it('asks the origin for the full body on a miss, even when the client sent a validator', async () => {
    const { origin, seen } = studyOrigin();
    const res = await forward(new Request(url, { headers: { 'if-none-match': '"v1"' } }), { origin, cache: memoryCache() });
    expect(seen[0]!.headers.get('if-none-match')).toBeNull();
    expect(res.status).toBe(304); // answered at the edge from the body it now holds
  });

  it('keys on Accept: JSON and SVG of one URL are two entries', async () => {
    const { origin, seen } = studyOrigin();
    const cache = memoryCache();
    await forward(new Request(url), { origin, cache });
    await forward(new Request(url, { headers: { accept: 'image/svg+xml' } }), { origin, cache });
    expect([seen.length, cache.size()]).toEqual([2, 2]);
  });

  it('does not store no-store answers, weak ETags, errors or POSTs', async () => {
    for (const [etag, cc] of [['"v1"', 'no-store'], ['W/"v1"', 'public, max-age=300']] as const) {
      const { origin } = studyOrigin(etag, cc);
      const cache = memoryCache();
      expect((await forward(new Request(url), { origin, cache })).headers.get('x-edge-cache')).toBe('BYPASS');
      expect(cache.size()).toBe(0);
    }
    const cache = memoryCache();
    const failing = async () => new Response('{}', { status: 422, headers: { 'content-type': 'application/problem+json' } });
    expect((await forward(new Request(url), { origin: failing, cache })).status).toBe(422);
    const post = await forward(new Request('https://edge.example/v1/studies', { method: 'POST', body: '{}' }), { origin: studyOrigin().origin, cache });
    expect(post.headers.get('x-edge-cache')).toBe('BYPASS');
    expect(cache.size()).toBe(0);
  });

  it('lets the edge answer an invalid request before the cache and the origin', async () => {
    const { origin, seen } = studyOrigin();
    const invalid = async (req: Request) => (new URL(req.url).searchParams.has('bad') ? new Response('{"status":400}', { status: 400 }) : undefined);
    const rejected = await forward(new Request(`${url}&bad=1`), { origin, cache: memoryCache(), answerAtEdge: invalid });
    expect([rejected.status, rejected.headers.get('x-edge-cache')]).toEqual([400, 'EDGE']);
    const post = await forward(new Request('https://edge.example/v1/studies?bad=1', { method: 'POST', body: '{}' }), { origin, answerAtEdge: invalid });
    expect(post.status).toBe(400);
    expect(seen).toHaveLength(0);
    expect((await forward(new Request(url), { origin, cache: memoryCache(), answerAtEdge: invalid })).status).toBe(200);
  });

  it('answers 503 problem+json when no analytics tier is configured or it does not answer', async () => {
    const none = await forward(new Request(url), { origin: noOrigin });
    expect(none.status).toBe(503);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect((await none.json()).detail).toMatch(/ANALYTICS_ORIGIN/);
    const down = await forward(new Request(url), { origin: urlOrigin('http://127.0.0.1:9') });
    expect(down.status).toBe(503);
    expect((await down.json()).detail).toMatch(/did not answer/);
  });
});

describe('which routes go to the analytics tier', () => {
  it('forwards studies, premarket, prices and writes; keeps the catalog, docs and OpenAPI', () => {
    for (const [method, path] of [
      ['GET', '/v1/events/x/study'], ['GET', '/v1/events/x/premarket'], ['GET', '/v1/prices/PANW'],
      ['POST', '/v1/studies'], ['POST', '/v1/premarket'], ['POST', '/v1/events'], ['PUT', '/v1/events/x'], ['DELETE', '/v1/events/x'],
    ] as const) expect(isForwarded(method, path), `${method} ${path}`).toBe(true);
    // A write's key is checked by the analytics tier before its body: the edge does not judge it.
    expect([isValidatedAtEdge('GET', '/v1/events/x/study'), isValidatedAtEdge('POST', '/v1/studies'), isValidatedAtEdge('POST', '/v1/events'), isValidatedAtEdge('PUT', '/v1/events/x')]).toEqual([true, true, false, false]);
    for (const [method, path] of [['GET', '/v1/events'], ['GET', '/v1/events/x'], ['GET', '/openapi.json'], ['GET', '/docs'], ['GET', '/health'], ['GET', '/']] as const) {
      expect(isForwarded(method, path), `${method} ${path}`).toBe(false);
    }
  });

  it('keeps a path prefix of ANALYTICS_ORIGIN', async () => {
    const seen: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (req: Request) => {
      seen.push(req.url);
      return new Response('ok');
    }) as typeof fetch;
    try {
      await urlOrigin('https://analytics.example/api/')(new Request('https://edge.example/v1/prices/PANW?from=2026-01-13'));
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual(['https://analytics.example/api/v1/prices/PANW?from=2026-01-13']);
  });
});
