/**
 * The OpenAPI contract, walked: every path + method in GET /openapi.json is called with valid and
 * invalid input, and every response must have a documented status, a documented media type and
 * a body that validates against the documented schema (Ajv, JSON Schema 2020-12).
 *
 * Requests come from CASES, keyed by `METHOD /path` as the document spells it. A documented
 * operation without an entry fails, so a new route cannot slip past the contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppDeps } from '../../src/app.js';
import { memoryStore, rawWrite } from '../helpers/store.js';
import { hasSharedData } from '../helpers/shared-data.js';
import { HEADLINE, TEST_API_KEY, apiApp, apiEvent, bearer, oversized, type ApiApp } from '../helpers/contract-app.js';
import {
  SchemaValidator,
  contractViolations,
  documentedOperations,
  mediaType,
  readResponse,
  type DocumentedOperation,
  type OpenApiDoc,
  type ReadResponse,
} from '../helpers/openapi-contract.js';
import { expectNoStackTrace } from '../helpers/problem-shape.js';

type AppName = 'main' | 'readonly' | 'closed' | 'nopremarket' | 'limited';

type Case = {
  name: string;
  /** The status this request must get (it must also be documented); a list when either is right. */
  expect: number | number[];
  /** Path parameters; a missing one is taken from the parameter's documented example. */
  params?: Record<string, string>;
  /** Raw query string without '?'. */
  query?: string;
  /** A JSON value, raw text sent as is, or a multipart form (sent with its own Content-Type). */
  body?: unknown;
  /** Content-Type of the body (default application/json; null: none). */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Send `Authorization: Bearer <key>`. */
  auth?: boolean;
  /** Which app answers: main (writes enabled), readonly (no API key), closed (database closed), nopremarket (no premarket source), limited (rate limit spent). */
  app?: AppName;
  /** Runs before the request (e.g. creates the event a PUT replaces). */
  setup?: (ctx: Ctx) => Promise<void>;
  /** Repeat the request with If-None-Match: <its ETag>, which must be a documented 304. */
  conditional?: boolean;
  /** For invalid cases: which input is bad. */
  bad?: 'path' | 'query' | 'body' | 'auth' | 'state' | 'size' | 'data';
  /** For invalid bodies the document can express: the documented request schema rejects it too. */
  docRejects?: boolean;
};
type Cases = { valid: Case[]; invalid: Case[] };
type Ctx = { call: (method: string, path: string, init?: RequestInit) => Response | Promise<Response> };

