import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { apiEvent } from '../helpers/contract-app.js';
import { sharedSubset } from '../helpers/fixtures.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { storeWithDirectory } from '../helpers/store.js';
import { removeTempDirs } from '../helpers/tmp.js';

/**
 * The two tiers as one product: the Worker build (wrangler dev, workerd) with its analytics
 * origin pointed at the project's Node server on loopback, over real shared data. Every answer
 * through the edge must equal the Node server's byte for byte (headers the edge adds aside);
 * repeated and conditional study requests must be answered by the edge cache without the origin.
 */
const HEADLINE = 'china-cybersecurity-software-ban-2026';
const DAILY = ['AVGO', 'PANW', 'FTNT', 'CHKP', 'CRWD', 'S', 'RPD', 'GOOGL', 'MA', 'CSCO', 'CIBR', 'HACK', 'QQQ', 'SPY', '^GSPC'];
const INTRADAY = [{ interval: '5m', symbol: 'AVGO' }, { interval: '5m', symbol: 'QQQ' }];
const API_KEY = 'edge-test-key-0123456789';
/** Marks the test's own requests to the origin, so that only the Worker's are counted. */
const DIRECT = 'x-test-direct';

let store: DuckDbStore;
let origin: ServerType;
let originBase = '';
let originCalls: string[] = [];
let worker: ChildProcess | undefined;
let edgeBase = '';

async function waitForWorker(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${edgeBase}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('wrangler dev did not start within 60 s');
}

type Exchange = { status: number; type: string | null; etag: string | null; disposition: string | null; body: Buffer };

async function exchange(base: string, path: string, init: RequestInit = {}, direct = false): Promise<Exchange & { headers: Headers }> {
  const headers = new Headers(init.headers);
  if (direct) headers.set(DIRECT, '1');
  const res = await fetch(`${base}${path}`, { ...init, headers });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    etag: res.headers.get('etag'),
    disposition: res.headers.get('content-disposition'),
    body: Buffer.from(await res.arrayBuffer()),
    headers: res.headers,
  };
}

