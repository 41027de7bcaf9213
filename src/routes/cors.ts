import type { MiddlewareHandler } from 'hono';

const ALLOW_METHODS = 'GET,HEAD,POST,OPTIONS';
const ALLOW_HEADERS = 'Content-Type,Accept,If-None-Match';
const EXPOSE_HEADERS = 'ETag,X-Request-Id,Content-Disposition';

/**
 * CORS for a public read API: newsroom pages fetch data from the browser, so reads (GET, and the
 * POST studies) are open to every origin; writes need the API key, which a browser page should
 * not hold anyway. Preflights answer 204.
 *
 * Not Hono's cors(): it sets its headers on `c.res` before the handler runs, and Hono then copies
 * every answer into a new Response, its body re-wrapped as a stream. Under load that copy was the
 * largest part of what each request left for the collector (bench:soak). Headers set with
 * `c.header()` beforehand go into the answer as it is built.
 */
export function openCors(): MiddlewareHandler {
  return async (c, next) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, { 'Access-Control-Allow-Methods': ALLOW_METHODS, 'Access-Control-Allow-Headers': ALLOW_HEADERS, Vary: 'Access-Control-Request-Headers' });
    }
    await next();
  };
}