let seq = 0;
const freshId = (stem: string) => `contract-${stem}-${++seq}`;
/** Creates an API event with a fresh id and returns the id (for PUT/DELETE cases). */
const created: string[] = [];
async function createEvent(ctx: Ctx, stem: string): Promise<string> {
  const id = freshId(stem);
  const res = await ctx.call('POST', '/v1/events', {
    method: 'POST',
    body: JSON.stringify(apiEvent(id)),
    headers: { 'content-type': 'application/json', ...bearer() },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  created.push(id);
  return id;
}
let putTarget = '';
let noPricesEvent = '';
let deleteTarget = '';

const ADHOC = { benchmark: 'SMH', securities: [{ symbol: 'MU', date: '2023-05-21' }, { symbol: 'NVDA', announced_at: '2025-04-15T16:30:00-04:00' }] };
const ADHOC_CSV = 'symbol,date,announced_at\nMU,2023-05-21,\nNVDA,,2025-04-15T16:30:00-04:00\n';
/** ADHOC as a multipart upload (a fresh form per request: a body is read once). */
function adHocForm(parts: Record<string, string | Blob> = { file: new Blob([ADHOC_CSV], { type: 'text/csv' }) }): () => FormData {
  return () => {
    const form = new FormData();
    for (const [name, value] of Object.entries(parts)) {
      if (typeof value === 'string') form.append(name, value);
      else form.append(name, value, 'events.csv');
    }
    return form;
  };
}

/** Known-good and known-bad requests for every documented operation. */
const CASES: Record<string, Cases> = {
  'GET /health': {
    valid: [{ name: 'status', expect: 200 }],
    // No inputs to get wrong; the documented failure is a database that cannot be read.
    invalid: [{ name: 'closed database', expect: 503, app: 'closed', bad: 'data' }],
  },
  'GET /v1/events': {
    valid: [
      { name: 'all', expect: 200 },
      { name: 'every filter', expect: 200, query: 'country=CN&symbol=panw&from=2019-01-01&to=2026-12-31' },
    ],
    invalid: [
      { name: 'bad country', expect: 400, query: 'country=CHN', bad: 'query' },
      { name: 'impossible date', expect: 400, query: 'from=2026-02-30', bad: 'query' },
      { name: 'bad symbol', expect: 400, query: 'symbol=%24%24', bad: 'query' },
    ],
  },
  'POST /v1/events': {
    valid: [{ name: 'new event', expect: 201, auth: true, body: () => apiEvent(freshId('post')) }],
    invalid: [
      { name: 'invalid fields', expect: 400, auth: true, bad: 'body', docRejects: true, body: apiEvent('Bad Id', { country: 'china', benchmarks: [] }) },
      { name: 'unknown field', expect: 400, auth: true, bad: 'body', docRejects: true, body: apiEvent('contract-unknown-field', { colour: 'red' }) },
      { name: 'malformed JSON', expect: 400, auth: true, bad: 'body', body: '{"id": "x",' },
      // 400 (bad input) or 415, as long as the status is documented.
      { name: 'body without content-type', expect: [400, 415], auth: true, bad: 'body', contentType: null, body: JSON.stringify(apiEvent('contract-no-ct')) },
      { name: 'no API key', expect: 401, bad: 'auth', body: apiEvent('contract-no-key') },
      { name: 'writes disabled', expect: 403, app: 'readonly', auth: true, bad: 'auth', body: apiEvent('contract-readonly') },
      { name: 'catalog id', expect: 409, auth: true, bad: 'state', body: apiEvent(HEADLINE) },
      { name: 'oversized', expect: 413, auth: true, bad: 'size', body: oversized(apiEvent('contract-big')) },
    ],
  },
  'GET /v1/events/{id}': {
    valid: [{ name: 'documented example', expect: 200 }],
    invalid: [
      { name: 'not a slug', expect: 400, params: { id: 'Not_A_Slug' }, bad: 'path' },
      { name: 'unknown id', expect: 404, params: { id: 'no-such-event-2099' }, bad: 'state' },
      {
        name: 'stored event that no longer passes validation',
        expect: 409,
        bad: 'state',
        // As an older, looser schema could have stored it (a date the API now refuses).
        setup: async () => {
          const body = JSON.stringify(apiEvent('contract-legacy-event', { date: '9999-12-31', announced_at: null, session: null }));
          await rawWrite(main.store, 'INSERT INTO user_events VALUES ($id, $body::JSON, now(), now())', { id: 'contract-legacy-event', body });
        },
        params: { id: 'contract-legacy-event' },
      },
    ],
  },
  'PUT /v1/events/{id}': {
    valid: [
      {
        name: 'replace an API event',
        expect: 200,
        auth: true,
        setup: async (ctx) => void (putTarget = await createEvent(ctx, 'put')),
        params: { get id() { return putTarget; } },
        body: () => apiEvent(putTarget, { title: 'Replaced title', benchmarks: ['QQQ'] }),
      },
    ],
    invalid: [
      { name: 'not a slug', expect: 400, auth: true, params: { id: 'Not_A_Slug' }, body: apiEvent('not-a-slug'), bad: 'path' },
      { name: 'invalid fields', expect: 400, auth: true, params: { id: 'contract-put-x' }, body: apiEvent('contract-put-x', { date: '2026-13-01' }), bad: 'body', docRejects: false },
      { name: 'body id differs from path', expect: 400, auth: true, params: { id: 'contract-put-y' }, body: apiEvent('contract-put-z'), bad: 'body' },
      { name: 'body without content-type', expect: 415, auth: true, params: { id: 'contract-put-ct' }, contentType: null, body: JSON.stringify(apiEvent('contract-put-ct')), bad: 'body' },
      { name: 'no API key', expect: 401, params: { id: 'contract-put-x' }, body: apiEvent('contract-put-x'), bad: 'auth' },
      { name: 'writes disabled', expect: 403, app: 'readonly', auth: true, params: { id: 'contract-put-x' }, body: apiEvent('contract-put-x'), bad: 'auth' },
      { name: 'unknown event', expect: 404, auth: true, params: { id: 'contract-put-missing' }, body: apiEvent('contract-put-missing'), bad: 'state' },
      { name: 'catalog event', expect: 409, auth: true, params: { id: HEADLINE }, body: apiEvent(HEADLINE), bad: 'state' },
      { name: 'oversized', expect: 413, auth: true, params: { id: 'contract-put-x' }, body: oversized(apiEvent('contract-put-x')), bad: 'size' },
    ],
  },
  'DELETE /v1/events/{id}': {
    valid: [
      {
        name: 'delete an API event',
        expect: 204,
        auth: true,
        setup: async (ctx) => void (deleteTarget = await createEvent(ctx, 'delete')),
        params: { get id() { return deleteTarget; } },
      },
    ],
    invalid: [
      { name: 'not a slug', expect: 400, auth: true, params: { id: 'Not_A_Slug' }, bad: 'path' },
      { name: 'no API key', expect: 401, params: { id: 'contract-del-x' }, bad: 'auth' },
      { name: 'wrong API key', expect: 401, params: { id: 'contract-del-x' }, headers: { authorization: 'Bearer not-the-key' }, bad: 'auth' },
      { name: 'writes disabled', expect: 403, app: 'readonly', auth: true, params: { id: 'contract-del-x' }, bad: 'auth' },
      { name: 'unknown event', expect: 404, auth: true, params: { id: 'contract-del-missing' }, bad: 'state' },
      { name: 'catalog event', expect: 409, auth: true, params: { id: HEADLINE }, bad: 'state' },
    ],
  },
  'GET /v1/prices/{symbol}': {
    valid: [
      { name: 'range', expect: 200, params: { symbol: 'PANW' }, query: 'from=2026-01-12&to=2026-01-15', conditional: true },
      { name: 'default range', expect: 200, params: { symbol: 'spy' } },
      { name: 'CSV', expect: 200, params: { symbol: 'PANW' }, query: 'from=2026-01-12&to=2026-01-15&format=csv', conditional: true },
    ],
    invalid: [
      { name: 'not a ticker', expect: 400, params: { symbol: 'PA$NW' }, bad: 'path' },
      { name: 'impossible date', expect: 400, params: { symbol: 'PANW' }, query: 'from=2026-13-01', bad: 'query' },
      { name: 'unknown format', expect: 400, params: { symbol: 'PANW' }, query: 'format=xml', bad: 'query' },
      { name: 'from after to', expect: 400, params: { symbol: 'PANW' }, query: 'from=2026-01-15&to=2026-01-12', bad: 'query' },
      { name: 'no stored prices', expect: 404, params: { symbol: 'ZZZZ' }, bad: 'data' },
    ],
  },
  'GET /v1/events/{id}/study': {
    valid: [
      { name: 'documented example, defaults', expect: 200, conditional: true },
      { name: 'roles and benchmark', expect: 200, query: 'roles=named_firm,parent_company&benchmark=spy&model=market_adjusted&returns=log' },
      { name: 'repeated car windows', expect: 200, query: 'car=0,0&car=-1,1&window=-3,3&estimation=-200,-11&min_obs=50' },
      { name: 'CSV table', expect: 200, query: 'format=csv&table=cars', conditional: true },
    ],
    invalid: [
      // The study route's id is any string: an id that is no event is a 404.
      { name: 'unknown id', expect: 404, params: { id: 'no-such-event-2099' }, bad: 'path' },
      { name: 'unknown model', expect: 400, query: 'model=garch', bad: 'query' },
      { name: 'event window too long', expect: 400, query: 'window=-100,100', bad: 'query' },
      { name: 'not a window', expect: 400, query: 'estimation=abc', bad: 'query' },
      { name: 'unknown role', expect: 400, query: 'roles=ceo', bad: 'query' },
      { name: 'unknown table', expect: 400, query: 'format=csv&table=bogus', bad: 'query' },
      { name: 'no US-listed security left', expect: 422, query: 'roles=domestic_beneficiary', bad: 'data' },
      { name: 'rate limit spent', expect: 429, app: 'limited', bad: 'state' },
    ],
  },
  'POST /v1/studies': {
    valid: [
      { name: 'README example', expect: 200, body: ADHOC },
      { name: 'CSV table', expect: 200, query: 'format=csv&table=portfolio_cars', body: { ...ADHOC, car: [[0, 0], [-1, 1]], window: [-2, 2] } },
      { name: 'CSV upload', expect: 200, query: 'benchmark=SMH', body: ADHOC_CSV, contentType: 'text/csv' },
      { name: 'multipart upload, streamed CSV', expect: 200, query: 'format=csv&table=cars', body: adHocForm({ benchmark: 'SMH', file: new Blob([ADHOC_CSV]) }), contentType: null },
    ],
    invalid: [
      { name: 'no securities', expect: 400, body: { securities: [] }, bad: 'body', docRejects: true },
      { name: 'security without date', expect: 400, body: { securities: [{ symbol: 'MU' }] }, bad: 'body' },
      { name: 'too many securities', expect: 413, body: { securities: Array.from({ length: 10_001 }, (_, i) => ({ symbol: 'MU', date: `2023-05-${String((i % 28) + 1).padStart(2, '0')}` })) }, bad: 'size' },
      { name: 'unknown format', expect: 400, query: 'format=xml', body: ADHOC, bad: 'query' },
      { name: 'malformed JSON', expect: 400, body: '{"securities": [', bad: 'body' },
      { name: 'body without content-type', expect: [400, 415], contentType: null, body: JSON.stringify(ADHOC), bad: 'body' },
      { name: 'oversized', expect: 413, body: oversized(ADHOC, 4 * 1024 * 1024), bad: 'size' },
      { name: 'no stored prices', expect: 422, body: { securities: [{ symbol: 'ZZZZ', date: '2026-01-14' }] }, bad: 'data' },
      { name: 'rate limit spent', expect: 429, app: 'limited', body: ADHOC, bad: 'state' },
      { name: 'multipart without a file', expect: 400, body: adHocForm({ benchmark: 'SMH' }), contentType: null, bad: 'body' },
      { name: 'unsupported media type', expect: 415, body: '<securities/>', contentType: 'application/xml', bad: 'body' },
    ],
  },
  'GET /v1/events/{id}/premarket': {
    valid: [
      { name: 'documented example, no path', expect: 200, query: 'path=false', conditional: true },
      { name: 'benchmark and windows', expect: 200, query: 'benchmark=spy&window=-3,3&estimation=-200,-11&min_obs=50&returns=log&path=false' },
    ],
    invalid: [
      { name: 'unknown id', expect: 404, params: { id: 'no-such-event-2099' }, bad: 'path' },
      { name: 'not a window', expect: 400, query: 'bars=abc', bad: 'query' },
      { name: 'window without day 0', expect: 400, query: 'window=1,5', bad: 'query' },
      { name: 'bad path flag', expect: 400, query: 'path=maybe', bad: 'query' },
      {
        name: 'event without stored prices',
        expect: 422,
        bad: 'data',
        setup: async (ctx) => {
          noPricesEvent = freshId('premarket-noprices');
          const res = await ctx.call('POST', '/v1/events', {
            method: 'POST',
            body: JSON.stringify(apiEvent(noPricesEvent, { securities: [{ symbol: 'ZZZZ', name: 'Nobody', role: 'named_firm', exchange: 'XNAS', listed_in_us: true }] })),
            headers: { 'content-type': 'application/json', ...bearer() },
          });
          expect(res.status).toBe(201);
          created.push(noPricesEvent);
        },
        params: { get id() { return noPricesEvent; } },
      },
      { name: 'no premarket source', expect: 503, app: 'nopremarket', query: 'path=false', bad: 'data' },
      { name: 'rate limit spent', expect: 429, app: 'limited', query: 'path=false', bad: 'state' },
    ],
  },
  'POST /v1/premarket': {
    valid: [{ name: 'one security by timestamp', expect: 200, body: { benchmark: 'SPY', path: false, securities: [{ symbol: 'PANW', announced_at: '2026-01-14T06:10:00-05:00' }] } }],
    invalid: [
      { name: 'no securities', expect: 400, body: { securities: [] }, bad: 'body', docRejects: true },
      { name: 'bad symbol', expect: 400, body: { securities: [{ symbol: '$$', date: '2026-01-14' }] }, bad: 'body', docRejects: true },
      { name: 'malformed JSON', expect: 400, body: '{"securities": [', bad: 'body' },
      { name: 'body without content-type', expect: [400, 415], contentType: null, body: JSON.stringify({ securities: [{ symbol: 'PANW', date: '2026-01-14' }] }), bad: 'body' },
      { name: 'oversized', expect: 413, body: oversized({ securities: [{ symbol: 'PANW', date: '2026-01-14' }] }), bad: 'size' },
      { name: 'no stored prices', expect: 422, body: { securities: [{ symbol: 'ZZZZ', date: '2026-01-14' }] }, bad: 'data' },
      { name: 'no premarket source', expect: 503, app: 'nopremarket', body: { securities: [{ symbol: 'PANW', date: '2026-01-14' }] }, bad: 'data' },
      { name: 'unknown table', expect: 400, query: 'format=csv&table=bars', body: { securities: [{ symbol: 'PANW', date: '2026-01-14' }] }, bad: 'query' },
      { name: 'rate limit spent', expect: 429, app: 'limited', body: { securities: [{ symbol: 'PANW', date: '2026-01-14' }] }, bad: 'state' },
    ],
  },
};

/** Statuses documented but not exercised by CASES, with the reason (keep empty if possible). */
const UNEXERCISED: Record<string, string> = {};

// The document does not depend on stored data: read it from an app over an empty store.
const docApp = await apiApp({ store: await memoryStore() });
const doc = (await (await docApp.app.request('/openapi.json')).json()) as OpenApiDoc;
docApp.store.close();
const operations = documentedOperations(doc);

let main: ApiApp;
let readonly: ApiApp;
let closed: ApiApp;
let noPremarket: ApiApp;
let limited: ApiApp;
let validator: SchemaValidator;
const observed = new Map<string, Set<number>>();

beforeAll(async () => {
  if (!hasSharedData) return;
  main = await apiApp({ apiKey: TEST_API_KEY });
  readonly = await apiApp({ store: main.store });
  closed = await apiApp({ store: await memoryStore(), apiKey: TEST_API_KEY });
  closed.store.close();
  // The same data without a premarket source (the premarket routes answer 503).
  noPremarket = { ...main, app: createApp({ ...main.deps, premarket: undefined } as AppDeps) };
  // A client with no request left: the expensive routes answer 429 before any work.
  limited = { ...main, app: createApp({ ...main.deps, rateLimit: { perMinute: 1, burst: 0 } } as AppDeps) };
  validator = new SchemaValidator(doc);
});
afterAll(() => {
  main?.store.close();
});

const apps = (): Record<AppName, ApiApp> => ({ main, readonly, closed, nopremarket: noPremarket, limited });
const ctx: Ctx = { call: async (_m, path, init) => main.app.request(path, init) };

function buildPath(op: DocumentedOperation, c: Case): string {
  const pathParams = (op.op.parameters ?? []).filter((p) => p.in === 'path');
  let path = op.path;
  for (const p of pathParams) {
    const value = c.params?.[p.name] ?? (p.schema?.example as string | undefined);
    if (value === undefined) throw new Error(`${op.key} [${c.name}]: no value for path parameter ${p.name} and no documented example`);
    path = path.replace(`{${p.name}}`, encodeURIComponent(value));
  }
  expect(path, `${op.key}: every {param} in the path is a documented path parameter`).not.toMatch(/[{}]/);
  return c.query ? `${path}?${c.query}` : path;
}

function requestInit(op: DocumentedOperation, c: Case): RequestInit {
  const headers: Record<string, string> = { ...(c.auth ? bearer() : {}), ...(c.headers ?? {}) };
  const init: RequestInit = { method: op.method.toUpperCase(), headers };
  const body = typeof c.body === 'function' ? (c.body as () => unknown)() : c.body;
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof FormData ? body : JSON.stringify(body);
    const type = c.contentType === undefined ? 'application/json' : c.contentType;
    if (type) headers['content-type'] = type;
  }
  return init;
}

/** The valid case's inputs must themselves satisfy the documented request schemas. */
function expectDocumentedInputs(op: DocumentedOperation, c: Case, url: string, init: RequestInit): void {
  const documented = new Map((op.op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]));
  const query = new URL(url, 'http://x').searchParams;
  for (const name of new Set(query.keys())) {
    const p = documented.get(name);
    expect(p, `${op.key} [${c.name}]: query parameter ${name} is documented`).toBeDefined();
    // Query values arrive as text; OpenAPI's form style deserializes them to the schema's type.
    const numeric = ['number', 'integer'].includes(String((p!.schema as { type?: unknown } | undefined)?.type));
    const all = query.getAll(name).map((v) => (numeric && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v));
    const errors = validator.errors(p!.schema ?? {}, all.length > 1 ? all : all[0]);
    expect(errors, `${op.key} [${c.name}]: ${name}=${all.join('&')} satisfies its documented schema`).toEqual([]);
  }
  for (const p of (op.op.parameters ?? []).filter((x) => x.in === 'path')) {
    const value = c.params?.[p.name] ?? (p.schema?.example as string);
    expect(validator.errors(p.schema ?? {}, value), `${op.key} [${c.name}]: path ${p.name}=${value}`).toEqual([]);
  }
  if (init.body instanceof FormData && op.op.requestBody) {
    const schema = op.op.requestBody.content['multipart/form-data']?.schema as { required?: string[]; properties?: Record<string, unknown> } | undefined;
    expect(schema, `${op.key}: documented multipart body`).toBeDefined();
    const names: string[] = [];
    init.body.forEach((_value, name) => names.push(name));
    expect(names.filter((n) => !schema!.properties?.[n]), `${op.key} [${c.name}]: every form part is documented`).toEqual([]);
    expect((schema!.required ?? []).filter((n) => !names.includes(n)), `${op.key} [${c.name}]: the required parts are sent`).toEqual([]);
  }
  if (typeof init.body === 'string' && op.op.requestBody) {
    const type = mediaType((init.headers as Record<string, string>)['content-type'] ?? null) ?? 'application/json';
    const schema = op.op.requestBody.content[type]?.schema;
    expect(schema, `${op.key}: documented ${type} body`).toBeDefined();
    const value = type === 'application/json' ? JSON.parse(init.body) : init.body;
    expect(validator.errors(schema!, value), `${op.key} [${c.name}]: the body satisfies the documented schema`).toEqual([]);
  }
}

