import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchChromium, serveOnLoopback } from '../helpers/browser.js';
import { appWithCatalogData, catalogEvents } from '../helpers/catalog-app.js';
import { HAS_SHARED } from '../helpers/paths.js';

/**
 * The web page and /docs driven in headless Chromium (Debian's, installed by .ci/run), against
 * the app on a loopback port over the real shared data. In CI a missing browser fails the run.
 */
const HEADLINE = 'china-cybersecurity-software-ban-2026';
const RUN = HAS_SHARED && (HAS_CHROMIUM || !!process.env.CI);

let server: Awaited<ReturnType<typeof serveOnLoopback>>;
let data: Awaited<ReturnType<typeof appWithCatalogData>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: BrowserContext;
let page: Page;
const offOrigin: string[] = [];
const consoleErrors: string[] = [];

/** Share of non-white pixels and number of distinct colours of a PNG, decoded by the browser. */
async function pixelStats(png: Buffer): Promise<{ inked: number; colours: number; width: number }> {
  const blank = await browser.newPage();
  try {
    return await blank.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [img.width, img.height];
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      let inked = 0;
      const colours = new Set<number>();
      for (let i = 0; i < px.length; i += 4 * 7) {
        if (px[i]! < 245 || px[i + 1]! < 245 || px[i + 2]! < 245) inked++;
        colours.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
      }
      return { inked: inked / (px.length / 28), colours: colours.size, width: img.width };
    }, png.toString('base64'));
  } finally {
    await blank.close();
  }
}

/** Real (font-rendered) boxes of every <text> in the page's SVG charts that overlap another. */
async function overlappingLabels(p: Page, selector: string): Promise<string[]> {
  return p.evaluate((sel) => {
    const out: string[] = [];
    for (const svg of Array.from(document.querySelectorAll(sel))) {
      const boxes = Array.from(svg.querySelectorAll('text')).map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
      boxes.forEach((a, i) =>
        boxes.slice(i + 1).forEach((b) => {
          const overlap = a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5;
          if (overlap) out.push(`"${a.text}" / "${b.text}"`);
        }),
      );
    }
    return out;
  }, selector);
}

async function ready(p: Page, url?: string) {
  if (url) await p.goto(url);
  await p.waitForSelector('body[data-ready]', { timeout: 45_000 });
  expect(await p.locator('body').getAttribute('data-ready'), await p.locator('#status').innerText()).toBe('true');
}

