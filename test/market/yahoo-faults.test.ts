/**
 * Faults talking to Yahoo end in typed errors (src/errors.ts model) naming symbol and range, and
 * never change what is stored. Successful answers are REAL recordings; the faults themselves
 * (429/503 statuses, a hanging request, a cut body, undici's offline errors) are injected.
 */
import { yahooReachable } from '../helpers/network.js';
import { describe, expect, it } from 'vitest';
import { AppError, NotFoundError, toProblem, UpstreamError } from '../../src/errors.js';
import { ReadThroughCache } from '../../src/market/read-through.js';
import {
  UnknownSymbolError,
  YahooBadResponseError,
  YahooOfflineError,
  YahooPartialFetchError,
  YahooRateLimitedError,
  YahooServerError,
  YahooTimeoutError,
} from '../../src/market/yahoo/errors.js';
import { YahooProvider, type YahooProviderOptions } from '../../src/market/yahoo/yahoo-provider.js';
import { StorePriceCache } from '../../src/store/store-price-cache.js';
import { memoryStore } from '../helpers/store.js';
import { replayedCache, snapshot, storedDaily } from './setup.js';
import { bodyOf, HAS_YAHOO, json, recordedAt, recording, Replay } from './yahoo-replay.js';

const MSFT = 'historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json';
const AAPL_1M = 'history/chart-AAPL-2024-10-02-to-2024-10-03-includePrePost-false-interval-1m.json';
const EMPTY_1M = 'chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json';
const DAY_MS = 86_400_000;

/** Answers the first `n` chart requests with `status`, then lets later routes answer. */
function failFirst(n: number, status: number, headers: Record<string, string> = {}) {
  let seen = 0;
  return (url: URL) => (url.pathname.startsWith('/v8/') && seen++ < n ? new Response('Too Many Requests', { status, headers }) : undefined);
}

/** The error `promise` rejects with (the test fails if it resolves). */
async function failure(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => expect.fail('expected a failure'),
    (e: unknown) => e as AppError,
  );
}

/** What undici throws when the network is down: TypeError('fetch failed') with the socket error as cause. */
function undiciOffline(code: string) {
  return () => {
    throw new TypeError('fetch failed', { cause: Object.assign(new Error(`getaddrinfo ${code} query2.finance.yahoo.com`), { code }) });
  };
}

/**
 * Stores MSFT for Mar-Jun 2021 from the recording, then runs `act` (which must fail) for Feb-Sep
 * and checks the store is exactly as before. Returns the error.
 */
async function failsWithoutChange(setup: (replay: Replay) => void, options: Partial<YahooProviderOptions> = {}) {
  const rec = recording(MSFT);
  let broken = false;
  const replay = new Replay().use((url, init) => (broken ? brokenReplay.fetch(url, init) : undefined)).chart(rec);
  const brokenReplay = new Replay();
  setup(brokenReplay);
  brokenReplay.chart(rec);
  const { store, cache, sleeps } = await replayedCache(replay, recordedAt(rec), options);
  await cache.ensureDaily(['MSFT'], '2021-03-01', '2021-06-30');
  const before = await snapshot(store);
  expect(before).toContain('2021-06-30');
  broken = true;
  const error = await failure(cache.ensureDaily(['MSFT'], '2021-02-01', '2021-09-30'));
  expect(await snapshot(store)).toBe(before);
  return { error, sleeps, calls: brokenReplay.calls };
}

