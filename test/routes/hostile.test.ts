/**
 * The hostile corpus of issue 14, and more, over every route: no request may get a 5xx, and
 * every error is problem+json whose `status` is the HTTP status. Then property-based tests
 * (fast-check) over each route's inputs: a well-formed problem+json or a valid result, never a 5xx;
 * and no accepted event write can make the catalog unreadable.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADLINE, TEST_API_KEY, apiApp, apiEvent, bearer, type ApiApp } from '../helpers/contract-app.js';
import { hasSharedData } from '../helpers/shared-data.js';

let a: ApiApp;
beforeAll(async () => {
  if (!hasSharedData) return;
  a = await apiApp({ apiKey: TEST_API_KEY, symbols: ['PANW', 'FTNT', 'SPY', 'QQQ'] });
});
afterAll(() => a?.store.close());

type Req = { method?: string; path: string; body?: string; headers?: Record<string, string> };

/** '' when the answer keeps the promise (no 5xx; errors are problem+json), else what broke. */
async function judge(req: Req): Promise<string> {
  const init: RequestInit = { method: req.method ?? 'GET', headers: { ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}), ...req.headers } };
  if (req.body !== undefined) init.body = req.body;
  let res: Response;
  try {
    res = await a.app.request(req.path, init);
  } catch (err) {
    return `threw ${String(err)}`;
  }
  const text = await res.text();
  const what = `${init.method} ${req.path.slice(0, 120)} -> ${res.status} ${text.slice(0, 200)}`;
  if (res.status >= 500) return what;
  if (res.status < 400) return '';
  if (!(res.headers.get('content-type') ?? '').startsWith('application/problem+json')) return `not problem+json: ${what}`;
  try {
    const p = JSON.parse(text) as { status?: unknown; title?: unknown; detail?: unknown; type?: unknown };
    if (p.status !== res.status || typeof p.title !== 'string' || typeof p.detail !== 'string' || typeof p.type !== 'string') return `malformed problem: ${what}`;
  } catch {
    return `problem body is not JSON: ${what}`;
  }
  return '';
}

async function expectAllKept(requests: Req[]): Promise<void> {
  const broken = (await Promise.all(requests.map(judge))).filter((x) => x !== '');
  expect(broken, broken.join('\n')).toEqual([]);
}

const HUGE = ['-100000000,-99999500', '99999999999999999999,1', '-9007199254740993,-11', '1e309,1', 'NaN,NaN', '-Infinity,0', '-0,-0', '0x10,5', ' , ', ',', '-5;5', '1,2,3', '%00', '%ED%A0%80,1'];
const DATES = ['9999-12-31', '0000-01-01', '0050-01-14', '0100-02-29', '1899-12-31', '2101-01-01', '2026-02-30', '2026-13-01', '20260114', '-2026-01-14', '+002026-01-14', '2026-01-14T00:00:00Z', '%00', "2026-01-14' OR '1'='1"];
const INSTANTS = ['9999-01-14T06:10:00-05:00', '0000-01-14T06:10:00Z', '0050-01-14T06:10:00Z', '2026-01-14T25:00:00Z', '2026-01-14T06:10:00+99:00', '2026-01-14T06:10:00', 'yesterday', '2026-01-14T06:10:00.123456789123Z'];
const STRINGS = ['', ' ', 'a\ud800b', '\udc00', '\u0000', 'x'.repeat(10_000), "'; DROP TABLE daily_prices; --", '../../etc/passwd', '<script>alert(1)</script>', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '\u202e'];
const JUNK_BODIES = ['', 'null', '[]', '{}', '"x"', '1e999', '{"a":', '{"__proto__":{"polluted":1}}', '['.repeat(5000) + ']'.repeat(5000), JSON.stringify({ securities: 'PANW' }), '\ud800'];

