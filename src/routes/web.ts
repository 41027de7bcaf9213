import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app.js';
import { plainLanguageRules } from '../domain/plain-language.js';
import { NotFoundError, ServiceUnavailableError } from '../errors.js';
import { isAssetName, type AssetName } from '../web/static-assets.js';

/**
 * Content-Security-Policy of the pages: everything from this origin, nothing inline but styles
 * (Swagger UI sets style attributes), no framing except the chart-only view meant for embeds.
 */
function pageHeaders(frameable: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameable ? '*' : "'none'"}`,
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    ...(frameable ? {} : { 'X-Frame-Options': 'DENY' }),
  };
}

function serve(c: Context<AppEnv>, name: AssetName, headers: Record<string, string> = {}) {
  const assets = c.var.deps.assets;
  if (!assets) throw new ServiceUnavailableError('This deployment has no web assets configured.');
  const asset = assets(name)!;
  return c.body(asset.body, 200, { 'content-type': asset.type, 'X-Content-Type-Options': 'nosniff', ...headers });
}

/** The web page at `/`, its assets under /assets/, and the API reference at /docs (all served by the app). */
export function mountWeb(app: OpenAPIHono<AppEnv>): void {
  app.get('/', (c) => serve(c, 'index.html', { ...pageHeaders(c.req.query('view') === 'chart'), 'Cache-Control': 'no-cache' }));
  app.get('/docs', (c) => serve(c, 'docs.html', { ...pageHeaders(false), 'Cache-Control': 'no-cache' }));
  app.get('/assets/plain-language.json', (c) => c.json(plainLanguageRules(), 200, { 'Cache-Control': 'public, max-age=300' }));
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    if (!isAssetName(name) || name.endsWith('.html')) {
      throw new NotFoundError(`No asset "${name}". The page is at /, the API reference at /docs.`);
    }
    return serve(c, name, { 'Cache-Control': 'public, max-age=300' });
  });
}
