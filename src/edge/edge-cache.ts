/**
 * Edge copies of the analytics tier's deterministic responses, validated by the origin's strong
 * ETag. A copy is fresh for the origin's own max-age; after that the edge asks the origin with
 * If-None-Match and a 304 renews it without moving the body again. A client's If-None-Match that
 * matches a fresh copy is answered here with a 304, so the container is not woken.
 */

/** What the edge needs of the Workers Cache API (`caches.default`). */
export type ResponseCache = {
  match(key: Request): Promise<Response | undefined>;
  put(key: Request, response: Response): Promise<void>;
};

export type CacheState = 'HIT' | 'MISS' | 'REVALIDATED' | 'BYPASS';

const STORED_AT = 'x-edge-stored-at';
const ORIGIN_CACHE_CONTROL = 'x-edge-origin-cache-control';
/** How long the Cache API keeps a copy; freshness is decided by the origin's max-age. */
const KEEP_SECONDS = 7 * 24 * 3600;
/** Headers that describe one exchange, not the representation. */
const PER_EXCHANGE = ['x-request-id', 'date', 'set-cookie', 'age', 'connection', 'keep-alive', 'transfer-encoding'];

/** One entry per URL and Accept header: the origin varies the format on Accept. */
export function cacheKey(request: Request): Request {
  const url = new URL(request.url);
  url.searchParams.set('__edge_accept', request.headers.get('accept') ?? '');
  return new Request(url.toString(), { method: 'GET' });
}

function maxAge(cacheControl: string | null): number | undefined {
  const m = /(?:^|,)\s*max-age=(\d+)/i.exec(cacheControl ?? '');
  return m ? Number(m[1]) : undefined;
}

/** A 200 with a strong ETag that a shared cache may keep for a while. */
export function isStorable(response: Response): boolean {
  const etag = response.headers.get('etag');
  const cc = response.headers.get('cache-control') ?? '';
  return (
    response.status === 200 &&
    etag !== null &&
    !etag.startsWith('W/') &&
    !/no-store|private|no-cache/i.test(cc) &&
    (maxAge(cc) ?? 0) > 0
  );
}

/** The copy to store: the origin's representation headers plus when it was stored. */
export function toStored(response: Response, now: number): Response {
  const headers = new Headers(response.headers);
  for (const h of PER_EXCHANGE) headers.delete(h);
  headers.set(ORIGIN_CACHE_CONTROL, response.headers.get('cache-control') ?? '');
  headers.set('cache-control', `public, max-age=${KEEP_SECONDS}`);
  headers.set(STORED_AT, String(now));
  return new Response(response.body, { status: 200, headers });
}

/** The stored copy with a new stored-at time (after the origin answered 304 to its ETag). */
export function renewed(stored: Response, now: number): Response {
  const headers = new Headers(stored.headers);
  headers.set(STORED_AT, String(now));
  return new Response(stored.body, { status: 200, headers });
}

export function ageSeconds(stored: Response, now: number): number {
  return Math.max(0, Math.floor((now - Number(stored.headers.get(STORED_AT) ?? 0)) / 1000));
}

export function isFresh(stored: Response, now: number): boolean {
  return ageSeconds(stored, now) < (maxAge(stored.headers.get(ORIGIN_CACHE_CONTROL)) ?? 0);
}

/** Whether the client's If-None-Match names `etag` (weak comparison, RFC 9110 13.1.2). */
export function matchesEtag(ifNoneMatch: string | null, etag: string | null): boolean {
  if (!ifNoneMatch || !etag) return false;
  return ifNoneMatch.split(',').some((m) => m.trim() === '*' || m.trim().replace(/^W\//, '') === etag);
}

/**
 * The client's answer from a stored copy: the origin's headers as it sent them (its
 * Cache-Control, an Age), a 304 when If-None-Match names the ETag, and where it came from.
 */
export function fromStored(request: Request, stored: Response, state: CacheState, now: number): Response {
  const headers = new Headers(stored.headers);
  headers.set('cache-control', stored.headers.get(ORIGIN_CACHE_CONTROL) ?? '');
  headers.set('age', String(ageSeconds(stored, now)));
  headers.delete(ORIGIN_CACHE_CONTROL);
  headers.delete(STORED_AT);
  headers.set('x-edge-cache', state);
  if (matchesEtag(request.headers.get('if-none-match'), headers.get('etag'))) {
    const notModified = new Headers();
    for (const h of ['etag', 'cache-control', 'vary', 'age', 'x-edge-cache']) {
      const v = headers.get(h);
      if (v !== null) notModified.set(h, v);
    }
    headers.forEach((v, h) => {
      if (h.startsWith('access-control-')) notModified.set(h, v);
    });
    return new Response(null, { status: 304, headers: notModified });
  }
  return new Response(request.method === 'HEAD' ? null : stored.body, { status: 200, headers });
}