function expectContract(op: DocumentedOperation, c: Case, res: ReadResponse): void {
  const where = `${op.key} [${c.name}]`;
  observed.get(op.key)!.add(res.status);
  const violations = contractViolations(validator, op.op, res);
  if (violations.length > 0) expect.fail(`${where}: response does not match the document:\n  ${violations.slice(0, 8).join('\n  ')}${violations.length > 8 ? `\n  … ${violations.length - 8} more` : ''}`);
  expect(res.headers.get('x-request-id') ?? '', `${where}: X-Request-Id`).not.toBe('');
  expectNoStackTrace(res.text, where);
}

async function run(op: DocumentedOperation, c: Case, valid: boolean): Promise<void> {
  const where = `${op.key} [${c.name}]`;
  await c.setup?.(ctx);
  const url = buildPath(op, c);
  const init = requestInit(op, c);
  if (valid) expectDocumentedInputs(op, c, url, init);
  if (!valid && c.docRejects && typeof init.body === 'string') {
    const schema = op.op.requestBody?.content['application/json']?.schema ?? {};
    expect(validator.errors(schema, JSON.parse(init.body)).length, `${where}: the documented request schema rejects this body too`).toBeGreaterThan(0);
  }
  const res = await readResponse(await apps()[c.app ?? 'main'].app.request(url, init));
  const expected = Array.isArray(c.expect) ? c.expect : [c.expect];
  expect(expected, `${where}: status ${res.status} (body ${res.text.slice(0, 400)})`).toContain(res.status);
  expectContract(op, c, res);
  if (c.conditional) {
    const etag = res.headers.get('etag');
    expect(etag, `${where}: ETag`).toBeTruthy();
    const again = await readResponse(
      await apps()[c.app ?? 'main'].app.request(url, { ...init, headers: { ...(init.headers as Record<string, string>), 'if-none-match': etag! } }),
    );
    expect(again.status, `${where}: If-None-Match`).toBe(304);
    expectContract(op, { ...c, name: `${c.name}, If-None-Match` }, again);
  }
}