/** The same request to the Node server and through the Worker; the two answers must be equal. */
async function expectSameThroughEdge(path: string, init: RequestInit = {}) {
  const direct = await exchange(originBase, path, init, true);
  const edge = await exchange(edgeBase, path, init);
  const { headers: _d, ...d } = direct;
  const { headers, ...e } = edge;
  expect({ ...e, body: e.body.toString('utf8') }).toEqual({ ...d, body: d.body.toString('utf8') });
  return { direct, edge, cache: headers.get('x-edge-cache') };
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe.skipIf(!HAS_SHARED)('the Worker in workerd in front of the Node server (real shared data)', () => {
  beforeAll(async () => {
    store = (await storeWithDirectory(sharedSubset(DAILY, INTRADAY))).store;
    const app = createApp(nodeDeps(store, { eventsPath: undefined, apiKey: API_KEY }).deps);
    origin = serve({
      fetch: (req) => {
        if (!req.headers.get(DIRECT)) originCalls.push(`${req.method} ${new URL(req.url).pathname}`);
        return app.fetch(req);
      },
      port: 0,
      hostname: '127.0.0.1',
    });
    await new Promise<void>((r) => origin.once('listening', () => r()));
    originBase = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;

    const port = 8000 + Math.floor(Math.random() * 900);
    edgeBase = `http://127.0.0.1:${port}`;
    worker = spawn(
      'npx',
      ['wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', '--log-level', 'error', '--var', `ANALYTICS_ORIGIN:${originBase}`],
      { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }, stdio: 'ignore', detached: true },
    );
    await waitForWorker(Date.now() + 60_000);
  }, 90_000);

  afterAll(async () => {
    if (worker?.pid) process.kill(-worker.pid, 'SIGTERM');
    await new Promise((r) => origin?.close(r));
    store?.close();
    removeTempDirs();
  });

  it('serves the catalog and one event at the edge, equal to the Node server and without calling it', async () => {
    originCalls = [];
    await expectSameThroughEdge('/v1/events');
    await expectSameThroughEdge(`/v1/events/${HEADLINE}`);
    await expectSameThroughEdge('/v1/events/no-such-event');
    expect(originCalls).toEqual([]);
  });

  it('forwards the headline study as JSON, CSV and SVG, byte for byte', async () => {
    const study = `/v1/events/${HEADLINE}/study?roles=named_firm,parent_company`;
    const asJson = await expectSameThroughEdge(study);
    expect(asJson.edge.status).toBe(200);
    expect(JSON.parse(asJson.edge.body.toString()).portfolio).toBeDefined();
    expect(asJson.edge.etag).toMatch(/^"[^"]+"$/);
    const csv = await expectSameThroughEdge(`${study}&format=csv&table=cars`);
    expect(csv.edge.type).toContain('text/csv');
    const svg = await expectSameThroughEdge(study, { headers: { accept: 'image/svg+xml' } });
    expect(svg.edge.body.toString()).toMatch(/^<svg/);
  });

  it('forwards premarket, prices and an ad-hoc study, byte for byte', async () => {
    expect((await expectSameThroughEdge(`/v1/events/${HEADLINE}/premarket`)).edge.status).toBe(200);
    expect((await expectSameThroughEdge('/v1/prices/PANW?from=2026-01-13&to=2026-01-15')).edge.status).toBe(200);
    await expectSameThroughEdge('/v1/prices/PANW?from=2026-01-13&to=2026-01-15&format=csv');
    const adHoc = await expectSameThroughEdge('/v1/studies', json({ benchmark: 'SPY', securities: [{ symbol: 'PANW', date: '2026-01-14' }, { symbol: 'CRWD', announced_at: '2026-01-14T06:10:00-05:00' }] }));
    expect(adHoc.edge.status).toBe(200);
    expect(adHoc.cache).toBe('BYPASS');
  });

  it('rejects invalid input at the edge as the Node server would, and passes the origin\'s errors through', async () => {
    originCalls = [];
    const bad = await expectSameThroughEdge('/v1/prices/PANW?from=2026-13-12');
    expect([bad.edge.status, bad.cache]).toEqual([400, 'EDGE']);
    const empty = await expectSameThroughEdge('/v1/studies', json({ securities: [] }));
    expect([empty.edge.status, empty.cache]).toEqual([400, 'EDGE']);
    const badWindow = await expectSameThroughEdge(`/v1/events/${HEADLINE}/study?window=-3,3`);
    expect([badWindow.edge.status, badWindow.cache]).toEqual([400, 'EDGE']);
    expect(originCalls).toEqual([]);
    // Unknown to the edge's catalog is not unknown to the analytics tier (events added there).
    expect((await expectSameThroughEdge('/v1/events/no-such-event/study')).edge.status).toBe(404);
    expect((await expectSameThroughEdge('/v1/events', json(apiEvent('edge-write-test')))).edge.status).toBe(401);
    expect(originCalls).toEqual(['GET /v1/events/no-such-event/study', 'POST /v1/events']);
  });

  it('answers a repeated study and a conditional request from the edge cache', async () => {
    const study = `/v1/events/${HEADLINE}/study?roles=named_firm&returns=log`;
    originCalls = [];
    const first = await exchange(edgeBase, study);
    expect(first.headers.get('x-edge-cache')).toBe('MISS');
    expect(originCalls).toEqual([`GET /v1/events/${HEADLINE}/study`]);

    const again = await exchange(edgeBase, study);
    expect(again.headers.get('x-edge-cache')).toBe('HIT');
    expect(again.body.equals(first.body)).toBe(true);
    expect(again.etag).toBe(first.etag);

    const conditional = await exchange(edgeBase, study, { headers: { 'if-none-match': first.etag! } });
    expect(conditional.status).toBe(304);
    expect(conditional.etag).toBe(first.etag);
    expect(originCalls).toHaveLength(1);

    // The CSV of the same study is another representation: one more origin request, then cached.
    await exchange(edgeBase, `${study}&format=csv`);
    await exchange(edgeBase, `${study}&format=csv`);
    expect(originCalls).toHaveLength(2);
  });

  it('carries a write with the bearer key to the analytics tier', async () => {
    const created = await exchange(edgeBase, '/v1/events', {
      ...json(apiEvent('edge-write-test')),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    });
    expect(created.status).toBe(201);
    const stored = await exchange(originBase, '/v1/events/edge-write-test', {}, true);
    expect(stored.status).toBe(200);
  });

  it('serves the page and the API reference with their own assets (bundled, no CDN)', async () => {
    const page = await fetch(`${edgeBase}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('<script type="module" src="/assets/app.js"></script>');
    const docs = await (await fetch(`${edgeBase}/docs`)).text();
    expect(docs).toContain('/assets/swagger-ui-bundle.js');
    expect(docs).not.toMatch(/https?:\/\//);
    for (const [asset, type, marker] of [
      ['swagger-ui-bundle.js', 'text/javascript', 'SwaggerUIBundle'],
      ['swagger-ui.css', 'text/css', '.swagger-ui'],
      ['app.js', 'text/javascript', 'studyRequest'],
      ['plain-language.json', 'application/json', 'unlikely to be chance alone'],
    ]) {
      const res = await fetch(`${edgeBase}/assets/${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(await res.text()).toContain(marker);
    }
  });
});