describe.skipIf(!HAS_YAHOO)('Yahoo faults', () => {
  it('HTTP 429 then success: retried after a backoff, stored', async () => {
    const rec = recording(MSFT);
    const replay = new Replay().use(failFirst(1, 429)).chart(rec);
    const { store, cache, sleeps } = await replayedCache(replay, recordedAt(rec));
    await cache.ensureDaily(['MSFT'], '2021-02-01', '2021-02-26');
    expect(replay.count('/v8/finance/chart/MSFT')).toBe(2);
    expect(sleeps).toEqual([500]);
    expect((await storedDaily(store, 'MSFT')).size).toBe(19);
  });

  it('HTTP 429 with Retry-After waits as long as asked (within the cap)', async () => {
    const rec = recording(MSFT);
    const replay = new Replay().use(failFirst(1, 429, { 'retry-after': '3' })).chart(rec);
    const { cache, sleeps } = await replayedCache(replay, recordedAt(rec));
    await cache.ensureDaily(['MSFT'], '2021-02-01', '2021-02-26');
    expect(sleeps).toEqual([3000]);
  });

  it('HTTP 429 every time: YahooRateLimitedError (503) after 4 attempts, nothing changed', async () => {
    const { error, sleeps } = await failsWithoutChange((r) => r.use(failFirst(99, 429)));
    expect(error).toBeInstanceOf(YahooRateLimitedError);
    expect(error.status).toBe(503);
    expect(sleeps).toEqual([500, 1000, 2000]);
  });

  it('repeated HTTP 5xx: YahooServerError (502) naming symbol and range, exponential backoff, nothing changed', async () => {
    const { error, sleeps, calls } = await failsWithoutChange((r) => r.use(failFirst(99, 503)));
    expect(error).toBeInstanceOf(YahooServerError);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(calls).toHaveLength(4); // 1 + 3 retries
    expect(sleeps).toEqual([500, 1000, 2000]);
    expect(error.message).toMatch(/MSFT 2021-02-01\.\.2021-03-01/);
    expect(error.message).toMatch(/HTTP 503 \(4 attempts\)/);
    const problem = toProblem(error);
    expect(problem).toMatchObject({ status: 502, title: 'Price source error', symbol: 'MSFT', range: { from: '2021-02-01', to: '2021-03-01' }, upstream_status: 503 });
  });

  it('a request that hangs: YahooTimeoutError (503) after the deadline, nothing changed', async () => {
    const hang = (_url: URL, init: RequestInit | undefined) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const started = performance.now();
    const { error, calls } = await failsWithoutChange((r) => r.use(hang), { timeoutMs: 50 });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(YahooTimeoutError);
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/within 0\.05 s \(timed out\)/);
    expect(calls).toHaveLength(1); // a timeout is not retried
  });

  it('malformed JSON (the recorded body cut in half): YahooBadResponseError (502), nothing changed', async () => {
    const text = JSON.stringify(bodyOf(recording(MSFT)));
    const { error } = await failsWithoutChange((r) => r.use(() => new Response(text.slice(0, text.length / 2), { status: 200 })));
    expect(error).toBeInstanceOf(YahooBadResponseError);
    expect(error.status).toBe(502);
    expect(error.extra.reason).toBe('malformed');
    expect(error.message).toMatch(/MSFT .*not valid JSON/);
  });

  it('an answer that fails yahoo-finance2`s schema validation: YahooBadResponseError (502), nothing changed', async () => {
    const body = bodyOf(recording(MSFT));
    body.chart.result[0].meta.regularMarketTime = 'yesterday';
    const { error } = await failsWithoutChange((r) => r.use(() => json(body)));
    expect(error).toBeInstanceOf(YahooBadResponseError);
    expect(error.extra.reason).toBe('validation');
    expect(error.message).toMatch(/schema validation .*regularMarketTime/);
  });

  it('an empty chart where weeks of bars were due (the recorded empty AAPL chart): YahooBadResponseError, nothing stored', async () => {
    const rec = recording(EMPTY_1M);
    const replay = new Replay().use(() => json(bodyOf(rec)));
    const { store, cache } = await replayedCache(replay, recordedAt(rec));
    const before = await snapshot(store);
    const error = await failure(cache.ensureDaily(['AAPL'], '2025-01-06', '2025-01-24'));
    expect(error).toBeInstanceOf(YahooBadResponseError);
    expect(error.extra.reason).toBe('empty-chart');
    expect(error.message).toMatch(/AAPL 2025-01-06\.\.2025-01-24.*no bars for 15 weekdays/);
    expect(await snapshot(store)).toBe(before);
  });

  it('an unknown symbol (HTTP 404 with Yahoo`s error body): UnknownSymbolError (404), nothing changed', async () => {
    // Yahoo's not-found shape; no recording of it exists in the shared data.
    const notFound = { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } };
    const { error, calls } = await failsWithoutChange((r) => r.use(() => json(notFound, 404)));
    expect(error).toBeInstanceOf(UnknownSymbolError);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(calls).toHaveLength(1); // a 404 is not retried
    expect(toProblem(error)).toMatchObject({ status: 404, symbol: 'MSFT', range: { from: '2021-02-01', to: '2021-03-01' } });
    expect(error.message).toMatch(/No data found, symbol may be delisted/);
  });

  it('a range split into several requests (1m: 7 days each) with one failing part: YahooPartialFetchError, nothing stored', async () => {
    const rec = recording(AAPL_1M);
    const now = new Date(recordedAt(rec).getTime() + 5 * DAY_MS);
    const replay = new Replay()
      .use((url) => (Number(url.searchParams.get('period1')) >= Date.parse('2024-10-03T00:00:00Z') / 1000 ? new Response('', { status: 500 }) : undefined))
      .chart(rec);
    const { store, cache } = await replayedCache(replay, now);
    const before = await snapshot(store);
    const error = await failure(cache.intraday('AAPL', new Date('2024-09-26T00:00:00Z'), new Date('2024-10-09T00:00:00Z'), '1m'));
    expect(error).toBeInstanceOf(YahooPartialFetchError);
    expect(error.extra).toMatchObject({ reason: 'partial-range', parts_done: 1, parts_total: 2, failed_range: { from: '2024-10-03T00:00:00.000Z' } });
    expect(error.message).toMatch(/1m bars for AAPL 2024-09-26T00:00:00.000Z\.\.2024-10-09/);
    expect(await snapshot(store)).toBe(before);
  });

  it.each(['ENOTFOUND', 'ECONNREFUSED', 'EAI_AGAIN'])('offline (undici %s): YahooOfflineError (503) at once, saying how to load local data', async (code) => {
    const { error, calls, sleeps } = await failsWithoutChange((r) => r.use(undiciOffline(code)));
    expect(error).toBeInstanceOf(YahooOfflineError);
    expect(error.status).toBe(503);
    expect(calls).toHaveLength(1); // not retried
    expect(sleeps).toEqual([]);
    expect(error.message).toMatch(/MSFT 2021-02-01\.\.2021-03-01: the network is unreachable/);
    expect(error.message).toContain(code);
    expect(error.message).toMatch(/MARKET_DATA_DIR=/);
    expect(error.message).toMatch(/npm run import/);
  });

  it('several symbols: after the first failure no further symbol is started; the ones done stay stored', async () => {
    const rec = recording(MSFT);
    const replay = new Replay().use(undiciOffline('ENOTFOUND'));
    const { store, cache } = await replayedCache(replay, recordedAt(rec));
    const symbols = ['AAPL', 'AMZN', 'GOOG', 'MSFT', 'NVDA', 'QQQ', 'SPY', 'TSLA', 'META', 'NFLX'];
    await expect(cache.ensureDaily(symbols, '2021-02-01', '2021-02-26')).rejects.toBeInstanceOf(YahooOfflineError);
    expect(replay.calls.length).toBeLessThanOrEqual(4);
    expect(await snapshot(store)).toContain('securities: []');
  });
});

