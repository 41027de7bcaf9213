import { TransportError } from './errors.js';
import { Limiter } from './limiter.js';

/**
 * The `fetch` handed to yahoo-finance2: the injected fetch plus what talking to Yahoo needs —
 * bounded concurrency, a deadline per attempt, bounded retries with exponential backoff on HTTP
 * 429/5xx, and failures as `TransportError`s that say whether the network is unreachable, Yahoo
 * is slow, or Yahoo said no. Bodies are read here (under the deadline), so the library receives
 * a complete response.
 */
export type TransportOptions = {
  fetch: typeof globalThis.fetch;
  /** Requests open towards Yahoo at once (default 4). */
  limiter?: Limiter;
  /** Deadline for the response headers of one attempt, in ms (default 4000): covers DNS,
   *  connect, TLS and Yahoo's think time, so an unreachable network fails within seconds. */
  timeoutMs?: number;
  /** Deadline for one whole attempt including the body, in ms (default 30000). */
  bodyTimeoutMs?: number;
  /** Further attempts after a 429, a 5xx or a dropped connection (default 3). */
  retries?: number;
  /** First backoff delay in ms (default 500); doubles each retry, at most `maxBackoffMs` (default 8000). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Waits between attempts; injected so tests need not wait (default setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1): the delay is scaled by 0.5 + random/2 (default Math.random). */
  random?: () => number;
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
};

/** Error codes (undici's `cause.code`) that mean the network or host cannot be reached at all. */
const UNREACHABLE = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ECONNREFUSED', 'ENETUNREACH', 'ENETDOWN',
  'EHOSTUNREACH', 'EHOSTDOWN', 'UND_ERR_CONNECT_TIMEOUT',
]);
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

export const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function resilientFetch(options: TransportOptions): typeof globalThis.fetch {
  const o = {
    limiter: new Limiter(4),
    timeoutMs: 4000,
    bodyTimeoutMs: 30_000,
    retries: 3,
    backoffMs: 500,
    maxBackoffMs: 8000,
    sleep: sleepFor,
    random: Math.random,
    ...options,
  };

  async function once(url: string, init: RequestInit | undefined): Promise<Response> {
    const host = hostOf(url);
    const headersDeadline = new AbortController();
    const timer = setTimeout(() => headersDeadline.abort(), o.timeoutMs);
    const whole = AbortSignal.timeout(o.bodyTimeoutMs);
    const signal = AbortSignal.any([headersDeadline.signal, whole, ...(init?.signal ? [init.signal] : [])]);
    let response: Response;
    try {
      response = await o.fetch(url, { ...init, signal });
    } catch (err) {
      if (init?.signal?.aborted) throw err;
      if (headersDeadline.signal.aborted) {
        throw new TransportError('timeout', `no answer from ${host} within ${seconds(o.timeoutMs)} (timed out)`);
      }
      if (whole.aborted) throw new TransportError('timeout', `no answer from ${host} within ${seconds(o.bodyTimeoutMs)} (timed out)`);
      throw networkError(err, host);
    } finally {
      clearTimeout(timer);
    }
    let body: string | null = null;
    try {
      if (!NULL_BODY_STATUS.has(response.status)) body = await response.text();
    } catch (err) {
      if (init?.signal?.aborted) throw err;
      if (whole.aborted) throw new TransportError('timeout', `the answer from ${host} did not complete within ${seconds(o.bodyTimeoutMs)} (timed out)`);
      throw networkError(err, host);
    }
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  async function withRetries(url: string, init: RequestInit | undefined): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      let dropped: TransportError | undefined;
      try {
        response = await once(url, init);
      } catch (err) {
        // A dropped connection is worth another try; an unreachable network or a timeout is not
        // (offline must fail within seconds, not after a series of waits).
        if (err instanceof TransportError && err.kind === 'network') dropped = err;
        else throw err;
      }
      const retryable = dropped !== undefined || response!.status === 429 || response!.status >= 500;
      if (!retryable) {
        if (response!.status >= 400 && isApi(url)) {
          const text = await response!.text();
          throw new TransportError('http', `HTTP ${response!.status} from ${hostOf(url)}`, response!.status, attempt, upstreamText(text));
        }
        return response!;
      }
      if (attempt > o.retries) {
        if (dropped) throw new TransportError('network', dropped.message, null, attempt);
        const text = await response!.text();
        throw new TransportError('http', `HTTP ${response!.status} from ${hostOf(url)}`, response!.status, attempt, upstreamText(text));
      }
      const backoff = Math.min(o.maxBackoffMs, o.backoffMs * 2 ** (attempt - 1)) * (0.5 + o.random() / 2);
      const retryAfter = Number(response?.headers.get('retry-after')) * 1000;
      const delayMs = Math.round(Number.isFinite(retryAfter) && retryAfter > backoff ? Math.min(retryAfter, o.maxBackoffMs) : backoff);
      o.onRetry?.({ url, attempt, delayMs, reason: dropped ? dropped.message : `HTTP ${response!.status}` });
      await o.sleep(delayMs);
    }
  }

  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    return o.limiter.run(() => withRetries(url, init));
  };
}

/** undici throws `TypeError('fetch failed')` with the socket error as `cause` (sometimes an AggregateError). */
function networkError(err: unknown, host: string): unknown {
  const e = err as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string; errors?: { code?: string }[] } };
  const code = e?.cause?.code ?? e?.cause?.errors?.[0]?.code ?? e?.code;
  if (!code && !(err instanceof TypeError && e.message === 'fetch failed')) return err; // not a network failure
  const detail = e.cause?.message || code || e.message || 'fetch failed';
  if (code && UNREACHABLE.has(code)) return new TransportError('offline', `${host}: ${detail}`);
  return new TransportError('network', `the connection to ${host} failed (${detail})`);
}

/** Yahoo's own explanation in an error body (`{"chart":{"error":{"description":...}}}`), if any. */
function upstreamText(text: string): string {
  try {
    const json = JSON.parse(text) as Record<string, { error?: { code?: string; description?: string } } | undefined>;
    for (const value of Object.values(json)) {
      const error = value?.error;
      if (error) return [error.code, error.description].filter(Boolean).join(': ');
    }
  } catch {
    // not JSON (e.g. an HTML error page): say nothing rather than quote markup
  }
  return '';
}

function isApi(url: string): boolean {
  try {
    return /^\/v\d+\//.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const seconds = (ms: number) => `${+(ms / 1000).toFixed(2)} s`;
