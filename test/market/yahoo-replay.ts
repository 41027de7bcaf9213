/**
 * Replays REAL recorded Yahoo Finance responses (../shared/market-data/yahoo, read at test time,
 * never copied here) through an injected `fetch`, so the real yahoo-finance2 library parses and
 * validates them and no test touches the network.
 *
 * - Charts are served cut to the period the request asks for (bars, adjclose and events with
 *   timestamps in [period1, period2)); an interval the recording does not have is refused.
 * - Quotes are served with only the requested symbols (Yahoo leaves unknown ones out).
 * - Yahoo's cookie/crumb handshake, which `quote()` performs first, was NOT recorded: `crumb()`
 *   answers it with an obviously fake cookie and the crumb value the recorded quote URLs carry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from '../helpers/paths.js';

export const YAHOO_DIR = resolve(ROOT, '../shared/market-data/yahoo');
export const NYF2 = join(YAHOO_DIR, 'node-yahoo-finance2');
export const HAS_YAHOO = existsSync(NYF2) && existsSync(join(YAHOO_DIR, 'yfinance-rs'));

export type Recording = {
  request: { url: string };
  response: { status: number; statusText?: string; headers: Record<string, string | string[]>; bodyJson?: unknown; body?: string };
};

// Recorded JSON is walked loosely (`any`) on purpose: the tests read the numbers straight from it.
export type ChartBody = { chart: { result: any[]; error: unknown } };

/** A node-yahoo-finance2 fixture, by its path under node-yahoo-finance2/. */
export function recording(name: string): Recording {
  return JSON.parse(readFileSync(join(NYF2, name), 'utf8')) as Recording;
}

/** The recorded response body as JSON (fixtures store it as `bodyJson` or as a string `body`). */
export function bodyOf(rec: Recording): any {
  return rec.response.bodyJson ?? JSON.parse(rec.response.body!);
}

/** A yfinance-rs raw response body, by file name under yfinance-rs/. */
export function rawBody(name: string): any {
  return JSON.parse(readFileSync(join(YAHOO_DIR, 'yfinance-rs', name), 'utf8'));
}

/** When the response was recorded (its HTTP Date header): the clock for intraday-reach rules. */
export function recordedAt(rec: Recording): Date {
  const date = rec.response.headers.date;
  return new Date(Array.isArray(date) ? date[0]! : date!);
}

/** The recorded chart's result[0] (meta, timestamp, indicators, events). */
export function chartResult(rec: Recording): any {
  return (bodyOf(rec) as ChartBody).chart.result[0];
}

/** The crumb the recorded quote requests carried (query parameter `crumb`). */
export function recordedCrumb(): string {
  return new URL(recording('quote-AAPL.json').request.url).searchParams.get('crumb')!;
}

type Route = (url: URL, init: RequestInit | undefined) => Response | Promise<Response> | undefined;