describe.skipIf(!HAS_YAHOO)('bounded concurrency towards Yahoo', () => {
  it('at most 4 requests are open at once, however many symbols are asked for', async () => {
    const files = ['AAPL', 'ABBV', 'AFRAF', 'AMZN', 'AZT.OL', 'BABA', 'CRON', 'EPAC', 'GOOG', 'OCDO.L', 'QQQ', 'SPOT'].map(
      (s) => [s, recording(`chart-${s}-2020-01-01-to-2020-01-03.json`)] as const,
    );
    const replay = new Replay();
    for (const [, rec] of files) replay.chart(rec);
    replay.delayMs = 20;
    const store = await memoryStore();
    const provider = new YahooProvider({ fetch: replay.fetch, now: () => recordedAt(files[0]![1]) });
    const cache = new ReadThroughCache(new StorePriceCache(store), provider, { concurrency: 12 });
    const report = await cache.ensureDaily(files.map(([s]) => s), '2020-01-01', '2020-01-02');
    expect(report.fetched).toHaveLength(12);
    expect(replay.calls).toHaveLength(12);
    expect(replay.peakInFlight).toBe(4);
    expect(provider.limiter.peak).toBe(4);
  });
});

describe.skipIf(yahooReachable)('offline on this machine, with the real fetch', () => {
  it('fails within 5 s with a 503 saying the network is unreachable (daily and quote)', async () => {
    const store = await memoryStore();
    const provider = new YahooProvider({ fetch: globalThis.fetch });
    const cache = new ReadThroughCache(new StorePriceCache(store), provider);
    for (const attempt of [() => cache.ensureDaily(['MSFT'], '2021-02-01', '2021-02-26'), () => provider.quote(['AAPL'])]) {
      const started = performance.now();
      const error = await failure(attempt());
      const seconds = (performance.now() - started) / 1000;
      expect(seconds).toBeLessThan(5);
      // This machine has no internet: DNS fails (offline) or, should it hang, the deadline cuts it (timeout).
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error.status).toBe(503);
      if (error instanceof YahooOfflineError) expect(error.message).toMatch(/network is unreachable.*MARKET_DATA_DIR/s);
      else expect(error).toBeInstanceOf(YahooTimeoutError);
    }
    expect(await snapshot(store)).toContain('daily_prices: []');
  });
});
