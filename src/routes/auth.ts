import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';

const encoder = new TextEncoder();

/** Equal-time comparison of two secrets via their SHA-256 digests (Web Crypto: Node and Workers). */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([a, b].map((s) => crypto.subtle.digest('SHA-256', encoder.encode(s))));
  const x = new Uint8Array(da!);
  const y = new Uint8Array(db!);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

/**
 * Guards writes: `Authorization: Bearer <API_KEY>`. Without API_KEY configured, writes are
 * disabled (403), so a forgotten key never means an open server.
 */
export function requireApiKey(apiKey: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!apiKey) {
      throw new AppError(403, 'Writes disabled', 'This server has no API_KEY configured, so writes are disabled. Set API_KEY in the environment to enable them.');
    }
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!token || !(await sameSecret(token, apiKey))) {
      c.header('WWW-Authenticate', 'Bearer realm="market-impact"');
      throw new AppError(401, 'Unauthorized', token ? 'The API key is not valid.' : 'Writes need the header Authorization: Bearer <API_KEY>.');
    }
    await next();
  };
}