export class Replay {
  /** Every URL requested, in order. */
  readonly calls: string[] = [];
  private readonly routes: Route[] = [];
  inFlight = 0;
  peakInFlight = 0;
  /** Delay before answering (ms), to let concurrent requests overlap. */
  delayMs = 0;

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    this.calls.push(url.toString());
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      for (const route of this.routes) {
        const response = await route(url, init);
        if (response) return response;
      }
      throw new Error(`replay: nothing recorded for ${url}`);
    } finally {
      this.inFlight -= 1;
    }
  };

  /** Custom answer (fault injection); routes are tried in the order they were added. */
  use(route: Route): this {
    this.routes.push(route);
    return this;
  }

  /** Serves a recorded v8 chart of `symbol`, cut to the requested period. */
  chart(rec: Recording): this {
    const recorded = new URL(rec.request.url);
    const symbol = decodeURIComponent(recorded.pathname.split('/').at(-1)!);
    const interval = recorded.searchParams.get('interval');
    return this.use((url) => {
      if (!url.pathname.startsWith('/v8/finance/chart/') || decodeURIComponent(url.pathname.split('/').at(-1)!) !== symbol) return undefined;
      if (url.searchParams.get('interval') !== interval) {
        throw new Error(`replay: ${symbol} was recorded at interval ${interval}, not ${url.searchParams.get('interval')}`);
      }
      const body = cutChart(bodyOf(rec) as ChartBody, Number(url.searchParams.get('period1')), Number(url.searchParams.get('period2')));
      return json(body, rec.response.status);
    });
  }

  /** Serves a recorded v7 quote body (the `quoteResponse` of a fixture or a raw yfinance-rs body). */
  quote(body: any): this {
    return this.use((url) => {
      if (url.pathname !== '/v7/finance/quote') return undefined;
      const wanted = new Set((url.searchParams.get('symbols') ?? '').split(','));
      const result = (body.quoteResponse.result as { symbol: string }[]).filter((q) => wanted.has(q.symbol));
      return json({ quoteResponse: { ...body.quoteResponse, result } });
    });
  }

  /**
   * NOT RECORDED: a stand-in for Yahoo's cookie/crumb handshake (finance.yahoo.com page sets a
   * cookie, then /v1/test/getcrumb returns the crumb). The cookie is fake; the crumb is the one
   * the recorded quote URLs carry.
   */
  crumb(): this {
    const crumb = recordedCrumb();
    return this.use((url) => {
      if (url.pathname === '/v1/test/getcrumb') return new Response(crumb, { status: 200, headers: { 'content-type': 'text/plain' } });
      if (url.hostname.endsWith('yahoo.com') && !/^\/v\d+\//.test(url.pathname)) {
        return new Response('<html>replay stand-in, not recorded</html>', {
          status: 200,
          headers: { 'set-cookie': 'A3=replay-stand-in-not-a-real-cookie; Domain=.yahoo.com; Path=/; Max-Age=3600; Secure' },
        });
      }
      return undefined;
    });
  }

  /** How many requests went to a URL containing `part`. */
  count(part: string): number {
    return this.calls.filter((c) => c.includes(part)).length;
  }
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json;charset=utf-8' } });
}

/** The chart with only the bars and events whose timestamps are in [period1, period2). */
export function cutChart(body: ChartBody, period1: number, period2: number): ChartBody {
  const copy = structuredClone(body);
  const r = copy.chart.result[0];
  const ts: number[] = r.timestamp ?? [];
  const keep = ts.flatMap((t, i) => (t >= period1 && t < period2 ? [i] : []));
  if (keep.length === 0) {
    delete r.timestamp;
    r.indicators = { quote: [{}] }; // Yahoo's shape for "no bars"
  } else {
    r.timestamp = keep.map((i) => ts[i]);
    for (const q of r.indicators.quote) for (const k of Object.keys(q)) q[k] = keep.map((i) => q[k][i]);
    for (const a of r.indicators.adjclose ?? []) a.adjclose = keep.map((i) => a.adjclose[i]);
  }
  for (const kind of ['dividends', 'splits']) {
    const events = r.events?.[kind];
    if (!events) continue;
    for (const key of Object.keys(events)) if (!(events[key].date >= period1 && events[key].date < period2)) delete events[key];
    if (Object.keys(events).length === 0) delete r.events[kind];
  }
  if (r.events && Object.keys(r.events).length === 0) delete r.events;
  return copy;
}

/** Recorded daily bars by date (UTC date of the timestamp: US and European bars open after 00:00 UTC). */
export function recordedDaily(rec: Recording): Map<string, { open: number; high: number; low: number; close: number; adjclose: number; volume: number }> {
  const r = chartResult(rec);
  const q = r.indicators.quote[0];
  const adj = r.indicators.adjclose[0].adjclose;
  const rows = new Map();
  r.timestamp.forEach((t: number, i: number) => {
    rows.set(new Date(t * 1000).toISOString().slice(0, 10), {
      open: q.open[i],
      high: q.high[i],
      low: q.low[i],
      close: q.close[i],
      adjclose: adj[i],
      volume: q.volume[i],
    });
  });
  return rows;
}