describe.skipIf(!RUN)('web page in headless Chromium', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    data = await appWithCatalogData();
    server = await serveOnLoopback(data.app);
    chromium = await launchChromium();
    browser = chromium.browser;
    page = await browser.newPage();
    browser.on('request', (r) => {
      if (!r.url().startsWith(server.base) && !/^(data|blob):/.test(r.url())) offOrigin.push(r.url());
    });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  }, 150_000);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    data?.store.close();
  });

  it('loads the headline event: the verdict, one line per security with data, a table row per security, no overlapping labels', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await ready(page, `${server.base}/`);
    const study = await (await fetch(`${server.base}/v1/events/${HEADLINE}/study`)).json();
    const ok = study.securities.filter((s: { status: string }) => s.status === 'ok').map((s: { symbol: string }) => s.symbol);
    expect(await page.locator('#event').inputValue()).toBe(HEADLINE);
    const lines = await page.locator('#car-chart svg path[data-symbol]').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-symbol')));
    expect(lines.sort()).toEqual([...ok].sort());
    const rows = await page.locator('#securities-table tbody tr[data-symbol]').count();
    expect(rows).toBe(study.securities.length);
    // The verdict is the API's own sentence on CAR[0, 1] (numbers, test, words and caveats).
    const verdict = study.summary.find((v: { window: number[] }) => v.window[0] === 0 && v.window[1] === 1);
    expect(await page.locator('.verdict-main').innerText()).toBe(verdict.sentence);
    expect(verdict.sentence).toMatch(/beyond .*CIBR.* \(p = 0\.\d+, Kolari-Pynnönen-adjusted BMP test\)/);
    expect(await overlappingLabels(page, '#car-chart svg, #premarket-chart svg')).toEqual([]);
    const shot = await page.screenshot({ fullPage: true, path: '/tmp/market-impact-page-1280.png' });
    const stats = await pixelStats(shot);
    expect(stats.width).toBe(1280);
    expect(stats.inked).toBeGreaterThan(0.03);
    expect(stats.colours).toBeGreaterThan(20);
  });

  it('is reachable by keyboard: the first Tab lands on the skip link, every control has a label', async () => {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the result');
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input, select, textarea')).filter((el) => !(el as HTMLInputElement).labels?.length).map((el) => el.id),
    );
    expect(unlabelled).toEqual([]);
  });

  it('keeps every text at a contrast of at least 4.5:1 against its background (WCAG AA)', async () => {
    const weak = await page.evaluate(() => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) =>
        [r!, g!, b!].map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i]!, 0);
      const background = (el: Element | null): number[] => {
        for (; el; el = el.parentElement) {
          const c = rgb(getComputedStyle(el).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3]! > 0.5)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll('main *, header *, footer *'))) {
        const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim());
        if (!own || !(el as HTMLElement).offsetParent || el.closest('svg')) continue;
        const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 4.5) out.push(`${el.tagName} "${el.textContent!.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
      }
      return out;
    });
    expect(weak).toEqual([]);
  });

  it('switches the window and the benchmark, and keeps them in the URL', async () => {
    await page.evaluate(() => delete document.body.dataset.ready);
    await page.fill('#window', '-3,3');
    await page.fill('#benchmark', 'SPY');
    await page.getByRole('button', { name: 'Run the study' }).click();
    await ready(page);
    const url = new URL(page.url());
    expect(url.searchParams.get('window')).toBe('-3,3');
    expect(url.searchParams.get('car')).toBe('0,0;0,1;-1,1'); // [-5, 5] no longer fits, and the page says so
    expect(await page.locator('#car-help').innerText()).toBe('Left out -5,5: outside the event window -3,3.');
    expect(url.searchParams.get('benchmark')).toBe('SPY');
    expect(url.searchParams.get('event')).toBe(HEADLINE);
    expect(await page.locator('.verdict-main').innerText()).toMatch(/beyond .*SPY/);
    const ticks = await page.locator('#car-chart svg text[data-role="x-tick"]').allTextContents();
    expect([ticks[0], ticks.at(-1)]).toEqual(['−3', '+3']);
    // The link reproduces the view.
    const again = await browser.newPage();
    await ready(again, page.url());
    expect(await again.locator('#window').inputValue()).toBe('-3,3');
    expect(await again.locator('.verdict-main').innerText()).toBe(await page.locator('.verdict-main').innerText());
    await again.close();
  });

  it('downloads the CSV the API serves, byte for byte', async () => {
    const link = page.getByRole('link', { name: 'CSV: CARs' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = readFileSync(await download.path());
    const href = await link.getAttribute('href');
    expect(href).toContain('benchmark=SPY');
    const api = Buffer.from(await (await fetch(`${server.base}${href}`)).arrayBuffer());
    expect(file.equals(api)).toBe(true);
    expect(file.toString().split('\r\n')[0]).toMatch(/^id,symbol,window_start,window_end,car,se,t,p/);
  });

  it('studies tickers, a date and an announcement time entered by hand (a POST), and downloads its chart', async () => {
    await page.getByLabel('Your own tickers and date').check();
    await page.fill('#tickers', 'PANW, FTNT, CRWD');
    await page.fill('#date', '2026-01-14');
    await page.fill('#time', '06:10');
    await page.fill('#benchmark', 'CIBR');
    await page.getByRole('button', { name: 'Run the study' }).click();
    await ready(page);
    const url = new URL(page.url());
    expect([url.searchParams.get('tickers'), url.searchParams.get('date'), url.searchParams.get('time'), url.searchParams.get('event')]).toEqual(['PANW, FTNT, CRWD', '2026-01-14', '06:10', null]);
    expect(await page.locator('#securities-table tbody tr[data-symbol]').count()).toBe(3);
    // Same numbers as the API's ad-hoc study with the announcement time in New York (EST: −05:00).
    const api = await (
      await fetch(`${server.base}/v1/studies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ benchmark: 'CIBR', securities: ['PANW', 'FTNT', 'CRWD'].map((symbol) => ({ symbol, announced_at: '2026-01-14T06:10:00-05:00' })) }),
      })
    ).json();
    expect(await page.locator('.verdict-main').innerText()).toBe(api.summary.find((v: { window: number[] }) => v.window[0] === 0 && v.window[1] === 1).sentence);
    const cell = await page.locator('#securities-table tr[data-symbol="FTNT"] td').first().locator('.num').innerText();
    const ar0 = api.securities.find((s: { symbol: string }) => s.symbol === 'FTNT').days.find((d: { t: number }) => d.t === 0).ar;
    expect(cell).toBe(`${ar0 < 0 ? '−' : '+'}${Math.abs(ar0 * 100).toFixed(1)}%`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'SVG' }).click()]);
    expect(readFileSync(await download.path(), 'utf8')).toMatch(/^<svg xmlns/);
  });

  it('is usable at 375 px: no sideways scrolling of the page, a readable chart, not blank', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await ready(page, `${server.base}/?event=${HEADLINE}&roles=named_firm,parent_company`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const chartWidth = await page.locator('#car-chart svg').evaluate((s) => s.getAttribute('viewBox'));
    expect(Number(chartWidth!.split(' ')[2])).toBeLessThanOrEqual(375);
    expect(await overlappingLabels(page, '#car-chart svg, #premarket-chart svg')).toEqual([]);
    const stats = await pixelStats(await page.screenshot({ fullPage: true, path: '/tmp/market-impact-page-375.png' }));
    expect(stats.width).toBe(375);
    expect(stats.inked).toBeGreaterThan(0.03);
  });

  it('serves a chart-only view for embeds, framable, with a CSP on every page', async () => {
    const res = await page.goto(`${server.base}/?event=${HEADLINE}&view=chart`);
    expect(res!.headers()['content-security-policy']).toMatch(/frame-ancestors \*/);
    await ready(page);
    expect(await page.locator('#controls').isVisible()).toBe(false);
    expect(await page.locator('#car-chart svg').isVisible()).toBe(true);
    const main = await fetch(`${server.base}/`);
    expect(main.headers.get('content-security-policy')).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
    expect(main.headers.get('x-frame-options')).toBe('DENY');
  });

  it('renders /docs offline from the app\'s own Swagger UI files, at 1280 and 375 px', async () => {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.base}/docs`);
      await page.waitForSelector('.swagger-ui .opblock', { timeout: 30_000 });
      expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThanOrEqual(10);
      const stats = await pixelStats(await page.screenshot({ path: `/tmp/market-impact-docs-${width}.png` }));
      expect(stats.width).toBe(width);
      expect(stats.inked).toBeGreaterThan(0.03);
    }
  });

  it('draws every catalog event\'s chart with no overlapping labels in real fonts', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('about:blank');
    let drawn = 0;
    for (const e of catalogEvents()) {
      for (const width of [800, 375]) {
        const res = await data.app.request(`/v1/events/${e.id}/study?format=svg&width=${width}`);
        if (res.status === 422) continue;
        await page.setContent(`<div id="c">${await res.text()}</div>`);
        expect(await overlappingLabels(page, '#c svg'), `${e.id} at ${width}`).toEqual([]);
        drawn++;
      }
    }
    expect(drawn).toBeGreaterThanOrEqual(30);
  });

  it('asked nothing of any other origin and logged no error', () => {
    expect(offOrigin).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
