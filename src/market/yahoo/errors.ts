import { AppError, NotFoundError, UpstreamError } from '../../errors.js';

/**
 * Yahoo faults as the service's own errors (src/errors.ts): each names the symbol(s) and range
 * it was fetching, and is mapped to problem+json by the app's one error handler.
 */

/** What was being fetched when a fault happened; goes into every message and problem body. */
export type FetchContext = {
  symbols: readonly string[];
  /** e.g. 'daily prices', '30m bars', 'quote' */
  what: string;
  from?: string;
  to?: string;
};

const OFFLINE_HELP =
  'Prices already in the database still work. To work without a network, load a local data ' +
  'directory instead: `npm run import -- <dir>`, or start the server with MARKET_DATA_DIR=<dir> ' +
  '(e.g. MARKET_DATA_DIR=../shared/market-data); PRICE_PROVIDER=none uses stored prices only.';

function describe(ctx: FetchContext): string {
  const range = ctx.from && ctx.to ? ` ${ctx.from}..${ctx.to}` : '';
  return `${ctx.what} for ${ctx.symbols.join(', ')}${range}`;
}

function extra(ctx: FetchContext, more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    symbol: ctx.symbols.length === 1 ? ctx.symbols[0] : undefined,
    symbols: ctx.symbols.length > 1 ? [...ctx.symbols] : undefined,
    range: ctx.from && ctx.to ? { from: ctx.from, to: ctx.to } : undefined,
    ...more,
  };
}

/** Thrown when Yahoo cannot be reached at all (no network, DNS failure, connection refused). */
export class YahooOfflineError extends UpstreamError {
  constructor(ctx: FetchContext, cause: string) {
    super(
      503,
      `Could not fetch ${describe(ctx)}: the network is unreachable (${cause}). ${OFFLINE_HELP}`,
      extra(ctx, { reason: 'offline' }),
    );
  }
}

/** Thrown when Yahoo did not answer within the time allowed, or the connection kept dropping. */
export class YahooTimeoutError extends UpstreamError {
  constructor(ctx: FetchContext, detail: string, reason: 'timeout' | 'connection' = 'timeout') {
    super(503, `Could not fetch ${describe(ctx)}: ${detail}. Nothing stored was changed; try again later.`, extra(ctx, { reason }));
  }
}

/** Thrown when Yahoo kept answering HTTP 429 (too many requests) after the allowed retries. */
export class YahooRateLimitedError extends UpstreamError {
  constructor(ctx: FetchContext, attempts: number) {
    super(
      503,
      `Could not fetch ${describe(ctx)}: Yahoo Finance is rate-limiting requests (HTTP 429, ${attempts} attempts). ` +
        'Nothing stored was changed; try again in a few minutes.',
      extra(ctx, { reason: 'rate-limited', upstream_status: 429, attempts }),
    );
  }
}

/** Thrown when Yahoo kept failing (HTTP 5xx) after the allowed retries. */
export class YahooServerError extends UpstreamError {
  constructor(ctx: FetchContext, status: number, attempts: number) {
    super(
      502,
      `Could not fetch ${describe(ctx)}: Yahoo Finance answered HTTP ${status} (${attempts} attempts). ` +
        'Nothing stored was changed; try again later.',
      extra(ctx, { reason: 'upstream-failure', upstream_status: status, attempts }),
    );
  }
}

/**
 * Thrown when Yahoo answered but the answer cannot be used: not JSON, not the expected shape
 * (the library's schema validation failed), an empty chart where bars were due, a refused request.
 */
export class YahooBadResponseError extends UpstreamError {
  constructor(ctx: FetchContext, reason: string, problem: string, more: Record<string, unknown> = {}) {
    super(502, `Could not use Yahoo Finance's answer for ${describe(ctx)}: ${problem}. Nothing stored was changed.`, extra(ctx, { reason, ...more }));
  }
}

/** Thrown when one part of a range split into several requests failed: none of it is stored. */
export class YahooPartialFetchError extends UpstreamError {
  constructor(ctx: FetchContext, failed: { from: string; to: string }, done: number, total: number, cause: AppError) {
    super(
      cause.status === 503 ? 503 : 502,
      `Could not fetch ${describe(ctx)}: the part ${failed.from}..${failed.to} failed after ${done} of ${total} ` +
        `parts succeeded, so none of it was stored (${cause.message})`,
      extra(ctx, { reason: 'partial-range', failed_range: failed, parts_done: done, parts_total: total }),
    );
  }
}

/** Thrown when Yahoo does not know the symbol (HTTP 404, "No data found, symbol may be delisted"). */
export class UnknownSymbolError extends NotFoundError {
  constructor(ctx: FetchContext, upstream: string) {
    super(
      `Yahoo Finance does not know ${ctx.symbols.join(', ')} (asked for ${describe(ctx)}): ${upstream || 'not found'}. ` +
        "Check the symbol (Yahoo's spelling, e.g. BRK-B, OCDO.L).",
    );
    // NotFoundError takes no extra fields; its (fresh) extra object is filled in place.
    Object.assign(this.extra, extra(ctx, { reason: 'unknown-symbol' }));
  }
}

/**
 * A failed HTTP exchange with Yahoo, before it is known which symbol it was for: thrown by the
 * transport, turned into one of the errors above by `toYahooError`.
 */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly kind: 'offline' | 'timeout' | 'network' | 'http',
    message: string,
    readonly status: number | null = null,
    readonly attempts = 1,
    readonly upstream = '',
  ) {
    super(message);
  }
}

/** Any error from fetching `ctx` as the one service error to throw. */
export function toYahooError(err: unknown, ctx: FetchContext): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof TransportError) {
    if (err.kind === 'offline') return new YahooOfflineError(ctx, err.message);
    if (err.kind === 'timeout') return new YahooTimeoutError(ctx, err.message);
    if (err.kind === 'network') return new YahooTimeoutError(ctx, `${err.message} (${err.attempts} attempts)`, 'connection');
    const status = err.status ?? 0;
    if (status === 429) return new YahooRateLimitedError(ctx, err.attempts);
    if (status >= 500) return new YahooServerError(ctx, status, err.attempts);
    if (status === 404) return new UnknownSymbolError(ctx, err.upstream);
    return new YahooBadResponseError(ctx, 'request-refused', `Yahoo refused the request with HTTP ${status}${err.upstream ? ` (${err.upstream})` : ''}`, {
      upstream_status: status,
    });
  }
  const e = err as { name?: string; message?: string; errors?: unknown[] };
  if (e?.name === 'FailedYahooValidationError') {
    const issues = (e.errors ?? []).slice(0, 3).map((i) => {
      const x = i as { instancePath?: string; message?: string };
      return `${x.instancePath || '(root)'} ${x.message ?? ''}`.trim();
    });
    return new YahooBadResponseError(ctx, 'validation', `the response failed yahoo-finance2's schema validation (${issues.join('; ')})`, {
      validation_errors: issues,
    });
  }
  const message = String(e?.message ?? err);
  if (/not parsable|Unexpected token|JSON/i.test(message)) {
    return new YahooBadResponseError(ctx, 'malformed', `the response was not valid JSON (${clip(message)})`);
  }
  return new YahooBadResponseError(ctx, 'unexpected', clip(message));
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
