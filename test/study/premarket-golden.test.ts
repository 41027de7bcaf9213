import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { StorePremarket } from '../../src/store/store-premarket.js';
import { DEFAULT_PREMARKET_PARAMS } from '../../src/study/premarket/inputs.js';
import { runPremarket, type PremarketResult, type PremarketSecurity } from '../../src/study/premarket/result.js';
import { SHARED_MARKET_DATA, hasSharedData, storeWithShared } from '../helpers/shared-data.js';
import { expectClose } from '../helpers/tolerance.js';

/**
 * The overnight / intraday split of the headline event (and MU 2023) on the real shared daily
 * data against the independent R script test/reference/overnight.R (lm() + model matrix).
 * Regenerate: Rscript test/reference/overnight.R ../shared/market-data test/reference/golden/overnight.json
 */
type GPart = { return: number; benchmark_return: number; ar: number; t: number; p: number };
type GModel = { n: number; df: number; alpha: number; beta: number; r2: number; sigma: number };
type GTest = { statistic: number | null; p: number | null };
type GSecurity = {
  symbol: string;
  day0?: string;
  status: 'ok' | 'close_only' | 'excluded';
  close_to_close?: { return: number; benchmark_return: number; ar: number; ar_t: number; ar_p: number; beta: number; n: number };
  overnight_model?: GModel;
  intraday_model?: GModel;
  days?: { t: number; date: string; overnight: GPart; intraday: GPart }[];
};
type GCase = {
  name: string;
  benchmark: string;
  returns: 'simple' | 'log';
  day0: string;
  estimation: [number, number];
  window: [number, number];
  securities: GSecurity[];
  portfolio: {
    n: number;
    overnight: { mean_ar: number; cross_sectional_t: GTest };
    intraday: { mean_ar: number; cross_sectional_t: GTest };
    close_to_close: { mean_ar: number; cross_sectional_t: GTest };
    share_overnight: number;
  };
};

const golden = JSON.parse(readFileSync(new URL('../reference/golden/overnight.json', import.meta.url), 'utf8')) as { cases: GCase[] };
const wanted = [...new Set(golden.cases.flatMap((c) => [c.benchmark, ...c.securities.map((s) => s.symbol)]).concat('SPY'))];
const stored = wanted.filter((s) => existsSync(join(SHARED_MARKET_DATA, 'daily', `${s}.csv`)));

