/**
 * Daily prices from REAL recorded Yahoo chart responses (../shared/market-data/yahoo), replayed
 * through yahoo-finance2 into DuckDB by the read-through cache. Expected numbers are read from
 * the recordings themselves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeDeps } from '../../src/entry/node-deps.js';
import { importDirectory } from '../../src/store/import-directory.js';
import { HAS_SHARED, SHARED } from '../helpers/paths.js';
import { memoryStore, rawRows } from '../helpers/store.js';
import { makeTempDir, removeTempDirs, writeText } from '../helpers/tmp.js';
import { replayedCache, storedDaily } from './setup.js';
import { chartResult, HAS_YAHOO, recordedAt, recordedDaily, recording, Replay } from './yahoo-replay.js';

afterAll(removeTempDirs);

const MSFT = 'historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json';
const NVDA = 'historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json';
const utcDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

describe.skipIf(!HAS_YAHOO)('daily prices from recorded Yahoo charts', () => {
  it('stores MSFT open/high/low/close/adj_close/volume and its dividends as recorded, and a second request makes no call', async () => {
    const rec = recording(MSFT);
    const replay = new Replay().chart(rec);
    const { store, cache } = await replayedCache(replay, recordedAt(rec));

    const report = await cache.ensureDaily(['MSFT'], '2021-02-01', '2022-01-28');
    expect(report.fetched).toEqual(['MSFT']);
    expect(replay.calls).toHaveLength(1);
    expect(replay.calls[0]).toContain('/v8/finance/chart/MSFT');

    const expected = recordedDaily(rec);
    const stored = await storedDaily(store, 'MSFT');
    expect(stored.size).toBe(expected.size);
    expect(stored.size).toBe(252);
    for (const [date, r] of expected) {
      expect(stored.get(date), date).toEqual({ date, open: r.open, high: r.high, low: r.low, close: r.close, adj_close: r.adjclose, volume: r.volume });
    }
    // close as given (not dividend-adjusted) differs from adj_close before the last dividend
    const first = stored.get('2021-02-01')!;
    expect(first.close).toBeGreaterThan(first.adj_close);

    const dividends = Object.values(chartResult(rec).events.dividends) as { amount: number; date: number }[];
    const actions = await rawRows<{ date: string; kind: string; amount: number }>(
      store,
      `SELECT strftime(date, '%Y-%m-%d') AS date, kind, amount FROM corporate_actions WHERE symbol = 'MSFT' ORDER BY date`,
    );
    expect(actions).toEqual(dividends.map((d) => ({ date: utcDate(d.date), kind: 'dividend', amount: d.amount })));
    expect(actions).toHaveLength(4);

    const meta = chartResult(rec).meta;
    const [security] = await rawRows(store, `SELECT exchange, exchange_name, timezone, currency, instrument_type, source, adjusted FROM securities WHERE symbol = 'MSFT'`);
    expect(security).toEqual({
      exchange: meta.exchangeName,
      exchange_name: meta.fullExchangeName,
      timezone: meta.exchangeTimezoneName,
      currency: meta.currency,
      instrument_type: meta.instrumentType,
      source: 'yahoo',
      adjusted: false,
    });

    // Returns the studies use come from adj_close.
    const bars = await store.all<{ date: string; simple_return: number | null }>('daily-bars', { symbol: 'MSFT', from: '2021-02-02', to: '2021-02-02' });
    expect(bars[0]!.simple_return).toBeCloseTo(expected.get('2021-02-02')!.adjclose / expected.get('2021-02-01')!.adjclose - 1, 12);

    const again = await cache.ensureDaily(['MSFT'], '2021-02-01', '2022-01-28');
    expect(again.skipped).toEqual(['MSFT']);
    expect(again.fetched).toEqual([]);
    expect(replay.calls).toHaveLength(1); // no network call
    // A sub-range is settled too.
    await cache.ensureDaily(['MSFT'], '2021-06-01', '2021-06-30');
    expect(replay.calls).toHaveLength(1);
  });

  it('stores NVDA with its 2021 4:1 split as an event; Yahoo`s close is already split-adjusted', async () => {
    const rec = recording(NVDA);
    const replay = new Replay().chart(rec);
    const { store, cache } = await replayedCache(replay, recordedAt(rec));
    await cache.ensureDaily(['NVDA'], '2021-02-01', '2022-01-28');

    const expected = recordedDaily(rec);
    const stored = await storedDaily(store, 'NVDA');
    expect(stored.size).toBe(expected.size);
    for (const [date, r] of expected) {
      expect(stored.get(date), date).toMatchObject({ open: r.open, high: r.high, low: r.low, close: r.close, adj_close: r.adjclose, volume: r.volume });
    }
    const split = Object.values(chartResult(rec).events.splits)[0] as { date: number; numerator: number; denominator: number };
    const actions = await rawRows(store, `SELECT strftime(date, '%Y-%m-%d') AS date, kind, amount, numerator, denominator FROM corporate_actions WHERE symbol = 'NVDA'`);
    expect(actions).toEqual([{ date: utcDate(split.date), kind: 'split', amount: null, numerator: split.numerator, denominator: split.denominator }]);
    expect(actions[0]).toMatchObject({ date: '2021-07-20', numerator: 4, denominator: 1 });
    // No 4x jump over the split in the "raw" close: Yahoo adjusts close for splits known when fetched.
    const before = stored.get('2021-07-19')!.close;
    const after = stored.get('2021-07-20')!.close;
    expect(Math.abs(Math.log(after / before))).toBeLessThan(0.1);
  });

  it('fetches only the missing ranges, each widened to one stored neighbour day', async () => {
    const rec = recording(MSFT);
    const replay = new Replay().chart(rec);
    const { store, cache } = await replayedCache(replay, recordedAt(rec));
    await cache.ensureDaily(['MSFT'], '2021-03-01', '2021-06-30');
    expect(replay.calls).toHaveLength(1);

    const report = await cache.ensureDaily(['MSFT'], '2021-02-01', '2021-09-30');
    expect(report.symbols[0]!.fetched).toEqual([
      { from: '2021-02-01', to: '2021-02-28' },
      { from: '2021-07-01', to: '2021-09-30' },
    ]);
    const periods = replay.calls.slice(1).map((u) => {
      const p = new URL(u).searchParams;
      return [utcDate(Number(p.get('period1'))), utcDate(Number(p.get('period2')))];
    });
    // [from - 1 day, to + 2 days) around: 2021-02-01..2021-03-01 (next stored day) and 2021-06-30 (previous stored day)..2021-09-30
    expect(periods).toEqual([
      ['2021-01-31', '2021-03-03'],
      ['2021-06-29', '2021-10-02'],
    ]);
    expect(report.symbols[0]!.rescaled).toBeNull(); // same recording: the adjustments did not change

    const expected = [...recordedDaily(rec)].filter(([d]) => d >= '2021-02-01' && d <= '2021-09-30');
    const stored = await storedDaily(store, 'MSFT');
    expect([...stored.keys()]).toEqual(expected.map(([d]) => d));
    for (const [date, r] of expected) expect(stored.get(date)!.adj_close, date).toBe(r.adjclose);

    await cache.ensureDaily(['MSFT'], '2021-02-01', '2021-09-30');
    expect(replay.calls).toHaveLength(3);
  });

  it('does not settle today or later: only complete days are cached', async () => {
    const rec = recording(MSFT);
    const replay = new Replay().chart(rec);
    // Clock: 2021-06-15 10:00 UTC, so 2021-06-14 is the last complete day.
    const { store, cache } = await replayedCache(replay, new Date('2021-06-15T10:00:00Z'));
    const report = await cache.ensureDaily(['MSFT'], '2021-06-01', '2021-06-30');
    expect(report.symbols[0]!.fetched).toEqual([{ from: '2021-06-01', to: '2021-06-14' }]);
    expect(report.symbols[0]!.notes.join(' ')).toMatch(/after 2021-06-14 are not complete/);
    expect((await storedDaily(store, 'MSFT')).has('2021-06-15')).toBe(false);
  });

  it('a non-US listing (OCDO.L, WSU.DE) keeps its exchange, time zone and currency; dates are the exchange`s', async () => {
    for (const [symbol, file, from, to] of [
      ['OCDO.L', 'chart-OCDO.L-2020-01-01-to-2020-01-03.json', '2020-01-01', '2020-01-02'],
      ['WSU.DE', 'chart-WSU.DE-2023-08-04-to-2023-08-09.json', '2023-08-04', '2023-08-08'],
    ] as const) {
      const rec = recording(file);
      const replay = new Replay().chart(rec);
      const { store, cache } = await replayedCache(replay, recordedAt(rec));
      await cache.ensureDaily([symbol], from, to);
      const meta = chartResult(rec).meta;
      const [security] = await rawRows(store, `SELECT exchange, exchange_name, timezone, currency FROM securities WHERE symbol = '${symbol}'`);
      expect(security).toEqual({ exchange: meta.exchangeName, exchange_name: meta.fullExchangeName, timezone: meta.exchangeTimezoneName, currency: meta.currency });
      const expected = recordedDaily(rec);
      const stored = await storedDaily(store, symbol);
      expect([...stored.keys()]).toEqual([...expected.keys()]);
      for (const [date, r] of expected) expect(stored.get(date)).toMatchObject({ close: r.close, adj_close: r.adjclose, volume: r.volume });
    }
  });
});

describe('PRICE_PROVIDER=none', () => {
  it('leaves the app without a price source (nothing to ask before a study), unlike yahoo', async () => {
    const store = await memoryStore();
    const noFetch = (() => Promise.reject(new Error('no fetch expected'))) as typeof fetch;
    expect(nodeDeps(store, { eventsPath: undefined, priceProvider: 'none' }, undefined, noFetch).deps.marketData).toBeUndefined();
    expect(nodeDeps(store, { eventsPath: undefined, priceProvider: 'yahoo' }, undefined, noFetch).deps.marketData?.ensureIntradayDay).toBeTypeOf('function');
    store.close();
  });
});

describe.skipIf(!HAS_YAHOO || !HAS_SHARED)('extending a file-imported series with Yahoo', () => {
  it('rescales the imported rows onto Yahoo`s adjustment basis so the return across the seam is right', async () => {
    const rec = recording(MSFT);
    // A real slice of the shared MSFT file (adjusted as of mid-2026), from 2021-07-01 on.
    const lines = readFileSync(join(SHARED, 'daily', 'MSFT.csv'), 'utf8').trim().split('\n');
    const slice = lines.filter((l, i) => i === 0 || (l >= '2021-07-01' && l < '2022-01-29'));
    const dir = makeTempDir();
    writeText(dir, 'daily/MSFT.csv', `${slice.join('\n')}\n`);

    const replay = new Replay().chart(rec);
    const { store, cache } = await replayedCache(replay, recordedAt(rec));
    await importDirectory(store, dir);
    const fileRows = await storedDaily(store, 'MSFT');

    const report = await cache.ensureDaily(['MSFT'], '2021-02-01', '2022-01-28');
    const s = report.symbols[0]!;
    expect(s.fetched).toEqual([{ from: '2021-02-01', to: '2021-06-30' }]); // the file's span is settled
    expect(replay.calls).toHaveLength(1);
    const yahoo = recordedDaily(rec);
    // The seam: the last fetched day (2021-07-01, the file's first, now Yahoo's) and the next file day.
    const factor = yahoo.get('2021-07-01')!.adjclose / fileRows.get('2021-07-01')!.adj_close;
    expect(s.rescaled!.adj_close).toBeCloseTo(factor, 12);
    expect(Math.abs(factor - 1)).toBeGreaterThan(1e-3); // the two sources' adjustments really differ

    const stored = await storedDaily(store, 'MSFT');
    expect(stored.get('2021-07-01')!.adj_close).toBe(yahoo.get('2021-07-01')!.adjclose);
    expect(stored.get('2021-07-02')!.adj_close).toBeCloseTo(fileRows.get('2021-07-02')!.adj_close * factor, 9);
    // Prices move by the close factor (the file's closes are dividend-adjusted, Yahoo's are not).
    const closeFactor = yahoo.get('2021-07-01')!.close / fileRows.get('2021-07-01')!.close;
    expect(s.rescaled!.close).toBeCloseTo(closeFactor, 12);
    expect(stored.get('2021-07-02')!.close).toBeCloseTo(fileRows.get('2021-07-02')!.close * closeFactor, 9);
    expect(stored.get('2021-07-02')!.open).toBeCloseTo(fileRows.get('2021-07-02')!.open * closeFactor, 9);
    const seamReturn = stored.get('2021-07-02')!.adj_close / stored.get('2021-07-01')!.adj_close - 1;
    const yahooReturn = yahoo.get('2021-07-02')!.adjclose / yahoo.get('2021-07-01')!.adjclose - 1;
    expect(Math.abs(seamReturn - yahooReturn)).toBeLessThan(2e-4);

    const ranges = await rawRows(store, `SELECT origin, strftime(range_start, '%Y-%m-%d') AS s, strftime(range_end, '%Y-%m-%d') AS e FROM fetched_ranges ORDER BY range_start`);
    expect(ranges).toEqual([
      { origin: 'yahoo', s: '2021-02-01', e: '2021-07-01' },
      { origin: 'import', s: '2021-07-01', e: '2022-01-29' },
    ]);
    const [security] = await rawRows<{ source: string }>(store, `SELECT source FROM securities WHERE symbol = 'MSFT'`);
    expect(security!.source).toMatch(/^yahoo \(extending file:/);

    await cache.ensureDaily(['MSFT'], '2021-02-01', '2022-01-28');
    expect(replay.calls).toHaveLength(1);
  });
});
