import type { Context } from 'hono';
import { etagFor, etagMatches, validatorHeaders } from '../study/study-cache.js';

/**
 * A strong ETag for a deterministic response computed from `inputs` (stored-data version,
 * parameters, format). Returns a 304 response when the client's If-None-Match already holds it,
 * else the headers to send with the full response.
 */
export async function conditional(c: Context, inputs: unknown): Promise<{ notModified: Response } | { headers: Record<string, string> }> {
  const etag = await etagFor(inputs);
  const headers = validatorHeaders(etag);
  if (etagMatches(c.req.header('if-none-match'), etag)) return { notModified: c.body(null, 304, headers) };
  return { headers };
}
