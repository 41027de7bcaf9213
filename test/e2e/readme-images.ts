/**
 * Regenerates the README's pictures from the real shared data:
 *   npx tsx test/e2e/readme-images.ts
 * docs/web-page.png (1280 px), docs/web-page-375.png (a phone), docs/chart-headline.{svg,png}.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, serveOnLoopback } from '../helpers/browser.js';
import { appWithCatalogData } from '../helpers/catalog-app.js';
import { ROOT } from '../helpers/paths.js';

const VIEW = '/?event=china-cybersecurity-software-ban-2026&roles=named_firm,parent_company';
const CHART = '/v1/events/china-cybersecurity-software-ban-2026/study?roles=named_firm,parent_company';

const data = await appWithCatalogData();
const server = await serveOnLoopback(data.app);
const chromium = await launchChromium();
try {
  const page = await chromium.browser.newPage();
  for (const [width, height, file] of [[1280, 1900, 'web-page.png'], [375, 2000, 'web-page-375.png']] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(`${server.base}${VIEW}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await page.screenshot({ path: join(ROOT, 'docs', file) });
  }
  writeFileSync(join(ROOT, 'docs/chart-headline.svg'), await (await data.app.request(`${CHART}&format=svg`)).text());
  writeFileSync(join(ROOT, 'docs/chart-headline.png'), Buffer.from(await (await data.app.request(`${CHART}&format=png`)).arrayBuffer()));
} finally {
  await chromium.close();
  await server.close();
  data.store.close();
}
