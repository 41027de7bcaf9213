/**
 * Representations of the public API: CSV for every tabular result (columns, row counts and
 * unrounded numbers equal to the JSON's), content negotiation, ETag / 304 / Cache-Control,
 * X-Request-Id, CORS, and JSON numbers that are finite or null with a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADLINE, apiApp, jsonInit, type ApiApp } from '../helpers/contract-app.js';
import { MAX_STUDY_BODY_BYTES } from '../../src/app.js';
import { csvTable, dispositionFileName } from '../helpers/csv-parse.js';
import { expectProblemShape } from '../helpers/problem-shape.js';
import { hasSharedData } from '../helpers/shared-data.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type TestResult = { statistic: number | null; p: number | null; reason?: string };
type Tests = Record<string, TestResult>;
type Car = { window: [number, number]; car: number | null; se: number | null; t: number | null; p: number | null; reason?: string };
type Day = { t: number; date: string; return: number; benchmark_return: number; ar: number; ar_t: number; ar_p: number; car: number };
type Security = {
  id: string;
  symbol: string;
  role?: string;
  benchmark: string;
  day0: string | null;
  day0_rule: string | null;
} & (
  | { status: 'ok'; estimation: { n: number; df: number; alpha: number | null; beta: number | null; r2: number | null; sigma: number }; days: Day[]; cars: Car[] }
  | { status: 'excluded'; reason: string }
);
type Study = {
  event: { id: string; title: string; date: string } | null;
  params: Record<string, Json>;
  securities: Security[];
  portfolio: {
    n: number;
    rbar: number | null;
    rbar_note?: string;
    days: { t: number; n: number; aar: number; caar: number; tests: Tests }[];
    cars: { window: [number, number]; n: number; caar: number | null; tests: Tests }[];
  };
};
type Bar = { date: string; open: number | null; high: number | null; low: number | null; close: number; adj_close: number; simple_return: number | null; log_return: number | null };
type Prices = { symbol: string; from: string; to: string; bars: Bar[] };

const TEST_NAMES = ['cross_sectional_t', 'patell_z', 'bmp_t', 'kp_bmp_t', 'kp_patell_z', 'corrado_zivney', 'generalized_sign', 'wilcoxon'];
const TEST_COLUMNS = TEST_NAMES.flatMap((n) => [n, `${n}_p`]);
const testCells = (tests: Tests) => TEST_NAMES.flatMap((n) => [tests[n]!.statistic, tests[n]!.p]);
type Cell = string | number | null | undefined;

/** The documented CSV tables of a study: columns, and the rows the JSON holds for each. */
const STUDY_TABLES: Record<string, { columns: string[]; rows: (s: Study) => Cell[][] }> = {
  days: {
    columns: ['id', 'symbol', 'benchmark', 'day0', 't', 'date', 'return', 'benchmark_return', 'ar', 'ar_t', 'ar_p', 'car'],
    rows: (s) =>
      s.securities.flatMap((x) =>
        x.status === 'ok' ? x.days.map((d) => [x.id, x.symbol, x.benchmark, x.day0, d.t, d.date, d.return, d.benchmark_return, d.ar, d.ar_t, d.ar_p, d.car]) : [],
      ),
  },
  cars: {
    columns: ['id', 'symbol', 'window_start', 'window_end', 'car', 'se', 't', 'p', 'reason'],
    rows: (s) =>
      s.securities.flatMap((x) =>
        x.status === 'ok' ? x.cars.map((c) => [x.id, x.symbol, c.window[0], c.window[1], c.car, c.se, c.t, c.p, c.reason ?? null]) : [],
      ),
  },
  securities: {
    columns: ['id', 'symbol', 'role', 'benchmark', 'day0', 'status', 'reason', 'n', 'df', 'alpha', 'beta', 'r2', 'sigma'],
    rows: (s) =>
      s.securities.map((x) => {
        const base = [x.id, x.symbol, x.role ?? null, x.benchmark, x.day0, x.status];
        return x.status === 'ok'
          ? [...base, null, x.estimation.n, x.estimation.df, x.estimation.alpha, x.estimation.beta, x.estimation.r2, x.estimation.sigma]
          : [...base, x.reason, null, null, null, null, null, null];
      }),
  },
  portfolio_days: {
    columns: ['t', 'n', 'aar', 'caar', ...TEST_COLUMNS],
    rows: (s) => s.portfolio.days.map((d) => [d.t, d.n, d.aar, d.caar, ...testCells(d.tests)]),
  },
  portfolio_cars: {
    columns: ['window_start', 'window_end', 'n', 'caar', ...TEST_COLUMNS],
    rows: (s) => s.portfolio.cars.map((c) => [c.window[0], c.window[1], c.n, c.caar, ...testCells(c.tests)]),
  },
};