describe.skipIf(!hasSharedData)('OpenAPI contract: every documented operation', () => {
  it('GET /openapi.json is an OpenAPI 3.1 document with operations under /v1 (plus /health)', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(operations.length).toBeGreaterThan(0);
    for (const { path } of operations) expect(path === '/health' || path.startsWith('/v1/'), path).toBe(true);
  });

  it('the case table has no entry for an operation the document does not declare', () => {
    const documented = new Set(operations.map((o) => o.key));
    expect(Object.keys(CASES).filter((k) => !documented.has(k))).toEqual([]);
  });

  for (const op of operations) {
    observed.set(op.key, new Set());
    it(op.key, async () => {
      const cases = CASES[op.key];
      expect(cases, `${op.key} is documented but has no entry in CASES (contract.test.ts): add valid and invalid requests`).toBeDefined();
      expect(cases!.valid.length, `${op.key}: at least one valid request`).toBeGreaterThan(0);
      expect(cases!.invalid.length, `${op.key}: at least one invalid request`).toBeGreaterThan(0);
      // Every kind of input the operation takes has an invalid case.
      const kinds = new Set(cases!.invalid.map((c) => c.bad));
      const params = op.op.parameters ?? [];
      if (params.some((p) => p.in === 'path')) expect(kinds.has('path'), `${op.key}: a bad path parameter`).toBe(true);
      if (params.some((p) => p.in === 'query')) expect(kinds.has('query'), `${op.key}: a bad query`).toBe(true);
      if (op.op.requestBody) expect(kinds.has('body'), `${op.key}: a bad body`).toBe(true);
      if (op.op.security?.length) expect(kinds.has('auth'), `${op.key}: a request without valid credentials`).toBe(true);

      const failures: string[] = [];
      for (const [valid, list] of [[true, cases!.valid], [false, cases!.invalid]] as const) {
        for (const c of list) {
          for (const status of Array.isArray(c.expect) ? c.expect : [c.expect]) {
            if (valid) expect(status, `${op.key} [${c.name}] is a success`).toBeLessThan(300);
            else expect(status, `${op.key} [${c.name}] is an error`).toBeGreaterThanOrEqual(400);
          }
          // Collect every mismatch of the operation, not just the first.
          await run(op, c, valid).catch((err: Error) => failures.push(err.message));
        }
      }
      if (failures.length > 0) expect.fail(`${failures.length} request(s) broke the contract:\n\n${failures.join('\n\n')}`);
    });
  }

  it('every documented status of every operation was produced by some request', () => {
    const missing = operations.flatMap((op) =>
      Object.keys(op.op.responses)
        .filter((s) => !observed.get(op.key)?.has(Number(s)) && !UNEXERCISED[`${op.key} ${s}`])
        .map((s) => `${op.key} ${s}`),
    );
    expect(missing).toEqual([]);
  });

  it('writes to /v1/events declare the bearer scheme; nothing else does', () => {
    const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, { type: string; scheme?: string }>;
    expect(schemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
    for (const op of operations) {
      const secured = (op.op.security ?? []).some((s) => 'bearerAuth' in s);
      const write = op.path.startsWith('/v1/events') && ['post', 'put', 'delete', 'patch'].includes(op.method);
      expect(secured, op.key).toBe(write);
    }
  });

  it('API events created by the walk were cleaned up where the walk deleted them', async () => {
    // The DELETE case removed its own event; the others remain readable as origin "api".
    for (const id of created) {
      const res = await main.app.request(`/v1/events/${id}`);
      if (id === deleteTarget) expect(res.status).toBe(404);
      else if (id === putTarget) expect(((await res.json()) as { title: string }).title).toBe('Replaced title');
      else expect(((await res.json()) as { origin: string }).origin).toBe('api');
    }
  });
});
