/**
 * `npm run sync -- SYMBOL... [--from] [--to] [--interval]`, run in-process against an in-memory
 * store and REAL recorded Yahoo responses.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { syncCommand } from '../../src/entry/sync-command.js';
import { memoryStore } from '../helpers/store.js';
import { storedDaily } from './setup.js';
import { HAS_YAHOO, json, recordedAt, recording, Replay } from './yahoo-replay.js';

const MSFT = 'historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json';
const TSLA_30M = 'history/chart-TSLA-2021-11-22-to-2021-11-23-interval-30m.json';

function capture(isTTY = false) {
  const stream = { text: '', isTTY, write: (t: string) => void (stream.text += t) };
  return stream;
}

describe.skipIf(!HAS_YAHOO)('sync command', () => {
  it('fetches daily prices with a progress line, then finds them stored', async () => {
    const rec = recording(MSFT);
    const replay = new Replay().chart(rec);
    const store = await memoryStore();
    const config = parseConfig({});
    const deps = { store, fetch: replay.fetch, now: () => recordedAt(rec) };

    const err = capture();
    const out = capture();
    const code = await syncCommand(['MSFT', '--from', '2021-02-01', '--to', '2022-01-28'], config, { ...deps, stderr: err, stdout: out });
    expect(code).toBe(0);
    expect(err.text).toBe('sync 1/1 MSFT 1d: fetched 2021-02-01..2022-01-28 (252 days, 4 dividends/splits)\n');
    expect(out.text).toMatch(/^synced 1 symbol\(s\) 1d 2021-02-01\.\.2022-01-28 in [\d.]+ s: 1 fetched, 0 already stored, 0 failed\n$/);
    expect((await storedDaily(store, 'MSFT')).size).toBe(252);

    const tty = capture(true);
    const again = capture();
    expect(await syncCommand(['sync', 'msft', '--from', '2021-02-01', '--to', '2022-01-28'], config, { ...deps, stderr: tty, stdout: again })).toBe(0);
    expect(tty.text).toBe('\r\x1b[2Ksync 1/1 MSFT 1d: fetching...\r\x1b[2Ksync 1/1 MSFT 1d: already stored\n');
    expect(again.text).toMatch(/0 fetched, 1 already stored/);
    expect(replay.calls).toHaveLength(1);
  });

  it('fetches intraday bars with --interval; a failed symbol is reported and exits 1', async () => {
    const rec = recording(TSLA_30M);
    // Yahoo's not-found answer for NOPE (its shape; not a recording).
    const notFound = { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } };
    const replay = new Replay().chart(rec).use((url) => (url.pathname.endsWith('/NOPE') ? json(notFound, 404) : undefined));
    const store = await memoryStore();
    const err = capture();
    const out = capture();
    const code = await syncCommand(['TSLA', 'NOPE', '--from', '2021-11-22', '--to', '2021-11-22', '--interval', '30m', '--json'], parseConfig({}), {
      store,
      fetch: replay.fetch,
      now: () => recordedAt(rec),
      stderr: err,
      stdout: out,
    });
    expect(code).toBe(1);
    expect(err.text).toMatch(/^sync 1\/2 TSLA 30m: fetched 30 bars; 30 stored in range\n/);
    expect(err.text).toMatch(/sync 2\/2 NOPE 30m: FAILED: Yahoo Finance does not know NOPE \(asked for 30m bars for NOPE 2021-11-22T00:00:00.000Z\.\.2021-11-23T00:00:00.000Z\): Not Found: No data found/);
    const report = JSON.parse(out.text) as { symbols: { symbol: string; status: string; result: Record<string, unknown> }[] };
    expect(report.symbols.map((s) => [s.symbol, s.status])).toEqual([
      ['TSLA', 'fetched'],
      ['NOPE', 'failed'],
    ]);
    expect(report.symbols[1]!.result).toMatchObject({ status: 404, symbol: 'NOPE', reason: 'unknown-symbol' });
  });

  it('offline: the first symbol says the network is unreachable, the rest are not tried', async () => {
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND query2.finance.yahoo.com'), { code: 'ENOTFOUND' }) });
    };
    const err = capture();
    const code = await syncCommand(['MSFT', 'NVDA', 'AAPL'], parseConfig({}), { store: await memoryStore(), fetch, stderr: err, stdout: capture() });
    expect(code).toBe(1);
    expect(calls).toBe(1);
    expect(err.text).toMatch(/sync 1\/3 MSFT 1d: FAILED: .*network is unreachable.*MARKET_DATA_DIR/);
    expect(err.text).toMatch(/sync 3\/3 AAPL 1d: FAILED: not tried, the network is unreachable/);
  });

  it('rejects bad usage with exit code 2, and refuses to run with PRICE_PROVIDER=none', async () => {
    const store = await memoryStore();
    const fetch = () => Promise.reject(new Error('no network in this test'));
    for (const argv of [[], ['MSFT', '--interval', '2d'], ['MSFT', '--from'], ['MSFT', '--from', '2021-13-01'], ['bad symbol!'], ['MSFT', '--frm', 'x']]) {
      const err = capture();
      expect(await syncCommand(argv, parseConfig({}), { store, fetch, stderr: err, stdout: capture() }), argv.join(' ')).toBe(2);
      expect(err.text).toMatch(/Usage:/);
    }
    const err = capture();
    expect(await syncCommand(['MSFT'], parseConfig({ PRICE_PROVIDER: 'none' }), { store, fetch, stderr: err, stdout: capture() })).toBe(2);
    expect(err.text).toMatch(/PRICE_PROVIDER=none/);
  });
});
