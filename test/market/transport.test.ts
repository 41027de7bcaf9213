/**
 * The transport under yahoo-finance2 (limiter, retries, what passes through) and input checks.
 * Answers are REAL recordings where a body matters; statuses and socket errors are injected.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { Limiter } from '../../src/market/yahoo/limiter.js';
import { resilientFetch } from '../../src/market/yahoo/transport.js';
import { TransportError } from '../../src/market/yahoo/errors.js';
import { YahooProvider } from '../../src/market/yahoo/yahoo-provider.js';
import { replayedCache } from './setup.js';
import { bodyOf, HAS_YAHOO, recordedAt, recording, Replay } from './yahoo-replay.js';

const MSFT = 'historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json';

describe('Limiter', () => {
  it('runs at most `concurrency` tasks, in order, with no queue-jumping when a slot frees', async () => {
    const limiter = new Limiter(2);
    const started: number[] = [];
    let active = 0;
    let peak = 0;
    const task = (i: number) =>
      limiter.run(async () => {
        started.push(i);
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        active -= 1;
        return i;
      });
    const first = Array.from({ length: 5 }, (_, i) => task(i));
    await first[0];
    const late = task(99); // arrives while 3 and 4 still wait: it must not overtake them
    expect(await Promise.all([...first, late])).toEqual([0, 1, 2, 3, 4, 99]);
    expect(started).toEqual([0, 1, 2, 3, 4, 99]);
    expect(peak).toBe(2);
    expect(limiter.peak).toBe(2);
  });

  it('rejects a concurrency that is not a positive integer', () => {
    expect(() => new Limiter(0)).toThrow(/positive integer/);
  });
});

describe('resilientFetch', () => {
  const noSleep = async () => {};

  it('retries a dropped connection (ECONNRESET) and returns the next answer', async () => {
    let calls = 0;
    const fetch = resilientFetch({
      fetch: async () => {
        if (calls++ === 0) throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
        return new Response('{"ok":true}', { status: 200 });
      },
      sleep: noSleep,
    });
    const response = await fetch('https://query2.finance.yahoo.com/v8/finance/chart/X');
    expect(await response.json()).toEqual({ ok: true });
    expect(calls).toBe(2);
  });

  it('passes a non-API 404 through (Yahoo`s cookie page answers 404 with a cookie) but throws for an API 404', async () => {
    const fetch = resilientFetch({ fetch: async () => new Response('not here', { status: 404 }) });
    expect((await fetch('https://fc.yahoo.com/')).status).toBe(404);
    await expect(fetch('https://query2.finance.yahoo.com/v8/finance/chart/X')).rejects.toMatchObject({ kind: 'http', status: 404 });
  });

  it('lets errors that are not network failures through unchanged', async () => {
    const boom = new Error('not a socket error');
    const fetch = resilientFetch({ fetch: async () => Promise.reject(boom) });
    await expect(fetch('https://query2.finance.yahoo.com/v8/finance/chart/X')).rejects.toBe(boom);
    expect(boom).not.toBeInstanceOf(TransportError);
  });

  it('a body that does not complete in time is a timeout', async () => {
    const fetch = resilientFetch({
      bodyTimeoutMs: 50,
      fetch: async (_url, init) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"chart":'));
              init?.signal?.addEventListener('abort', () => controller.error(init.signal!.reason));
            },
          }),
          { status: 200 },
        ),
    });
    await expect(fetch('https://query2.finance.yahoo.com/v8/finance/chart/X')).rejects.toMatchObject({ kind: 'timeout', message: /did not complete within 0\.05 s/ });
  });
});

describe.skipIf(!HAS_YAHOO)('provider input checks and the cookie handshake', () => {
  it('rejects bad symbols, dates and intervals with a ValidationError (400) before any request', async () => {
    const replay = new Replay();
    const { cache, provider } = await replayedCache(replay, new Date('2025-01-01T00:00:00Z'));
    await expect(cache.ensureDaily(['msft; drop'], '2021-01-01', '2021-02-01')).rejects.toBeInstanceOf(ValidationError);
    await expect(cache.ensureDaily(['MSFT'], '2021-02-30', '2021-03-01')).rejects.toBeInstanceOf(ValidationError);
    await expect(cache.ensureDaily(['MSFT'], '2021-03-01', '2021-02-01')).rejects.toThrow(/after/);
    await expect(cache.ensureDaily([], '2021-01-01', '2021-02-01')).rejects.toBeInstanceOf(ValidationError);
    // @ts-expect-error an interval Yahoo has but the service does not store
    await expect(provider.intraday('MSFT', new Date(0), new Date(1e12), '1wk')).rejects.toBeInstanceOf(ValidationError);
    await expect(provider.quote([])).rejects.toBeInstanceOf(ValidationError);
    expect(replay.calls).toEqual([]);
  });

  it('quote() works when the cookie page answers 404 (as fc.yahoo.com does)', async () => {
    const rec = recording('history/quote-QQQ-10am.json');
    const replay = new Replay()
      .use((url) =>
        url.hostname === 'finance.yahoo.com'
          ? new Response('', { status: 404, headers: { 'set-cookie': 'A3=replay-stand-in-not-a-real-cookie; Domain=.yahoo.com; Path=/; Max-Age=3600; Secure' } })
          : undefined,
      )
      .crumb()
      .quote(bodyOf(rec));
    const yahoo = new YahooProvider({ fetch: replay.fetch, now: () => recordedAt(rec) });
    const { quotes } = await yahoo.quote(['QQQ']);
    expect(quotes[0]).toMatchObject({ symbol: 'QQQ', marketState: 'PRE', preMarketPrice: bodyOf(rec).quoteResponse.result[0].preMarketPrice });
  });

  it('a symbol mismatch in the answer is refused (never stored under the wrong symbol)', async () => {
    const rec = recording(MSFT);
    const replay = new Replay().use((url) => (url.pathname.endsWith('/AAPL') ? new Response(JSON.stringify(bodyOf(rec)), { status: 200 }) : undefined));
    const { cache } = await replayedCache(replay, recordedAt(rec));
    await expect(cache.ensureDaily(['AAPL'], '2021-02-01', '2021-02-26')).rejects.toMatchObject({ status: 502, extra: { reason: 'symbol-mismatch' } });
  });
});
