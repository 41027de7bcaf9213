/**
 * Intraday figures of the premarket study on REAL bars, each checked against the CSV / JSON read
 * independently in the test:
 *  (b) the 1-minute premarket bars of 2026-01-29 (AVGO, CRWD, FTNT, CHKP, CSCO, CYBR) at 08:30 ET
 *      (a chosen instant: no event that day), against the derived raw previous close;
 *  (c) the regular-session 5-minute bars of 2026-01-14 (AVGO, GOOG vs QQQ, SPY): opening gap,
 *      session move, abnormal moves, and an intraday event study by bar at 11:00 ET (a chosen
 *      instant) with the bar-level model from the prior five sessions;
 *  (d) Yahoo's 30-minute TSLA chart with pre/post bars (2021-11-22), stored through
 *      the price cache (sessions by Yahoo's trading periods); the derived previous close is checked against Yahoo's own
 *      chartPreviousClose.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { sessionOf, sessionRules } from '../../src/market/yahoo/sessions.js';
import { StorePriceCache } from '../../src/store/store-price-cache.js';
import { StorePremarket } from '../../src/store/store-premarket.js';
import { DEFAULT_PREMARKET_PARAMS } from '../../src/study/premarket/inputs.js';
import type { BarFigure, IntradayFigures, PreviousClose } from '../../src/study/premarket/intraday-figures.js';
import type { IntradayStudy } from '../../src/study/premarket/intraday-study.js';
import { runPremarket, type PremarketSecurity } from '../../src/study/premarket/result.js';
import { readCsvRows, sharedSubset, type CsvRow } from '../helpers/fixtures.js';
import { HAS_SHARED, SHARED } from '../helpers/paths.js';
import { storeWithDirectory } from '../helpers/store.js';
import { removeTempDirs } from '../helpers/tmp.js';
import { expectClose } from '../helpers/tolerance.js';

const DAILY = ['AVGO', 'CRWD', 'FTNT', 'CHKP', 'CSCO', 'GOOG', 'QQQ', 'SPY', 'TSLA'];
const ONE_MINUTE = ['AVGO', 'CRWD', 'FTNT', 'CHKP', 'CSCO', 'CYBR'];
const FIVE_MINUTE = ['AVGO', 'GOOG', 'QQQ', 'SPY'];

const daily = (symbol: string) => readCsvRows(join(SHARED, 'daily', `${symbol}.csv`));
const bars = (interval: string, symbol: string) => readCsvRows(join(SHARED, 'intraday', interval, `${symbol}.csv`));
const num = (r: CsvRow, k: string) => Number(r[k]);
const hm = (r: CsvRow) => r.time!.slice(11, 16);

/** Derived raw previous close from the CSVs: adj close of the previous row x (09:30 bar open / daily open). */
function derivedPrevClose(symbol: string, interval: string, date: string): number {
  const d = daily(symbol);
  const i = d.findIndex((r) => r.date === date);
  const open930 = bars(interval, symbol).find((r) => r.time!.startsWith(`${date}T09:30`))!;
  return num(d[i - 1]!, 'close') * (num(open930, 'open') / num(d[i]!, 'open'));
}

type Ok = Extract<PremarketSecurity, { status: 'ok' }>;
const figuresOf = (s: PremarketSecurity): IntradayFigures => {
  const p = (s as { premarket?: IntradayFigures | { reason: string } }).premarket;
  if (!p || !('instants' in p)) throw new Error(`${s.symbol}: no intraday figures (${(p as { reason?: string })?.reason})`);
  return p;
};
const fig = (f: IntradayFigures, label: string) => f.instants.find((x) => x.label === label)!;
const priced = (x: BarFigure | { price: null; reason: string }): BarFigure => {
  if (x.price === null) throw new Error(`no price: ${x.reason}`);
  return x;
};

