import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';

export type RateLimit = {
  /** Sustained requests per client and minute. */
  perMinute: number;
  /** Requests a client may send at once before the sustained rate applies. */
  burst: number;
};

/** Clients remembered at once; the least recently seen is forgotten first (memory stays bounded). */
const MAX_CLIENTS = 10_000;

/** The client's address: the socket's on Node, Cloudflare's header on Workers. */
function clientKey(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? c.req.header('cf-connecting-ip') ?? 'unknown';
}

/**
 * A token bucket per client for expensive routes: `burst` requests at once, refilled at
 * `perMinute`. Beyond it, 429 problem+json with Retry-After (seconds until the next request is
 * allowed).
 */
export function rateLimit(limit: RateLimit, now: () => number = Date.now): MiddlewareHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = limit.perMinute / 60_000;
  return async (c, next) => {
    const key = clientKey(c);
    const t = now();
    const previous = buckets.get(key);
    const tokens = previous ? Math.min(limit.burst, previous.tokens + (t - previous.at) * perMs) : limit.burst;
    buckets.delete(key); // re-inserted below: Map order is then least recently seen first
    if (tokens < 1) {
      buckets.set(key, { tokens, at: t });
      const retryAfter = Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
      c.header('Retry-After', String(retryAfter));
      throw new AppError(
        429,
        'Too many requests',
        `This client sent more than ${limit.burst} study requests at once or more than ${limit.perMinute} a minute. Retry after ${retryAfter} s; a study with several securities in one request costs one request.`,
        { retry_after: retryAfter },
      );
    }
    buckets.set(key, { tokens: tokens - 1, at: t });
    if (buckets.size > MAX_CLIENTS) buckets.delete(buckets.keys().next().value!);
    await next();
  };
}