const PRICE_COLUMNS = ['date', 'open', 'high', 'low', 'close', 'adj_close', 'simple_return', 'log_return'] as const;

/** CSV cells equal the JSON values: numbers parse back to the identical double, null is empty. */
function expectCsvMatches(csv: string, columns: readonly string[], expected: Cell[][], what: string): void {
  const { header, records } = csvTable(csv);
  expect(header, `${what}: header`).toEqual(columns);
  expect(records.length, `${what}: one CSV row per JSON row`).toBe(expected.length);
  let numbers = 0;
  expected.forEach((row, i) => {
    const record = records[i]!;
    row.forEach((value, j) => {
      const cell = record[columns[j]!]!;
      const where = `${what} row ${i + 1} column ${columns[j]}`;
      if (value === null || value === undefined) {
        expect(cell, where).toBe('');
      } else if (typeof value === 'number') {
        numbers++;
        expect(cell, `${where}: a plain number`).toMatch(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/);
        expect(Object.is(Number(cell), value), `${where}: ${cell} reads back as ${value}`).toBe(true);
      } else {
        expect(cell, where).toBe(value);
      }
    });
  });
  if (expected.length > 0) expect(numbers, `${what}: has numbers to compare`).toBeGreaterThan(0);
}

/** Every null statistic carries a reason; everything else is a finite number. */
function walkNumbers(value: Json, path: string, seen: { nullTests: number; tests: number }): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} is finite`).toBe(true);
    return;
  }
  if (typeof value === 'string') {
    expect(['NaN', 'Infinity', '-Infinity'], `${path} is not a stringified non-finite number`).not.toContain(value);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkNumbers(v, `${path}[${i}]`, seen));
    return;
  }
  const numberKeys = 'statistic' in value ? ['statistic', 'p'] : 'window' in value && 'se' in value ? ['car', 'se', 't', 'p'] : [];
  if (numberKeys.length > 0) {
    seen.tests++;
    const nulls = numberKeys.filter((k) => value[k] === null);
    if (nulls.length > 0) {
      seen.nullTests++;
      expect(nulls, `${path}: all of ${numberKeys.join(', ')} are null together`).toEqual(numberKeys);
      expect(typeof value.reason, `${path}: a null result has a reason`).toBe('string');
      expect((value.reason as string).length, `${path}: reason is not empty`).toBeGreaterThan(0);
    } else {
      for (const k of numberKeys) expect(typeof value[k], `${path}.${k}`).toBe('number');
      expect(value.reason, `${path}: a computed result has no reason`).toBeUndefined();
    }
  }
  if ('rbar' in value && value.rbar === null) {
    expect(typeof value.rbar_note, `${path}: a null rbar has rbar_note`).toBe('string');
  }
  for (const [k, v] of Object.entries(value)) walkNumbers(v, `${path}.${k}`, seen);
}

let t: ApiApp;
beforeAll(async () => {
  if (hasSharedData) t = await apiApp();
});
afterAll(() => t?.store.close());

const STUDY = `/v1/events/${HEADLINE}/study`;
const ADHOC = { benchmark: 'SMH', securities: [{ symbol: 'MU', date: '2023-05-21' }, { symbol: 'NVDA', announced_at: '2025-04-15T16:30:00-04:00' }] };
const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });
async function json<T>(res: Response | Promise<Response>): Promise<T> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  return (await r.json()) as T;
}
async function csv(res: Response | Promise<Response>): Promise<{ text: string; res: Response }> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text.slice(0, 300)).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/csv\b/);
  return { text, res: r };
}

describe.skipIf(!hasSharedData)('CSV of every tabular result', () => {
  let study: Study;
  beforeAll(async () => {
    study = await json<Study>(get(STUDY));
    expect(study.securities.filter((s) => s.status === 'ok').length).toBeGreaterThan(5);
  });

  for (const table of Object.keys(STUDY_TABLES)) {
    it(`event study, table=${table}: columns, row count and unrounded numbers equal the JSON; file name names event and table`, async () => {
      const { text, res } = await csv(get(`${STUDY}?format=csv&table=${table}`));
      const spec = STUDY_TABLES[table]!;
      const rows = spec.rows(study);
      expect(rows.length).toBeGreaterThan(0);
      expectCsvMatches(text, spec.columns, rows, table);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(dispositionFileName(res.headers.get('content-disposition'))).toBe(`${HEADLINE}_${table}.csv`);
    });
  }

  it('the default table is days', async () => {
    const { text, res } = await csv(get(`${STUDY}?format=csv`));
    expect(dispositionFileName(res.headers.get('content-disposition'))).toBe(`${HEADLINE}_days.csv`);
    expectCsvMatches(text, STUDY_TABLES.days!.columns, STUDY_TABLES.days!.rows(study), 'days (default)');
  });

  it('ad-hoc study (POST /v1/studies): every table matches its JSON; the file name names the table', async () => {
    const adhoc = await json<Study>(t.app.request('/v1/studies', jsonInit('POST', ADHOC)));
    expect(adhoc.event).toBeNull();
    for (const [table, spec] of Object.entries(STUDY_TABLES)) {
      const { text, res } = await csv(t.app.request(`/v1/studies?format=csv&table=${table}`, jsonInit('POST', ADHOC)));
      expectCsvMatches(text, spec.columns, spec.rows(adhoc), `ad-hoc ${table}`);
      expect(dispositionFileName(res.headers.get('content-disposition'))).toMatch(new RegExp(`_${table}\\.csv$`));
    }
  });

  it('excluded securities keep their reason in the securities CSV, quoted when it holds commas', async () => {
    // An unknown exchange suffix: its reason names the known suffixes, commas included.
    const body = { ...ADHOC, securities: [...ADHOC.securities, { symbol: 'ABC.XX', date: '2026-01-14' }] };
    const adhoc = await json<Study>(t.app.request('/v1/studies', jsonInit('POST', body)));
    const { text } = await csv(t.app.request('/v1/studies?format=csv&table=securities', jsonInit('POST', body)));
    const { records } = csvTable(text);
    const excluded = adhoc.securities.filter((s): s is Security & { status: 'excluded'; reason: string } => s.status === 'excluded');
    expect(excluded.length).toBeGreaterThan(0);
    for (const s of excluded) {
      const record = records.find((r) => r.id === s.id)!;
      expect(record.status).toBe('excluded');
      expect(record.reason).toBe(s.reason);
    }
    expect(excluded.some((s) => s.reason.includes(','))).toBe(true); // the quoting path is exercised
  });

  it('prices: columns, rows and unrounded numbers equal the JSON bars (close-only CHKP has empty open/high/low)', async () => {
    for (const symbol of ['PANW', 'CHKP']) {
      const path = `/v1/prices/${symbol}?from=2025-12-01&to=2026-01-31`;
      const body = await json<Prices>(get(path));
      expect(body.bars.length).toBeGreaterThan(30);
      const { text, res } = await csv(get(`${path}&format=csv`));
      expectCsvMatches(text, PRICE_COLUMNS, body.bars.map((b) => PRICE_COLUMNS.map((c) => b[c])), `${symbol} prices`);
      const file = dispositionFileName(res.headers.get('content-disposition'));
      expect(file).toContain(symbol);
      expect(file).toMatch(/_prices\.csv$/);
    }
    const chkp = csvTable((await csv(get('/v1/prices/CHKP?from=2026-01-12&to=2026-01-15&format=csv'))).text);
    for (const r of chkp.records) expect([r.open, r.high, r.low]).toEqual(['', '', '']);
  });

  it('no CSV cell is NaN or Infinity', async () => {
    for (const table of Object.keys(STUDY_TABLES)) {
      const { text } = await csv(get(`${STUDY}?format=csv&table=${table}`));
      expect(text, table).not.toMatch(/(^|,)-?(NaN|Infinity)(,|\r\n)/m);
    }
  });
});

describe.skipIf(!hasSharedData)('content negotiation', () => {
  it('Accept: text/csv selects CSV (study and prices), the same bytes as ?format=csv', async () => {
    for (const path of [`${STUDY}?table=cars`, '/v1/prices/PANW?from=2026-01-12&to=2026-01-15']) {
      const byAccept = await csv(get(path, { accept: 'text/csv' }));
      const byQuery = await csv(get(`${path}&format=csv`));
      expect(byAccept.text).toBe(byQuery.text);
      expect(byAccept.res.headers.get('content-disposition')).toBe(byQuery.res.headers.get('content-disposition'));
    }
  });

  it('?format=json overrides Accept: text/csv; ?format=csv overrides Accept: application/json', async () => {
    const body = await json<Study>(get(`${STUDY}?format=json`, { accept: 'text/csv' }));
    expect(body.event?.id).toBe(HEADLINE);
    await json<Prices>(get('/v1/prices/PANW?from=2026-01-12&to=2026-01-15&format=json', { accept: 'text/csv' }));
    await csv(get(`${STUDY}?format=csv`, { accept: 'application/json' }));
    await csv(t.app.request('/v1/studies?format=csv', jsonInit('POST', ADHOC, { accept: 'application/json' })));
    await csv(t.app.request('/v1/studies', jsonInit('POST', ADHOC, { accept: 'text/csv' })));
  });

  it('JSON is the default (no Accept, Accept: */*)', async () => {
    await json<Study>(get(STUDY));
    await json<Study>(get(STUDY, { accept: '*/*' }));
  });

  it('an unknown table is a 400 problem naming the field, for GET and POST studies', async () => {
    const a = await expectProblemShape(await get(`${STUDY}?format=csv&table=bogus`), 400, STUDY);
    expect(a.errors?.map((e) => e.field)).toEqual(['table']);
    const b = await expectProblemShape(await t.app.request('/v1/studies?format=csv&table=bogus', jsonInit('POST', ADHOC)), 400, '/v1/studies');
    expect(b.errors?.map((e) => e.field)).toEqual(['table']);
  });

  it('responses chosen by the Accept header say so with Vary: Accept (they are publicly cacheable)', async () => {
    for (const path of [STUDY, '/v1/prices/PANW?from=2026-01-12&to=2026-01-15']) {
      for (const accept of ['text/csv', 'application/json']) {
        const res = await get(path, { accept });
        expect(res.headers.get('cache-control') ?? '').toMatch(/public/);
        const vary = (res.headers.get('vary') ?? '').split(',').map((v) => v.trim().toLowerCase());
        expect(vary, `${path} (Accept: ${accept}) Vary`).toContain('accept');
      }
    }
  });
});

describe.skipIf(!hasSharedData)('ETag, If-None-Match and Cache-Control', () => {
  const cases = [
    { name: 'study JSON', path: STUDY },
    { name: 'study CSV', path: `${STUDY}?format=csv&table=portfolio_cars` },
    { name: 'prices JSON', path: '/v1/prices/PANW?from=2026-01-12&to=2026-01-15' },
    { name: 'prices CSV', path: '/v1/prices/PANW?from=2026-01-12&to=2026-01-15&format=csv' },
  ];

  for (const { name, path } of cases) {
    it(`${name}: a strong ETag, stable and byte-identical across identical requests, with Cache-Control`, async () => {
      const [a, b] = [await get(path), await get(path)];
      const etag = a.headers.get('etag');
      expect(etag).toMatch(/^"[^"\s]+"$/); // strong: no W/ prefix
      expect(b.headers.get('etag')).toBe(etag);
      expect(await a.text()).toBe(await b.text()); // strong ETag => identical bytes
      expect(a.headers.get('cache-control')).toMatch(/max-age=\d+/);
    });

    it(`${name}: If-None-Match with the ETag (alone, in a list, or *) is 304 with no body`, async () => {
      const etag = (await get(path)).headers.get('etag')!;
      for (const inm of [etag, `"not-it", ${etag}`, `${etag},"other"`, '*']) {
        const res = await get(path, { 'if-none-match': inm });
        expect(res.status, `If-None-Match: ${inm}`).toBe(304);
        expect(await res.text()).toBe('');
        expect(res.headers.get('etag')).toBe(etag);
        expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
        expect(res.headers.get('x-request-id')).toBeTruthy();
      }
      const miss = await get(path, { 'if-none-match': '"not-it"' });
      expect(miss.status).toBe(200);
      expect((await miss.text()).length).toBeGreaterThan(0);
    });
  }

  it('If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"<etag>" is a 304 too', async () => {
    const etag = (await get(STUDY)).headers.get('etag')!;
    expect((await get(STUDY, { 'if-none-match': `W/${etag}` })).status).toBe(304);
  });

  it('different parameters or formats have different ETags', async () => {
    const variants = [
      STUDY,
      `${STUDY}?window=-3,3&car=0,0`,
      `${STUDY}?model=market_adjusted`,
      `${STUDY}?benchmark=SPY`,
      `${STUDY}?returns=log`,
      `${STUDY}?car=0,0`,
      `${STUDY}?roles=named_firm`,
      `${STUDY}?format=csv`,
      `${STUDY}?format=csv&table=cars`,
      '/v1/prices/PANW?from=2026-01-12&to=2026-01-15',
      '/v1/prices/PANW?from=2026-01-12&to=2026-01-16',
      '/v1/prices/PANW?from=2026-01-12&to=2026-01-15&format=csv',
      '/v1/prices/FTNT?from=2026-01-12&to=2026-01-15',
    ];
    const etags = await Promise.all(variants.map(async (p) => (await get(p)).headers.get('etag')));
    expect(etags.every((e) => e !== null)).toBe(true);
    expect(new Set(etags).size, JSON.stringify(Object.fromEntries(variants.map((v, i) => [v, etags[i]])))).toBe(variants.length);
  });

  it('equivalent spellings of the same parameters share one ETag (lower-case benchmark, default table)', async () => {
    const etag = async (p: string) => (await get(p)).headers.get('etag');
    expect(await etag(`${STUDY}?benchmark=spy`)).toBe(await etag(`${STUDY}?benchmark=SPY`));
    expect(await etag(`${STUDY}?format=csv`)).toBe(await etag(`${STUDY}?format=csv&table=days`));
  });

  it('an ETag of one representation does not revalidate another (JSON ETag on the CSV URL is a 200)', async () => {
    const jsonTag = (await get(STUDY)).headers.get('etag')!;
    const res = await get(`${STUDY}?format=csv`, { 'if-none-match': jsonTag });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  });
});

describe.skipIf(!hasSharedData)('X-Request-Id and CORS', () => {
  it('every response carries a distinct X-Request-Id: 200, 304, errors, preflight, docs, page', async () => {
    const etag = (await get(STUDY)).headers.get('etag')!;
    const responses = await Promise.all([
      get('/health'),
      get(STUDY),
      get(STUDY, { 'if-none-match': etag }),
      get('/openapi.json'),
      get('/docs'),
      get('/'),
      get('/v1/nope'),
      get('/v1/events?country=CHN'),
      get('/v1/events/no-such-event-2099'),
      get(`${STUDY}?roles=domestic_beneficiary`),
      t.app.request('/v1/events', jsonInit('POST', {})),
      t.app.request('/v1/studies', { method: 'POST', body: 'x'.repeat(MAX_STUDY_BODY_BYTES + 1), headers: { 'content-type': 'application/json' } }),
      t.app.request(STUDY, { method: 'OPTIONS', headers: { origin: 'https://news.example', 'access-control-request-method': 'GET' } }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 304, 200, 200, 200, 404, 400, 404, 422, 403, 413, 204]);
    const ids = responses.map((r) => r.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(/^\S{8,}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a GET from another origin is allowed, and the caching and download headers are readable', async () => {
    for (const path of [STUDY, `${STUDY}?format=csv`, '/v1/events', '/v1/prices/PANW', '/v1/events/no-such-event-2099']) {
      const res = await get(path, { origin: 'https://newsroom.example' });
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/);
      expect(exposed).toEqual(expect.arrayContaining(['etag', 'x-request-id', 'content-disposition']));
    }
  });

  it('a preflight OPTIONS for GET is answered (204) with the allowed origin and methods', async () => {
    const res = await t.app.request(STUDY, {
      method: 'OPTIONS',
      headers: { origin: 'https://newsroom.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((res.headers.get('access-control-allow-methods') ?? '').split(',')).toContain('GET');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });
});

describe.skipIf(!hasSharedData)('JSON numbers are finite; a null statistic always says why', () => {
  it('walks whole studies (event, event with market_adjusted, single-security ad-hoc): every null test result has a reason', async () => {
    const studies = [
      await json<Study>(get(STUDY)),
      await json<Study>(get(`${STUDY}?model=market_adjusted&returns=log`)),
      await json<Study>(t.app.request('/v1/studies', jsonInit('POST', { benchmark: 'SPY', securities: [{ symbol: 'MU', date: '2023-05-22' }] }))),
      await json<Study>(t.app.request('/v1/studies', jsonInit('POST', ADHOC))),
    ];
    const seen = { nullTests: 0, tests: 0 };
    studies.forEach((s, i) => walkNumbers(s as unknown as Json, `study${i}`, seen));
    expect(seen.tests).toBeGreaterThan(500);
    expect(seen.nullTests, 'the walk met null results (single-security tests need N >= 2)').toBeGreaterThan(0);
  });

  it('prices JSON: the first stored bar has null returns, every other number is finite', async () => {
    const body = await json<Prices>(get('/v1/prices/PANW?from=2018-01-01&to=2018-03-01'));
    expect(body.bars[0]!.simple_return).toBeNull();
    for (const b of body.bars.slice(1)) {
      for (const k of ['close', 'adj_close', 'simple_return', 'log_return'] as const) expect(Number.isFinite(b[k]), `${b.date} ${k}`).toBe(true);
    }
  });
});
