import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_SHARED } from '../helpers/paths.js';
import { appWithCatalogData, catalogEvents } from '../helpers/catalog-app.js';
import { overlappingTexts, pngSize, svgTexts } from '../helpers/svg-text.js';

const HEADLINE = '/v1/events/china-cybersecurity-software-ban-2026';
let t: Awaited<ReturnType<typeof appWithCatalogData>>;

describe.skipIf(!HAS_SHARED)('charts served by the study and premarket routes (real data)', () => {
  beforeAll(async () => {
    t = await appWithCatalogData();
  });
  afterAll(() => t?.store.close());
  const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });

  it('negotiates SVG, PNG and Vega-Lite by ?format= or Accept, each named for download; 406 for what it cannot serve', async () => {
    const cases = [
      ['format=svg', {}, 'image/svg+xml; charset=utf-8', 'china-cybersecurity-software-ban-2026_car.svg'],
      ['', { accept: 'image/svg+xml' }, 'image/svg+xml; charset=utf-8', 'china-cybersecurity-software-ban-2026_car.svg'],
      ['format=png', {}, 'image/png', 'china-cybersecurity-software-ban-2026_car.png'],
      ['', { accept: 'image/png' }, 'image/png', 'china-cybersecurity-software-ban-2026_car.png'],
      ['format=vega-lite', {}, 'application/vnd.vegalite.v6+json; charset=utf-8', 'china-cybersecurity-software-ban-2026_car.vl.json'],
      ['', { accept: 'application/vnd.vegalite.v6+json' }, 'application/vnd.vegalite.v6+json; charset=utf-8', 'china-cybersecurity-software-ban-2026_car.vl.json'],
      ['', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, 'application/json', null],
      ['', { accept: 'image/webp;q=1, text/csv;q=0.5' }, 'text/csv; charset=utf-8', 'china-cybersecurity-software-ban-2026_days.csv'],
    ] as const;
    for (const [query, headers, type, file] of cases) {
      const res = await get(`${HEADLINE}/study?roles=named_firm&${query}`, headers);
      expect(res.status, `${query} ${JSON.stringify(headers)}`).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      if (file) expect(res.headers.get('content-disposition')).toMatch(new RegExp(`filename="${file.replace(/\./g, '\\.')}"`));
    }
    for (const path of [`${HEADLINE}/study`, `${HEADLINE}/premarket`]) {
      const refused = await get(path, { accept: 'image/webp, application/xml' });
      expect(refused.status).toBe(406);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect((await refused.json()).detail).toMatch(/image\/svg\+xml.*image\/png/);
    }
  });

  it('takes the title, subtitle, source and width from the query, refuses a width it cannot draw, and keys the ETag on them', async () => {
    const base = `${HEADLINE}/study?roles=named_firm&format=svg`;
    const res = await get(`${base}&title=${encodeURIComponent('Cyber stocks & the ban')}&subtitle=Sub&source=${encodeURIComponent('Source: Desk')}&width=375`);
    const svg = await res.text();
    expect(svg).toContain('width="375"');
    const texts = svgTexts(svg);
    expect(texts.filter((x) => x.role === 'title').map((x) => x.text).join(' ')).toBe('Cyber stocks & the ban');
    expect(texts.find((x) => x.role === 'subtitle')?.text).toBe('Sub');
    expect(texts.at(-1)?.text).toBe('Source: Desk');
    const plain = await get(base);
    expect(plain.headers.get('etag')).not.toBe(res.headers.get('etag'));
    const bad = await get(`${base}&width=5000`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].field).toBe('width');
  });

  it('states the finding in the default title and names the price and news sources', async () => {
    const svg = await (await get(`${HEADLINE}/study?roles=named_firm,parent_company&format=svg`)).text();
    const study = (await (await get(`${HEADLINE}/study?roles=named_firm,parent_company`)).json()) as { summary: { window: number[]; finding: string; sentence: string }[] };
    const title = svgTexts(svg).filter((x) => x.role === 'title').map((x) => x.text).join(' ');
    // The study's own verdict on [0, 1] is the title; its caveats are in the subtitle.
    const verdict = study.summary.find((v) => v.window[0] === 0 && v.window[1] === 1)!;
    expect(title).toBe(verdict.finding);
    expect(title).toMatch(/^The nine named firms and parent companies fell 1\.1% beyond the sector fund CIBR over the day of the news and the next \(p = 0\.03, Kolari-Pynnönen-adjusted BMP test\): unlikely to be chance alone\.$/);
    const subtitle = svgTexts(svg).filter((x) => x.role === 'subtitle').map((x) => x.text).join(' ');
    expect(subtitle).toContain('AVGO confounded by other news');
    expect(svg).toMatch(/Prices: Yahoo Finance adjusted daily closes; news: tradingkey\.com and 10 other reports/);
  });

  it('hands out a Vega-Lite spec with every plotted point inline', async () => {
    const study = await (await get(`${HEADLINE}/study?roles=named_firm`)).json();
    const spec = await (await get(`${HEADLINE}/study?roles=named_firm&format=vega-lite`)).json();
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    const points = spec.layer[1].data.values as { symbol: string; t: number; car: number }[];
    const ok = study.securities.filter((s: { status: string }) => s.status === 'ok');
    expect(new Set(points.map((p) => p.symbol))).toEqual(new Set(ok.map((s: { symbol: string }) => s.symbol)));
    const panw = ok.find((s: { symbol: string }) => s.symbol === 'PANW');
    const anchor = panw.days.find((d: { t: number }) => d.t === -1).car;
    const day1 = panw.days.find((d: { t: number }) => d.t === 1).car;
    expect(points.find((p) => p.symbol === 'PANW' && p.t === 1)!.car).toBeCloseTo(day1 - anchor, 14);
  });

  it('draws the premarket split: two bars per security with both parts, the close-only ones named', async () => {
    const json = await (await get(`${HEADLINE}/premarket`)).json();
    const res = await get(`${HEADLINE}/premarket?format=svg&width=375`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('china-cybersecurity-software-ban-2026_premarket.svg');
    const svg = await res.text();
    const split = json.securities.filter((s: { status: string }) => s.status === 'ok').map((s: { symbol: string }) => s.symbol);
    expect(split.length).toBeGreaterThan(1);
    const texts = svgTexts(svg);
    // README: mean close-to-close AR −0.26% (t −0.53, p 0.62) over the 7 with both parts.
    expect(texts.filter((x) => x.role === 'title').map((x) => x.text).join(' ')).toBe(
      'No clear day-0 abnormal move to split: mean −0.3% (p = 0.62, no evidence of an effect: consistent with chance)',
    );
    expect(texts.filter((x) => x.role === 'legend').map((x) => x.text)).toEqual([...split, `Mean (N = ${split.length})`]);
    expect((svg.match(/<rect [^>]*fill="#1f5fa8"><title>/g) ?? []).length).toBe(split.length + 1);
    expect(svg).toMatch(/Not split \(close-only prices or no data\): .*CHKP/);
    expect(overlappingTexts(texts)).toEqual([]);
    const png = await get(`${HEADLINE}/premarket?format=png&width=375`);
    expect(pngSize(new Uint8Array(await png.arrayBuffer())).width).toBe(750);
  });

  const events = catalogEvents().filter((e) => e.securities.some((s) => s.listed_in_us));
  it.each(events.map((e) => e.id))('%s: SVG and PNG at 800 and 375 px, every studied security in the legend, no overlapping text', async (id) => {
    const study = await get(`/v1/events/${id}/study`);
    if (study.status === 422) return; // no security with stored prices: nothing to draw (checked below)
    expect(study.status).toBe(200);
    const ok = (await study.json()).securities.filter((s: { status: string }) => s.status === 'ok').map((s: { symbol: string }) => s.symbol);
    for (const width of [800, 375]) {
      const svg = await (await get(`/v1/events/${id}/study?format=svg&width=${width}`)).text();
      const texts = svgTexts(svg);
      expect(texts.filter((x) => x.role === 'legend').map((x) => x.text.split(' ')[0]).sort()).toEqual([...ok].sort());
      expect(overlappingTexts(texts), `${id} at ${width}`).toEqual([]);
      const height = Number(/height="(\d+)"/.exec(svg)![1]);
      const png = await get(`/v1/events/${id}/study?format=png&width=${width}`);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect(pngSize(new Uint8Array(await png.arrayBuffer()))).toEqual({ width: 2 * width, height: 2 * height });
    }
  });

  it('draws at least the headline events (so the loop above is not empty)', async () => {
    const drawn = [];
    for (const e of events) if ((await get(`/v1/events/${e.id}/study`)).status === 200) drawn.push(e.id);
    expect(drawn.length).toBeGreaterThanOrEqual(15);
    expect(drawn).toContain('china-cybersecurity-software-ban-2026');
  });
});
