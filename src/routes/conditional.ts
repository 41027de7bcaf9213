import type { Context } from 'hono';
import { fingerprint } from '../study/study-cache.js';

/** Bumped when the shape or meaning of responses changes, so old ETags stop matching. */
const REPRESENTATION_VERSION = 1;

/**
 * A strong ETag for a deterministic response: the fingerprint of everything it is computed
 * from (stored-data version, event, parameters, format). Returns a 304 response when the
 * client's If-None-Match already holds it, else the headers to send with the full response.
 */
export async function conditional(c: Context, inputs: unknown): Promise<{ notModified: Response } | { headers: Record<string, string> }> {
  const etag = `"${await fingerprint({ v: REPRESENTATION_VERSION, inputs })}"`;
  // Format follows the Accept header too, so shared caches must key on it.
  const headers = { ETag: etag, 'Cache-Control': 'public, max-age=300', Vary: 'Accept' };
  const match = c.req.header('if-none-match');
  // Weak comparison (RFC 9110 13.1.2): a proxy that compresses may have added W/.
  if (match && match.split(',').some((m) => m.trim().replace(/^W\//, '') === etag || m.trim() === '*')) {
    return { notModified: c.body(null, 304, headers) };
  }
  return { headers };
}