describe.skipIf(!hasSharedData)('the hostile corpus: 0 5xx, every error problem+json', () => {
  it('study and premarket query strings', async () => {
    const reqs: Req[] = [];
    // Each route gets only its own parameters: an unknown one is ignored, and the study it then
    // computes would only cost time.
    const routes: [string, string[], string[]][] = [
      [`/v1/events/${HEADLINE}/study`, ['estimation', 'window', 'car', 'min_obs'], ['benchmark', 'model', 'factors', 'roles', 'format', 'table']],
      [`/v1/events/${HEADLINE}/premarket`, ['estimation', 'window', 'bars', 'min_obs', 'bar_sessions'], ['benchmark', 'format', 'table', 'path']],
    ];
    for (const [route, names, texts] of routes) {
      for (const v of HUGE) for (const name of names.slice(0, 3)) reqs.push({ path: `${route}?${name}=${encodeURI(v).replace(/%25/g, '%')}` });
      for (const v of ['-1', '0', '9', '1e3', '1e308', 'NaN', '9007199254740993', '100.5', 'abc', '']) {
        for (const name of names.slice(3)) reqs.push({ path: `${route}?${name}=${v}` });
      }
      for (const v of STRINGS.slice(0, 9)) {
        const q = encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '')); // a URL cannot carry a lone surrogate
        for (const name of texts) reqs.push({ path: `${route}?${name}=${q}` });
      }
      reqs.push({ path: `${route}?estimation=-250,-11&estimation=-100,-11` }, { path: `${route}?benchmark=%ED%A0%80` }, { path: `${route}?%zz=1&window=x` });
    }
    reqs.push(
      { path: `/v1/events/${HEADLINE}/study?model=factor&factors=nope` },
      { path: `/v1/events/${HEADLINE}/study?returns=log&model=factor&factors=ff3` },
      { path: `/v1/events/${HEADLINE}/premarket?path=maybe` },
    );
    for (const id of ['%zz', '%00', 'a'.repeat(5000), '..%2F..%2Fetc', 'NOT-A-SLUG', '%ED%A0%80', 'x%20y']) {
      reqs.push({ path: `/v1/events/${id}` }, { path: `/v1/events/${id}/study` }, { path: `/v1/events/${id}/premarket` });
    }
    await expectAllKept(reqs);
  });

  it('ad-hoc study and premarket bodies', async () => {
    const reqs: Req[] = [];
    for (const path of ['/v1/studies', '/v1/premarket']) {
      for (const body of JUNK_BODIES) reqs.push({ method: 'POST', path, body });
      for (const date of DATES) reqs.push({ method: 'POST', path, body: JSON.stringify({ securities: [{ symbol: 'PANW', date }] }) });
      for (const at of INSTANTS) reqs.push({ method: 'POST', path, body: JSON.stringify({ securities: [{ symbol: 'PANW', announced_at: at }] }) });
      for (const symbol of STRINGS) reqs.push({ method: 'POST', path, body: JSON.stringify({ securities: [{ symbol, date: '2026-01-14' }] }) });
      for (const w of [[-1e8, -99999500], [Number.MAX_SAFE_INTEGER, 1], [1.5, 2], [-5], [[1, 2]], 'x', null, [null, null], [-1e308, 1e308]]) {
        for (const name of ['estimation', 'window', 'car', 'bars']) reqs.push({ method: 'POST', path, body: JSON.stringify({ securities: [{ symbol: 'PANW', date: '2026-01-14' }], [name]: w }) });
      }
      reqs.push(
        { method: 'POST', path, body: JSON.stringify({ securities: Array.from({ length: 501 }, () => ({ symbol: 'PANW', date: '2026-01-14' })) }) },
        { method: 'POST', path, body: JSON.stringify({ securities: [{ symbol: 'PANW', date: '2026-01-14' }], min_obs: 1e308 }) },
        { method: 'POST', path, body: JSON.stringify({ securities: [{ symbol: 'PANW', date: '2026-01-14' }], bar_sessions: -1 }) },
        { method: 'POST', path, body: JSON.stringify({ securities: [{ symbol: 'PANW', date: '2026-01-14' }] }), headers: { 'content-type': 'text/plain' } },
        { method: 'POST', path, body: '{"securities":[{"symbol":"PANW","date":"2026-01-14"}]}', headers: { 'content-type': 'application/json; charset=utf-16' } },
        { method: 'POST', path, body: 'x'.repeat(300 * 1024) },
      );
    }
    await expectAllKept(reqs);
  });

  it('event writes: refused cleanly, and the catalog stays readable after each', async () => {
    const reqs: Req[] = [];
    const post = (body: unknown): Req => ({ method: 'POST', path: '/v1/events', body: typeof body === 'string' ? body : JSON.stringify(body), headers: bearer() });
    let n = 0;
    const id = () => `hostile-${++n}`;
    for (const date of DATES) reqs.push(post(apiEvent(id(), { date, announced_at: null, session: null })));
    for (const at of INSTANTS) reqs.push(post(apiEvent(id(), { announced_at: at })));
    for (const s of STRINGS) {
      for (const field of ['title', 'authority']) reqs.push(post(apiEvent(id(), { [field]: s })));
      reqs.push(post(apiEvent(id(), { notes: [s] })), post(apiEvent(id(), { sources: [s] })), post(apiEvent(id(), { country: s })));
    }
    for (const body of JUNK_BODIES) reqs.push(post(body));
    reqs.push(
      post(apiEvent(id(), { securities: Array.from({ length: 1000 }, (_, i) => ({ symbol: `S${i}`, name: 'n', role: 'peer', exchange: 'XNAS', listed_in_us: true })) })),
      post(apiEvent('a'.repeat(5000))),
      { method: 'PUT', path: '/v1/events/%ED%A0%80', body: JSON.stringify(apiEvent('x')), headers: bearer() },
      { method: 'DELETE', path: `/v1/events/${'z'.repeat(3000)}`, headers: bearer() },
      { method: 'DELETE', path: '/v1/events/%00', headers: bearer() },
      { method: 'PATCH', path: '/v1/events/x', body: '{}', headers: bearer() },
    );
    for (const r of reqs) {
      const verdict = await judge(r);
      expect(verdict, `${verdict} ${JSON.stringify(a.logs.filter((l) => l.level === 'error').slice(-1))}`).toBe('');
      expect((await a.app.request('/v1/events')).status, `after ${r.method} ${r.body?.slice(0, 80)}`).toBe(200);
    }
  });

  it('prices, events list and the rest', async () => {
    const reqs: Req[] = [];
    for (const d of DATES) reqs.push({ path: `/v1/prices/PANW?from=${encodeURIComponent(d)}` }, { path: `/v1/prices/PANW?to=${encodeURIComponent(d)}` }, { path: `/v1/events?from=${encodeURIComponent(d)}` });
    for (const s of ['%00', '%zz', 'A'.repeat(5000), '..%2Fetc', '^', '.PA', 'PANW.', '%ED%A0%80', "PANW'--"]) reqs.push({ path: `/v1/prices/${s}` }, { path: `/v1/events?symbol=${s}` }, { path: `/v1/events?country=${s}` });
    reqs.push(
      { path: '/v1/prices/PANW?from=2026-01-10&to=2020-01-01' },
      { path: '/v1/prices/PANW?format=xml' },
      { path: '/health?x=%00' },
      { path: '/nope' },
      { method: 'POST', path: '/health', body: '{}' },
      { path: '/openapi.json' },
      { path: '/' },
    );
    await expectAllKept(reqs);
  });
});

