/** GET /v1/events/{id}/premarket and POST /v1/premarket over real shared data. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppDeps } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { StorePremarket } from '../../src/store/store-premarket.js';
import { sharedSubset } from '../helpers/fixtures.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { csvTable } from '../helpers/csv-parse.js';
import { expectProblem } from '../helpers/problem.js';
import { storeWithDirectory } from '../helpers/store.js';
import { removeTempDirs } from '../helpers/tmp.js';
import { expectClose } from '../helpers/tolerance.js';

const HEADLINE = 'china-cybersecurity-software-ban-2026';
const DAILY = ['AVGO', 'PANW', 'FTNT', 'CHKP', 'CRWD', 'S', 'RPD', 'GOOGL', 'MA', 'CSCO', 'QQQ', 'SPY', 'CIBR', 'HACK'];

type App = ReturnType<typeof createApp>;

function withPremarket(deps: AppDeps, premarket: StorePremarket | undefined): App {
  const { premarket: _wired, ...rest } = deps;
  return createApp({ ...rest, ...(premarket ? { premarket } : {}) });
}

describe.skipIf(!HAS_SHARED)('premarket routes', () => {
  let store: DuckDbStore;
  let app: App;
  let bare: App;
  beforeAll(async () => {
    const dir = sharedSubset(DAILY, ['AVGO', 'QQQ'].map((symbol) => ({ interval: '5m', symbol })));
    store = (await storeWithDirectory(dir)).store;
    const { deps } = nodeDeps(store, { eventsPath: undefined });
    app = withPremarket(deps, new StorePremarket(store));
    bare = withPremarket(deps, undefined);
  });
  afterAll(() => {
    store?.close();
    removeTempDirs();
  });

  it('GET the headline: QQQ chosen over the close-only cyber ETFs, per-security status and source, portfolio as the R reference', async () => {
    const res = await app.request(`/v1/events/${HEADLINE}/premarket?path=false`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      event: { id: string; announced_at: string };
      params: { benchmark: string; benchmark_choice: string };
      securities: { symbol: string; status: string; data: { granularity: string }; reason?: string; premarket?: { path?: unknown } }[];
      portfolio: { n: number; share_overnight: number; overnight: { mean_ar: number } };
    };
    expect(body.event.id).toBe(HEADLINE);
    expect(body.params.benchmark).toBe('QQQ');
    expect(body.params.benchmark_choice).toMatch(/CIBR is close-only/);
    const by = Object.fromEntries(body.securities.map((s) => [s.symbol, s]));
    for (const s of ['AVGO', 'PANW', 'FTNT', 'CRWD', 'GOOGL', 'MA', 'CSCO']) expect(by[s]!.status, s).toBe('ok');
    for (const s of ['CHKP', 'S', 'RPD']) expect(by[s]!.status, s).toBe('close_only');
    expect(by.CYBR!.status).toBe('excluded');
    expect(by['HO.PA']!.reason).toMatch(/outside the US/);
    expect(by.AVGO!.data.granularity).toBe('intraday/5m');
    expect(by.PANW!.data.granularity).toBe('daily');
    expect(by.AVGO!.premarket!.path).toBeUndefined();
    const golden = JSON.parse(readFileSync(new URL('../reference/golden/overnight.json', import.meta.url), 'utf8'));
    const g = golden.cases.find((c: { name: string }) => c.name === 'china-cyber-2026-qqq').portfolio;
    expect(body.portfolio.n).toBe(g.n);
    expectClose(body.portfolio.share_overnight, g.share_overnight, 'share overnight');
    expectClose(body.portfolio.overnight.mean_ar, g.overnight.mean_ar, 'mean overnight AR');
  });

  it('GET with a close-only benchmark reports every security as close-only, naming the benchmark', async () => {
    const res = await app.request(`/v1/events/${HEADLINE}/premarket?benchmark=CIBR&path=false`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { securities: { symbol: string; status: string; reason?: string }[]; portfolio: { n: number } };
    const ok = body.securities.filter((s) => s.status === 'close_only');
    expect(ok.length).toBeGreaterThan(5);
    expect(body.securities.find((s) => s.symbol === 'PANW')!.reason).toMatch(/benchmark CIBR is close-only/);
    expect(body.portfolio.n).toBe(0);
  });

  it('GET rejects a window without day 0 and a bad bars window, listing the fields (400)', async () => {
    const problem = await expectProblem(await app.request(`/v1/events/${HEADLINE}/premarket?window=1,3&bars=5,2`), 400);
    const fields = problem.errors!.map((e) => e.field);
    expect(fields).toContain('window');
    expect(fields).toContain('bars');
  });

  it('GET carries a strong ETag: If-None-Match gets a 304, other parameters another ETag', async () => {
    const url = `/v1/events/${HEADLINE}/premarket?path=false`;
    const first = await app.request(url);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await app.request(url, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await app.request(`${url}&benchmark=SPY`, { headers: { 'if-none-match': etag! } });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
    const csv = await app.request(`${url}&format=csv`, { headers: { 'if-none-match': etag! } });
    expect(csv.status).toBe(200);
  });

  it('GET an unknown event is 404', async () => {
    await expectProblem(await app.request('/v1/events/no-such-event/premarket'), 404);
  });

  it('POST an ad-hoc in-session announcement: intraday event study by 5-minute bar', async () => {
    const res = await app.request('/v1/premarket', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ securities: [{ symbol: 'avgo', announced_at: '2026-01-14T11:00:00-05:00' }], benchmark: 'QQQ', bars: [-3, 6], path: false }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      event: null;
      securities: { symbol: string; session: string; intraday_study: { announcement_bar: string; bars: { k: number }[]; model: { beta_source: string } } }[];
    };
    expect(body.event).toBeNull();
    const s = body.securities[0]!;
    expect(s.symbol).toBe('AVGO');
    expect(s.session).toBe('regular');
    expect(s.intraday_study.announcement_bar).toBe('11:00');
    expect(s.intraday_study.model.beta_source).toBe('bars');
    expect(s.intraday_study.bars.map((b) => b.k)).toEqual([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6]);
  });

  it('POST validates the body (400) and 503 when no premarket source is wired', async () => {
    const bad = await app.request('/v1/premarket', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ securities: [{ symbol: 'AVGO' }] }),
    });
    await expectProblem(bad, 400);
    await expectProblem(await bare.request(`/v1/events/${HEADLINE}/premarket`), 503);
  });

  it('GET as CSV: one row per security (and per event day), numbers as in the JSON', async () => {
    const json = (await (await app.request(`/v1/events/${HEADLINE}/premarket?path=false`)).json()) as {
      securities: { id: string; status: string; overnight?: { ar: number }; days?: unknown[] }[];
    };
    const res = await app.request(`/v1/events/${HEADLINE}/premarket?path=false&format=csv`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${HEADLINE}_premarket_securities.csv"`);
    const { header, records } = csvTable(await res.text());
    expect(header.slice(0, 6)).toEqual(['id', 'symbol', 'role', 'benchmark', 'day0', 'status']);
    expect(records.map((r) => r.id)).toEqual(json.securities.map((s) => s.id));
    for (const s of json.securities.filter((x) => x.status === 'ok')) {
      expect(Number(records.find((r) => r.id === s.id)!.overnight_ar)).toBe(s.overnight!.ar);
    }
    const days = csvTable(await (await app.request(`/v1/events/${HEADLINE}/premarket?path=false&format=csv&table=days`)).text());
    expect(days.records.length).toBe(json.securities.reduce((n, s) => n + (s.days?.length ?? 0), 0));
  });

  it('is documented in /openapi.json', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/events/{id}/premarket', '/v1/premarket']));
  });
});