describe.skipIf(!HAS_SHARED)('premarket study on real intraday bars', () => {
  let store: DuckDbStore;
  let deps: ReturnType<typeof nodeDeps>['deps'] & { premarket: StorePremarket };
  beforeAll(async () => {
    const dir = sharedSubset(DAILY, [
      ...ONE_MINUTE.map((symbol) => ({ interval: '1m', symbol })),
      ...FIVE_MINUTE.map((symbol) => ({ interval: '5m', symbol })),
    ]);
    store = (await storeWithDirectory(dir)).store;
    const premarket = new StorePremarket(store);
    // (d) Yahoo's 30-minute TSLA chart with pre/post bars, parsed here and stored as intraday bars.
    const chart = JSON.parse(readFileSync(join(SHARED, 'yahoo/node-yahoo-finance2/history/chart-TSLA-2021-11-22-to-2021-11-23-interval-30m.json'), 'utf8'));
    const r = chart.response.bodyJson.chart.result[0];
    const q = r.indicators.quote[0];
    // Sessions by Yahoo's own trading periods (the provider's rule), stored through the price cache.
    const rules = sessionRules(r.meta);
    const bars = (r.timestamp as number[]).flatMap((t, i) =>
      q.close[i] === null
        ? []
        : [{ ts: new Date(t * 1000).toISOString(), open: q.open[i], high: q.high[i], low: q.low[i], close: q.close[i], volume: q.volume[i], session: sessionOf(new Date(t * 1000), rules) }],
    );
    await new StorePriceCache(store).storeIntraday({ symbol: 'TSLA', interval: '30m', source: 'yahoo', bars, settled: [], listing: null });
    deps = { ...nodeDeps(store, { eventsPath: undefined }).deps, premarket };
  });
  afterAll(() => {
    store?.close();
    removeTempDirs();
  });

  describe('(b) 1-minute premarket bars of 2026-01-29 at 08:30 ET', () => {
    const instant = '2026-01-29T08:30:00-05:00';
    let result: Awaited<ReturnType<typeof runPremarket>>;
    beforeAll(async () => {
      result = await runPremarket(
        deps,
        ONE_MINUTE.map((symbol) => ({ symbol, announced_at: instant })),
        { ...DEFAULT_PREMARKET_PARAMS, benchmark: 'QQQ' },
      );
    });
    const get = (symbol: string) => result.securities.find((s) => s.symbol === symbol)!;

    it('uses the finest interval and says so', () => {
      for (const s of ['AVGO', 'CRWD', 'FTNT', 'CSCO']) expect(get(s).data.granularity, s).toBe('intraday/1m');
      expect(get('CHKP').status).toBe('close_only');
      expect(get('CYBR').status).toBe('excluded');
      expect((get('CYBR') as { reason: string }).reason).toMatch(/no stored prices for CYBR/);
    });

    for (const symbol of ['AVGO', 'CRWD', 'FTNT', 'CSCO']) {
      it(`${symbol}: price, bar, move vs the derived raw previous close, bar counts, thinness (CSV read independently)`, () => {
        const s = get(symbol) as Ok;
        expect(s.status).toBe('ok');
        const f = figuresOf(s);
        const rows = bars('1m', symbol).filter((r) => r.time!.startsWith('2026-01-29'));
        const prev = derivedPrevClose(symbol, '1m', '2026-01-29');
        const pc = f.security.previous_close as Extract<PreviousClose, { basis: 'derived' }>;
        expect(pc.basis).toBe('derived');
        expectClose(pc.price, prev, `${symbol} derived previous close`, 1e-12);
        expect(pc.date).toBe('2026-01-28');

        for (const [label, at] of [
          ['announcement', '08:30'],
          ['announcement +30m', '09:00'],
          ['09:29', '09:29'],
          ['announcement +60m', '09:30'],
        ] as const) {
          const upTo = rows.filter((r) => hm(r) <= at);
          const bar = upTo.at(-1)!;
          const x = priced(fig(f, label).security);
          expect(x.bar_time, `${symbol} ${label} bar`).toBe(hm(bar));
          expect(x.price).toBe(num(bar, 'close'));
          expectClose(x.move, num(bar, 'close') / prev - 1, `${symbol} ${label} move`, 1e-12);
          const session = upTo.filter((r) => (hm(r) < '09:30') === (hm(bar) < '09:30'));
          expect(x.session_bars, `${symbol} ${label} session bars`).toBe(session.length);
          expectClose(x.session_volume, session.reduce((a, r) => a + num(r, 'volume'), 0), `${symbol} ${label} volume`, 1e-12);
          const [h, m] = at.split(':').map(Number) as [number, number];
          const from = `${String(h - (m < 30 ? 1 : 0)).padStart(2, '0')}:${String((m + 30) % 60).padStart(2, '0')}`;
          const last30 = upTo.filter((r) => hm(r) > from).length;
          expect(x.bars_last_30m, `${symbol} ${label} bars in the last 30 minutes`).toBe(last30);
          const stale = (Date.parse(`2026-01-29T${at}:00-05:00`) - (Date.parse(bar.time!) + 60_000)) / 60_000;
          expect(x.thin, `${symbol} ${label} thin`).toBe(last30 < 15 || stale > 15);
        }
        // The benchmark has no premarket bars (QQQ: 5-minute regular session only) -> no abnormal move before 09:30.
        expect(fig(f, 'announcement').benchmark.price).toBeNull();
        expect(fig(f, 'announcement').abnormal_move).toBeNull();
        // The opening gap against a derived previous close is the daily overnight return by construction.
        expectClose(f.opening_gap.security, s.overnight.return, `${symbol} gap = daily overnight`, 1e-12);
      });
    }

    it('FTNT at 08:30 rests on few bars and is flagged thin; AVGO is not', () => {
      const ftnt = priced(fig(figuresOf(get('FTNT')), 'announcement').security);
      expect(ftnt.thin).toBe(true);
      expect(ftnt.thin_reason).toMatch(/of 30 possible bars/);
      expect(ftnt.session_bars).toBe(7);
      expect(priced(fig(figuresOf(get('AVGO')), 'announcement').security).thin).toBe(false);
    });

    it('CRWD: the 4:1 split is carried by the derived factor (~4), and the check shows the open-vs-low spread', () => {
      const pc = figuresOf(get('CRWD')).security.previous_close as Extract<PreviousClose, { basis: 'derived' }>;
      expect(pc.factor).toBeGreaterThan(3.98);
      expect(pc.factor).toBeLessThan(4.01);
      expect(pc.factor_check.from_low).toBeCloseTo(4, 10); // the day's low is in the bars and gives exactly 4
      expect(pc.factor_check.bars_reach_close).toBe(false);
    });

    it('CHKP is close-only: its premarket price path is kept, but no move is invented', () => {
      const chkp = get('CHKP') as Extract<PremarketSecurity, { status: 'close_only' }>;
      expect(chkp.reason).toMatch(/close-only/);
      const f = figuresOf(chkp);
      expect(f.security.previous_close.price).toBeNull();
      expect((f.security.previous_close as { reason: string }).reason).toMatch(/close-only/);
      expect(f.security.premarket.bars).toBe(0);
      expect(f.opening_gap.security).toBeNull();
    });

    it('after the open the benchmark (QQQ 5m) is there: abnormal move = abnormal gap + abnormal move since the open', () => {
      const s = get('AVGO') as Ok;
      const f = figuresOf(s);
      const x = fig(f, 'announcement +60m'); // 09:30
      const sec = priced(x.security);
      const ben = priced(x.benchmark);
      expect(ben.bar_time).toBe('09:30');
      const q = bars('5m', 'QQQ').find((r) => r.time === '2026-01-29T09:30:00-05:00')!;
      expect(ben.price).toBe(num(q, 'close'));
      const qPrev = derivedPrevClose('QQQ', '5m', '2026-01-29');
      const qGap = num(q, 'open') / qPrev - 1;
      const aOpen = num(bars('1m', 'AVGO').find((r) => r.time === '2026-01-29T09:30:00-05:00')!, 'open');
      const bOn = s.overnight.estimation.beta;
      const bId = s.intraday.estimation.beta;
      const expected = (aOpen / derivedPrevClose('AVGO', '1m', '2026-01-29') - 1 - bOn * qGap) + (sec.price / aOpen - 1) - bId * (ben.price / num(q, 'open') - 1);
      expectClose(x.abnormal_move, expected, 'AVGO 09:30 abnormal move', 1e-12);
    });
  });

  describe('(c) 5-minute regular-session bars of 2026-01-14', () => {
    it('AVGO vs QQQ and GOOG vs SPY: no premarket bars (said), gap = daily overnight, session move and abnormal gap from the CSVs', async () => {
      const result = await runPremarket(
        deps,
        [
          { symbol: 'AVGO', announced_at: '2026-01-14T06:10:00-05:00', benchmark: 'QQQ' },
          { symbol: 'GOOG', announced_at: '2026-01-14T06:10:00-05:00', benchmark: 'SPY' },
        ],
        DEFAULT_PREMARKET_PARAMS,
      );
      const golden = JSON.parse(readFileSync(new URL('../reference/golden/overnight.json', import.meta.url), 'utf8'));
      const gAvgo = golden.cases.find((c: { name: string }) => c.name === 'china-cyber-2026-qqq').securities.find((s: { symbol: string }) => s.symbol === 'AVGO');
      for (const [symbol, bench] of [
        ['AVGO', 'QQQ'],
        ['GOOG', 'SPY'],
      ] as const) {
        const s = result.securities.find((x) => x.symbol === symbol) as Ok;
        expect(s.status).toBe('ok');
        expect(s.data.granularity).toBe('intraday/5m');
        const f = figuresOf(s);
        expect(f.security.premarket.bars).toBe(0);
        expect(f.security.premarket.note).toMatch(/no premarket bars/);
        expect(fig(f, 'announcement').security.price).toBeNull();
        const rows = bars('5m', symbol).filter((r) => r.time!.startsWith('2026-01-14'));
        const brows = bars('5m', bench).filter((r) => r.time!.startsWith('2026-01-14'));
        const prev = derivedPrevClose(symbol, '5m', '2026-01-14');
        const bprev = derivedPrevClose(bench, '5m', '2026-01-14');
        const gap = num(rows[0]!, 'open') / prev - 1;
        const bgap = num(brows[0]!, 'open') / bprev - 1;
        expectClose(f.opening_gap.security, gap, `${symbol} gap`, 1e-12);
        expectClose(f.opening_gap.benchmark, bgap, `${bench} gap`, 1e-12);
        expectClose(gap, s.overnight.return, `${symbol} gap = daily overnight return`, 1e-12);
        const sess = num(rows.at(-1)!, 'close') / num(rows[0]!, 'open') - 1;
        const bsess = num(brows.at(-1)!, 'close') / num(brows[0]!, 'open') - 1;
        expectClose(f.session.security_move_from_open, sess, `${symbol} session`, 1e-12);
        expect(f.session.through).toBe('15:55');
        const bOn = symbol === 'AVGO' ? gAvgo.overnight_model.beta : s.overnight.estimation.beta;
        const bId = symbol === 'AVGO' ? gAvgo.intraday_model.beta : s.intraday.estimation.beta;
        expectClose(f.opening_gap.abnormal, gap - bOn * bgap, `${symbol} abnormal gap`, 1e-8);
        expectClose(f.session.abnormal, sess - bId * bsess, `${symbol} abnormal session move`, 1e-8);
        // The bars reach the close: the raw/adjusted ratio from the day's low and close agree; the
        // first bar's open is ~0.2% off the official open for AVGO (shown, not hidden).
        const pc = f.security.previous_close as Extract<PreviousClose, { basis: 'derived' }>;
        expect(pc.factor_check.bars_reach_close).toBe(true);
      }
      const avgo = figuresOf(result.securities[0]!).security.previous_close as Extract<PreviousClose, { basis: 'derived' }>;
      expectClose(avgo.factor_check.from_low, avgo.factor_check.from_close!, 'AVGO factor from low vs close', 1e-6);
      expect(avgo.factor_check.spread).toBeGreaterThan(0.002);
    });

    it('intraday event study, AVGO vs QQQ at 11:00 ET: bar ARs, CAR and t from an OLS over the prior five sessions (recomputed here)', async () => {
      const result = await runPremarket(
        deps,
        [{ symbol: 'AVGO', announced_at: '2026-01-14T11:00:00-05:00', benchmark: 'QQQ' }],
        { ...DEFAULT_PREMARKET_PARAMS, bars: [-6, 12] },
      );
      const s = result.securities[0] as Ok;
      expect(s.session).toBe('regular');
      const study = s.intraday_study as IntradayStudy;
      expect(study.announcement_bar).toBe('11:00');
      if (study.model.beta_source !== 'bars') throw new Error('expected the bar-level model');
      expect(study.model.sessions).toEqual(['2026-01-07', '2026-01-08', '2026-01-09', '2026-01-12', '2026-01-13']);

      // Independent: join AVGO and QQQ 5m rows on time per day, returns close/prev close (first bar close/open).
      const joined = (date: string) => {
        const q = new Map(bars('5m', 'QQQ').filter((r) => r.time!.startsWith(date)).map((r) => [r.time, r]));
        const out: { time: string; r: number; rm: number }[] = [];
        let prev: [CsvRow, CsvRow] | null = null;
        for (const a of bars('5m', 'AVGO').filter((r) => r.time!.startsWith(date))) {
          const m = q.get(a.time);
          if (!m) continue;
          out.push({
            time: hm(a),
            r: num(a, 'close') / (prev ? num(prev[0], 'close') : num(a, 'open')) - 1,
            rm: num(m, 'close') / (prev ? num(prev[1], 'close') : num(m, 'open')) - 1,
          });
          prev = [a, m];
        }
        return out;
      };
      const est = study.model.sessions.flatMap(joined);
      const n = est.length;
      const mx = est.reduce((a, b) => a + b.rm, 0) / n;
      const my = est.reduce((a, b) => a + b.r, 0) / n;
      const sxx = est.reduce((a, b) => a + (b.rm - mx) ** 2, 0);
      const beta = est.reduce((a, b) => a + (b.rm - mx) * (b.r - my), 0) / sxx;
      const alpha = my - beta * mx;
      const sigma = Math.sqrt(est.reduce((a, b) => a + (b.r - alpha - beta * b.rm) ** 2, 0) / (n - 2));
      expect(study.model.n).toBe(n);
      expectClose(study.model.beta, beta, 'bar beta', 1e-9);
      expectClose(study.model.alpha, alpha, 'bar alpha', 1e-8, 1e-12);
      expectClose(study.model.sigma, sigma, 'bar sigma', 1e-9);

      const day = joined('2026-01-14');
      const k0 = day.findIndex((b) => b.time === '11:00');
      let car = 0;
      for (const b of study.bars) {
        const x = day[k0 + b.k]!;
        expect(b.time).toBe(x.time);
        const ar = x.r - alpha - beta * x.rm;
        car += ar;
        expectClose(b.ar, ar, `AR k=${b.k}`, 1e-8, 1e-12);
        expectClose(b.car, car, `CAR k=${b.k}`, 1e-8, 1e-12);
      }
      expect(study.bars.map((b) => b.k)).toEqual(Array.from({ length: 19 }, (_, i) => i - 6));
      const post = study.cars.find((c) => c.window[0] === 0)!;
      const sel = study.bars.filter((b) => b.k >= 0);
      const L = sel.length;
      const dev = sel.reduce((a, b) => a + (b.benchmark_return - mx), 0);
      const se = sigma * Math.sqrt(L + (L * L) / n + (dev * dev) / sxx);
      const total = sel.reduce((a, b) => a + b.ar, 0);
      expectClose(post.car, total, 'CAR[0,12]', 1e-12, 1e-15);
      expectClose(post.t, total / se, 't CAR[0,12]', 1e-8);
      expect(post.p).toBeGreaterThan(0);
    });
  });

  describe('(d) Yahoo 30-minute TSLA chart with pre/post bars, 2021-11-22', () => {
    const chart = () => {
      const c = JSON.parse(readFileSync(join(SHARED, 'yahoo/node-yahoo-finance2/history/chart-TSLA-2021-11-22-to-2021-11-23-interval-30m.json'), 'utf8'));
      return c.response.bodyJson.chart.result[0] as {
        meta: { chartPreviousClose: number };
        timestamp: number[];
        indicators: { quote: { open: number[]; close: number[]; volume: number[] }[] };
      };
    };

    it('premarket figures at 06:00, 06:30, 07:00 and 09:29 from the 30m bars; the derived previous close matches Yahoo\'s', async () => {
      const result = await runPremarket(deps, [{ symbol: 'TSLA', announced_at: '2021-11-22T06:00:00-05:00' }], { ...DEFAULT_PREMARKET_PARAMS, benchmark: 'QQQ' });
      const s = result.securities[0] as Ok;
      expect(s.status).toBe('ok');
      expect(s.data.granularity).toBe('intraday/30m');
      const f = figuresOf(s);
      const r = chart();
      const q = r.indicators.quote[0]!;
      const at = (hhmm: string) => r.timestamp.findIndex((t) => new Date(t * 1000 - 5 * 3600_000).toISOString().slice(11, 16) === hhmm);

      // Raw previous close: derived from the ADJUSTED daily file (TSLA split 3:1 in 2022, so the
      // file's 2021 prices are a third of the traded ones) vs Yahoo's own chartPreviousClose.
      const pc = f.security.previous_close as Extract<PreviousClose, { basis: 'derived' }>;
      expect(pc.basis).toBe('derived');
      expectClose(pc.price, r.meta.chartPreviousClose, 'TSLA previous close vs Yahoo', 2e-5);
      expect(pc.factor).toBeCloseTo(3, 4);
      const d = daily('TSLA');
      const i0 = d.findIndex((x) => x.date === '2021-11-22');
      expectClose(pc.price, num(d[i0 - 1]!, 'close') * (q.open[at('09:30')]! / num(d[i0]!, 'open')), 'TSLA derived previous close from the CSV', 1e-12);

      for (const [label, bar] of [
        ['announcement', '06:00'],
        ['announcement +30m', '06:30'],
        ['announcement +60m', '07:00'],
        ['09:29', '09:00'],
      ] as const) {
        const i = at(bar);
        const x = priced(fig(f, label).security);
        expect(x.bar_time, label).toBe(bar);
        expect(x.price).toBe(q.close[i]);
        expectClose(x.move, q.close[i]! / pc.price - 1, `${label} move`, 1e-12);
        expect(x.session).toBe('pre');
        expect(x.session_bars).toBe(i + 1); // the chart starts at 04:00, one bar per 30 minutes
        expect(x.session_volume).toBeNull(); // Yahoo reports volume 0 in the premarket
        expect(x.expected_bars_last_30m).toBe(1);
      }
      // A 30m bar starting at the instant closes 30 minutes later: said, not hidden.
      expect(priced(fig(f, 'announcement').security).minutes_after_instant).toBe(30);
      expect(priced(fig(f, '09:29').security).minutes_after_instant).toBe(1);
      expect(f.security.premarket.bars).toBe(11);
      expect(f.security.premarket.note).toMatch(/no premarket volume/);
      const open = q.open[at('09:30')]!;
      expect(f.security.open?.price).toBe(open);
      expectClose(f.opening_gap.security, open / pc.price - 1, 'TSLA gap', 1e-12);
      expectClose(f.opening_gap.security, s.overnight.return, 'TSLA gap = daily overnight', 1e-12);
      expect(f.session.through).toBe('15:30');
      expectClose(f.session.security_move_from_open, q.close[at('15:30')]! / open - 1, 'TSLA session', 1e-12);
      // Pre, regular and post bars all on the path, after the previous close.
      const path = f.path!.security;
      expect(path[0]!.time).toBe('previous close');
      expect(path.length).toBe(1 + r.timestamp.filter((t) => new Date(t * 1000 - 5 * 3600_000).toISOString().startsWith('2021-11-22')).length);
      expect(new Set(path.slice(1).map((p) => p.session))).toEqual(new Set(['pre', 'regular', 'post']));
    });
  });
});
