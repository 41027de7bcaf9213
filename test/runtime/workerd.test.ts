import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The Worker build of the same Hono app, run by wrangler's local workerd runtime: it must start,
 * serve the catalog, and answer study routes with a clear 503 (no DuckDB on the edge).
 */
const PORT = 8000 + Math.floor(Math.random() * 900);
const base = `http://127.0.0.1:${PORT}`;
let child: ChildProcess;

async function waitForServer(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('wrangler dev did not start within 45 s');
}

describe('Cloudflare Worker (wrangler dev, workerd)', () => {
  beforeAll(async () => {
    child = spawn('npx', ['wrangler', 'dev', '--port', String(PORT), '--ip', '127.0.0.1', '--log-level', 'error'], {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
      stdio: 'ignore',
      detached: true,
    });
    await waitForServer(Date.now() + 45_000);
  }, 60_000);

  afterAll(() => {
    if (child?.pid) process.kill(-child.pid, 'SIGTERM');
  });

  it('serves health without a price store, and the headline event with its day 0', async () => {
    const health = await (await fetch(`${base}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'none', symbols: 0 });
    expect(health.events).toBeGreaterThanOrEqual(13);
    const event = await (await fetch(`${base}/v1/events/china-cybersecurity-software-ban-2026`)).json();
    expect(event.day_zero.date).toBe('2026-01-14');
  });

  it('answers a study with a 503 problem naming the Node server', async () => {
    const res = await fetch(`${base}/v1/events/china-cybersecurity-software-ban-2026/study`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await res.json()).detail).toMatch(/Node server/);
  });

  it('serves the page and the API reference with their own assets (bundled, no CDN)', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('<script type="module" src="/assets/app.js"></script>');
    const docs = await (await fetch(`${base}/docs`)).text();
    expect(docs).toContain('/assets/swagger-ui-bundle.js');
    expect(docs).not.toMatch(/https?:\/\//);
    for (const [asset, type, marker] of [
      ['swagger-ui-bundle.js', 'text/javascript', 'SwaggerUIBundle'],
      ['swagger-ui.css', 'text/css', '.swagger-ui'],
      ['app.js', 'text/javascript', 'studyRequest'],
      ['plain-language.json', 'application/json', 'unlikely to be chance alone'],
    ]) {
      const res = await fetch(`${base}/assets/${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(await res.text()).toContain(marker);
    }
  });
});