/** A window as text: mostly plausible offsets, sometimes far out or garbage. */
const offset = fc.oneof(fc.integer({ min: -300, max: 10 }), fc.integer(), fc.constantFrom(-2520, 2520, -2521, 2521, 0));
const windowText = fc.oneof(
  fc.tuple(offset, offset).map(([x, y]) => `${x},${y}`),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('-250,-11', '-5,5', '0,0', '-1,1'),
);
const queryValue = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: undefined });

describe.skipIf(!hasSharedData)('properties (fast-check): never a 5xx, errors are problem+json', () => {
  it('GET study: any combination of query parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          estimation: queryValue(windowText),
          window: queryValue(windowText),
          car: queryValue(fc.array(windowText, { maxLength: 3 }).map((ws) => ws.join(';'))),
          min_obs: queryValue(fc.oneof(fc.integer({ min: -10, max: 300 }).map(String), fc.string({ maxLength: 6 }))),
          model: queryValue(fc.constantFrom('market', 'market_adjusted', 'constant_mean', 'factor', 'x')),
          returns: queryValue(fc.constantFrom('simple', 'log', '')),
          benchmark: queryValue(fc.constantFrom('SPY', 'QQQ', 'ZZZZ', 'spy', '')),
        }),
        async (q) => {
          const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined) as [string, string][]).toString();
          expect(await judge({ path: `/v1/events/${HEADLINE}/study?${qs}` })).toBe('');
        },
      ),
      { numRuns: 60, seed: 20260114 },
    );
  });

  it('POST premarket and studies: any security and windows', async () => {
    const date = fc.oneof(
      fc.date({ min: new Date('1800-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.string({ maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/studies', '/v1/premarket'),
        fc.record({ symbol: fc.constantFrom('PANW', 'FTNT', 'ZZZZ', '', 'a\ud800'), date }),
        fc.option(fc.tuple(offset, offset), { nil: undefined }),
        async (path, security, estimation) => {
          const body = JSON.stringify({ securities: [security], ...(estimation ? { estimation } : {}) });
          expect(await judge({ method: 'POST', path, body })).toBe('');
        },
      ),
      { numRuns: 60, seed: 20260115 },
    );
  });

  it('POST events: a valid event with any one field replaced by anything; an accepted event never breaks the catalog', async () => {
    const fields = Object.keys(apiEvent('x'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.anything({ maxDepth: 2, withNullPrototype: false }), async (field, value) => {
        const id = `prop-event-${++n}`;
        const body = JSON.stringify({ ...apiEvent(id), [field]: value });
        expect(await judge({ method: 'POST', path: '/v1/events', body, headers: bearer() })).toBe('');
        expect((await a.app.request('/v1/events')).status).toBe(200);
        const stored = await a.app.request(`/v1/events/${id}`);
        if (stored.status === 200) expect((await a.app.request(`/v1/events/${id}`, { method: 'DELETE', headers: bearer() })).status).toBe(204);
      }),
      { numRuns: 150, seed: 20260116 },
    );
  });

  it('prices and the events list: any dates and symbols', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 14 }), fc.string({ maxLength: 14 }), fc.string({ minLength: 1, maxLength: 8 }), async (from, to, symbol) => {
        const q = new URLSearchParams({ from, to }).toString();
        expect(await judge({ path: `/v1/prices/${encodeURIComponent(symbol)}?${q}` })).toBe('');
        expect(await judge({ path: `/v1/events?${q}&symbol=${encodeURIComponent(symbol)}` })).toBe('');
      }),
      { numRuns: 150, seed: 20260117 },
    );
  });
});
