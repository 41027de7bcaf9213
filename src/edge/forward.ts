import { AppError, toProblem } from '../errors.js';
import { cacheKey, fromStored, isFresh, isStorable, renewed, toStored, type ResponseCache } from './edge-cache.js';
import type { Origin } from './origin.js';

export type ForwardOptions = {
  origin: Origin;
  /** The edge cache (caches.default in a Worker); without it every request goes to the origin. */
  cache?: ResponseCache | undefined;
  now?: () => number;
  /** Lets the response go out before the cache write ends (ExecutionContext.waitUntil). */
  waitUntil?: (work: Promise<unknown>) => void;
  /**
   * The edge's own answer when it has one without the analytics tier (an invalid request),
   * asked before the origin is; undefined sends the request on.
   */
  answerAtEdge?: (request: Request) => Promise<Response | undefined>;
};

const CONDITIONALS = ['if-none-match', 'if-match', 'if-modified-since', 'if-unmodified-since'];

/** The request as the edge sends it to the origin: the client's validators replaced by `etag`. */
function originRequest(request: Request, etag?: string): Request {
  const headers = new Headers(request.headers);
  for (const h of CONDITIONALS) headers.delete(h);
  if (etag) headers.set('if-none-match', etag);
  return new Request(request, { headers });
}

function withState(response: Response, state: string): Response {
  const headers = new Headers(response.headers);
  headers.set('x-edge-cache', state);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Answers a forwarded request. GETs go through the edge cache: a fresh copy (or a 304 for its
 * ETag) is served without calling the origin; a stale one is revalidated with If-None-Match; a
 * miss asks the origin for the full body (the client's validators are answered here, from it).
 * Everything else (POST studies, writes, HEAD) goes to the origin untouched.
 */
export async function forward(request: Request, options: ForwardOptions): Promise<Response> {
  const { origin, cache } = options;
  const now = options.now ?? Date.now;
  const store = (key: Request, copy: Response) => {
    const work = cache!.put(key, copy);
    if (options.waitUntil) options.waitUntil(work);
    else return work;
  };
  const atEdge = async () => {
    const answer = await options.answerAtEdge?.(request.clone());
    return answer && withState(answer, 'EDGE');
  };
  try {
    if (!cache || request.method !== 'GET') return (await atEdge()) ?? withState(await origin(request), 'BYPASS');
    const key = cacheKey(request);
    const stored = await cache.match(key);
    if (stored && isFresh(stored, now())) return fromStored(request, stored, 'HIT', now());
    if (!stored) {
      const answer = await atEdge();
      if (answer) return answer;
    }

    const etag = stored?.headers.get('etag') ?? undefined;
    const response = await origin(originRequest(request, etag));
    if (stored && response.status === 304 && response.headers.get('etag') === etag) {
      const copy = renewed(stored, now());
      const [forClient, forCache] = [copy.clone(), copy];
      await store(key, forCache);
      return fromStored(request, forClient, 'REVALIDATED', now());
    }
    if (!isStorable(response)) return withState(response, 'BYPASS');
    const copy = toStored(response, now());
    const forClient = copy.clone();
    await store(key, copy);
    return fromStored(request, forClient, 'MISS', now());
  } catch (err) {
    const problem = toProblem(err instanceof AppError ? err : new AppError(502, 'Bad gateway', `The edge could not forward the request: ${String(err)}`), new URL(request.url).pathname);
    return new Response(JSON.stringify(problem), { status: problem.status, headers: { 'content-type': 'application/problem+json' } });
  }
}
