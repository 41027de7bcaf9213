import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { carChartSvg } from '../../src/charts/car-chart.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { StudyParamsSchema } from '../../src/study/params.js';
import { computeStudy, type ComputedStudy } from '../../src/study/run-study.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { storeWithShared } from '../helpers/shared-data.js';

const HEADLINE = 'china-cybersecurity-software-ban-2026';

describe.skipIf(!HAS_SHARED)('SVG chart of a study (real data)', () => {
  let store: DuckDbStore;
  let deps: ReturnType<typeof nodeDeps>['deps'];
  let result: ComputedStudy;
  beforeAll(async () => {
    store = await storeWithShared(['PANW', 'FTNT', 'CHKP', 'CRWD', 'CIBR', 'SPY']);
    deps = nodeDeps(store, { eventsPath: undefined }).deps;
    const securities = ['PANW', 'FTNT', 'CHKP', 'CRWD'].map((symbol) => ({ symbol, date: '2026-01-14', session: 'pre' as const }));
    result = await computeStudy(deps, securities, StudyParamsSchema.parse({ benchmark: 'CIBR' }));
  });
  afterAll(() => store?.close());

  it('draws one line per security, the mean with its band, day 0, and labels every line', () => {
    const svg = carChartSvg(result, { title: 'Cyber ban & "vendors" <test>' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('Cyber ban &amp; &quot;vendors&quot; &lt;test&gt;'); // escaped, not raw
    expect(svg.match(/stroke="#9a9a9a"/g)).toHaveLength(4);
    for (const symbol of ['PANW', 'FTNT', 'CHKP', 'CRWD']) expect(svg).toMatch(new RegExp(`>${symbol}</text>`));
    expect(svg).toContain('day 0 (2026-01-14)');
    const last = result.result.portfolio.days.at(-1)!.caar;
    expect(svg).toContain(`mean ${last >= 0 ? '+' : '−'}${Math.abs(last * 100).toFixed(1)}%`);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('draws no interval for a single security', async () => {
    const one = await computeStudy(deps, [{ symbol: 'PANW', date: '2026-01-14' }], StudyParamsSchema.parse({ benchmark: 'CIBR' }));
    const svg = carChartSvg(one, { title: 'PANW' });
    expect(svg).not.toContain('fill-opacity');
    expect(svg).not.toContain('95% interval');
    expect(carChartSvg(result, { title: 'x' })).toContain('fill-opacity');
  });

  it('is served by the study route for ?format=svg and Accept: image/svg+xml, with its own ETag', async () => {
    const app = createApp(deps);
    const url = `/v1/events/${HEADLINE}/study?roles=named_firm&benchmark=CIBR`;
    const svg = await app.request(`${url}&format=svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const byAccept = await app.request(url, { headers: { accept: 'image/svg+xml' } });
    expect(await byAccept.text()).toBe(await svg.text());
    const json = await app.request(url);
    expect(json.headers.get('etag')).not.toBe(svg.headers.get('etag'));
  });
});