describe.skipIf(!hasSharedData)('overnight/intraday split vs the independent R reference (real data)', () => {
  let store: DuckDbStore;
  let deps: ReturnType<typeof nodeDeps>['deps'] & { premarket: StorePremarket };
  beforeAll(async () => {
    store = await storeWithShared(stored);
    deps = { ...nodeDeps(store, { eventsPath: undefined }).deps, premarket: new StorePremarket(store) };
  });
  afterAll(() => store?.close());

  for (const gc of golden.cases) {
    it(`${gc.name}: day-0 parts, their models, every event-window day and the portfolio to 1e-8`, async () => {
      const result: PremarketResult = await runPremarket(
        deps,
        gc.securities.map((s) => ({ symbol: s.symbol, date: gc.day0 })),
        { ...DEFAULT_PREMARKET_PARAMS, benchmark: gc.benchmark, returns: gc.returns, estimation: gc.estimation, window: gc.window },
      );
      expect(result.params.benchmark).toBe(gc.benchmark);
      expect(result.securities.map((s) => [s.symbol, s.status])).toEqual(gc.securities.map((s) => [s.symbol, s.status]));
      gc.securities.forEach((g, i) => {
        const s = result.securities[i]! as PremarketSecurity & Record<string, unknown>;
        const where = `${gc.name} ${g.symbol}`;
        if (g.status === 'excluded') return;
        expect(s.day0).toBe(g.day0);
        const cc = (s as { close_to_close: { return: number; benchmark_return: number; ar: number; ar_t: number; ar_p: number; estimation: { beta: number | null; n: number } } }).close_to_close;
        expectClose(cc.return, g.close_to_close!.return, `${where} cc return`);
        expectClose(cc.benchmark_return, g.close_to_close!.benchmark_return, `${where} cc benchmark return`);
        expectClose(cc.ar, g.close_to_close!.ar, `${where} cc AR`);
        expectClose(cc.ar_t, g.close_to_close!.ar_t, `${where} cc t`);
        expectClose(cc.ar_p, g.close_to_close!.ar_p, `${where} cc p`);
        expectClose(cc.estimation.beta, g.close_to_close!.beta, `${where} cc beta`);
        expect(cc.estimation.n).toBe(g.close_to_close!.n);
        if (g.status === 'close_only') {
          expect(s.status).toBe('close_only');
          expect((s as { reason: string }).reason).toMatch(/close-only/);
          return;
        }
        if (s.status !== 'ok') throw new Error(`${where}: expected ok`);
        for (const [part, model] of [
          ['overnight', g.overnight_model!],
          ['intraday', g.intraday_model!],
        ] as const) {
          const est = s[part].estimation;
          expect(est.n, `${where} ${part} n`).toBe(model.n);
          expect(est.df, `${where} ${part} df`).toBe(model.df);
          for (const k of ['alpha', 'beta', 'r2', 'sigma'] as const) expectClose(est[k], model[k], `${where} ${part} ${k}`);
        }
        expect(s.days.map((d) => [d.t, d.date])).toEqual(g.days!.map((d) => [d.t, d.date]));
        g.days!.forEach((gd, j) => {
          const d = s.days[j]!;
          for (const part of ['overnight', 'intraday'] as const) {
            for (const k of ['return', 'benchmark_return', 'ar', 't', 'p'] as const) {
              expectClose(d[part]![k], gd[part][k], `${where} t=${gd.t} ${part} ${k}`);
            }
          }
          if (gd.t === 0) {
            for (const part of ['overnight', 'intraday'] as const) {
              for (const k of ['return', 'benchmark_return', 'ar', 't', 'p'] as const) expectClose(s[part][k], gd[part][k], `${where} day 0 ${part} ${k}`);
            }
          }
        });
      });
      const p = result.portfolio;
      expect(p.n).toBe(gc.portfolio.n);
      for (const part of ['overnight', 'intraday', 'close_to_close'] as const) {
        expectClose(p[part].mean_ar, gc.portfolio[part].mean_ar, `${gc.name} portfolio ${part} mean`);
        expectClose(p[part].cross_sectional_t.statistic, gc.portfolio[part].cross_sectional_t.statistic, `${gc.name} portfolio ${part} t`);
        expectClose(p[part].cross_sectional_t.p, gc.portfolio[part].cross_sectional_t.p, `${gc.name} portfolio ${part} p`);
      }
      expectClose(p.share_overnight, gc.portfolio.share_overnight, `${gc.name} share overnight`);
    });
  }

  it('log returns: overnight + intraday = close-to-close on every day of the headline window', async () => {
    const result = await runPremarket(deps, [{ symbol: 'FTNT', date: '2026-01-14' }], { ...DEFAULT_PREMARKET_PARAMS, benchmark: 'QQQ', returns: 'log' });
    const s = result.securities[0]!;
    if (s.status !== 'ok') throw new Error('FTNT should be ok');
    const d0 = s.days.find((d) => d.t === 0)!;
    expectClose(d0.overnight!.return + d0.intraday!.return, s.close_to_close.return, 'FTNT log parts sum', 1e-12);
    expectClose(d0.overnight!.benchmark_return + d0.intraday!.benchmark_return, s.close_to_close.benchmark_return, 'QQQ log parts sum', 1e-12);
  });

  it('the headline overnight returns are the CSV\'s open / previous close (read independently)', async () => {
    const result = await runPremarket(deps, ['PANW', 'FTNT', 'AVGO'].map((symbol) => ({ symbol, date: '2026-01-14' })), { ...DEFAULT_PREMARKET_PARAMS, benchmark: 'QQQ' });
    for (const s of result.securities) {
      if (s.status !== 'ok') throw new Error(`${s.symbol} should be ok`);
      const rows = readFileSync(join(SHARED_MARKET_DATA, 'daily', `${s.symbol}.csv`), 'utf8').trim().split('\n').map((l) => l.split(','));
      const i = rows.findIndex((r) => r[0] === '2026-01-14');
      const [open, close, prevClose] = [Number(rows[i]![1]), Number(rows[i]![4]), Number(rows[i - 1]![4])];
      expectClose(s.overnight.return, open / prevClose - 1, `${s.symbol} overnight`, 1e-12);
      expectClose(s.intraday.return, close / open - 1, `${s.symbol} intraday`, 1e-12);
      expect(s.prices).toEqual({ previous_date: rows[i - 1]![0], previous_close: prevClose, open, close, basis: 'adjusted' });
    }
  });
});
