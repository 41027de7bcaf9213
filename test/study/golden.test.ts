import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { StudyParamsSchema } from '../../src/study/params.js';
import { runStudy, type StudyResult } from '../../src/study/run-study.js';
import { hasSharedData, storeWithShared } from '../helpers/shared-data.js';
import { expectClose } from '../helpers/tolerance.js';

/**
 * Every number of the engine against the independent R implementation (lm() + matrix algebra)
 * in test/reference/event_study.R, on the real shared daily data. Regenerate the golden file
 * with the command in test/reference/README.md.
 */
type GoldenTest = { statistic: number | null; p: number | null; reason?: string };
type GoldenCase = {
  name: string;
  benchmark: string;
  model: 'market' | 'market_adjusted' | 'constant_mean';
  returns: 'simple' | 'log';
  estimation: [number, number];
  window: [number, number];
  car_windows: [number, number][];
  rbar: number | null;
  securities: {
    symbol: string;
    day0: string;
    status: string;
    n: number;
    df: number;
    alpha: number | null;
    beta: number | null;
    r2: number | null;
    sigma: number;
    days: { t: number; date: string; return: number; benchmark_return: number; ar: number; ar_t: number; ar_p: number; car: number }[];
    cars: { window: [number, number]; car: number; se: number; t: number; p: number }[];
  }[];
  portfolio: {
    days: { t: number; n: number; aar: number; caar: number; tests: Record<string, GoldenTest> }[];
    cars: { window: [number, number]; n: number; caar: number; tests: Record<string, GoldenTest> }[];
  };
};

const golden = JSON.parse(
  readFileSync(new URL('../reference/golden/event-studies.json', import.meta.url), 'utf8'),
) as { cases: GoldenCase[] };

const symbols = [...new Set(golden.cases.flatMap((c) => [c.benchmark, ...c.securities.map((s) => s.symbol)]).concat('SPY'))];

describe.skipIf(!hasSharedData)('engine vs independent R reference (real data)', () => {
  let store: DuckDbStore;
  let deps: ReturnType<typeof nodeDeps>['deps'];
  beforeAll(async () => {
    store = await storeWithShared(symbols);
    deps = nodeDeps(store, { eventsPath: undefined }).deps;
  });
  afterAll(() => store?.close());

  for (const gc of golden.cases) {
    it(`${gc.name}: every AR, CAR, t, p and portfolio test to 1e-8`, async () => {
      const params = StudyParamsSchema.parse({
        model: gc.model,
        benchmark: gc.benchmark,
        estimation: gc.estimation,
        window: gc.window,
        car: gc.car_windows,
        returns: gc.returns,
      });
      const result: StudyResult = await runStudy(
        deps,
        gc.securities.map((s) => ({ symbol: s.symbol, date: s.day0 })),
        params,
      );
      expect(result.securities.map((s) => s.status)).toEqual(gc.securities.map((s) => s.status));
      gc.securities.forEach((gs, i) => {
        const s = result.securities[i]!;
        if (s.status !== 'ok') return;
        const where = `${gc.name} ${gs.symbol}`;
        expect(s.day0).toBe(gs.day0);
        expect(s.estimation.n).toBe(gs.n);
        expect(s.estimation.df).toBe(gs.df);
        for (const k of ['alpha', 'beta', 'r2', 'sigma'] as const) expectClose(s.estimation[k], gs[k], `${where} ${k}`);
        expect(s.days.map((d) => [d.t, d.date])).toEqual(gs.days.map((d) => [d.t, d.date]));
        gs.days.forEach((gd, j) => {
          const d = s.days[j]!;
          for (const k of ['return', 'benchmark_return', 'ar', 'ar_t', 'ar_p', 'car'] as const) expectClose(d[k], gd[k], `${where} t=${gd.t} ${k}`);
        });
        gs.cars.forEach((gcar, j) => {
          const car = s.cars[j]!;
          expect(car.window).toEqual(gcar.window);
          for (const k of ['car', 'se', 't', 'p'] as const) expectClose(car[k], gcar[k], `${where} CAR${gcar.window} ${k}`);
        });
      });

      expectClose(result.portfolio.rbar, gc.rbar, `${gc.name} rbar`);
      const compareTests = (ours: Record<string, GoldenTest>, theirs: Record<string, GoldenTest>, where: string) => {
        for (const [name, g] of Object.entries(theirs)) {
          const o = ours[name];
          expect(o, `${where} ${name} present`).toBeDefined();
          expectClose(o!.statistic, g.statistic, `${where} ${name} statistic`);
          expectClose(o!.p, g.p, `${where} ${name} p`);
          if (g.statistic === null) expect(o!.reason, `${where} ${name} says why`).toBeTruthy();
        }
      };
      expect(result.portfolio.days.map((d) => d.t)).toEqual(gc.portfolio.days.map((d) => d.t));
      gc.portfolio.days.forEach((gd, j) => {
        const d = result.portfolio.days[j]!;
        expect(d.n).toBe(gd.n);
        expectClose(d.aar, gd.aar, `${gc.name} AAR t=${gd.t}`);
        expectClose(d.caar, gd.caar, `${gc.name} CAAR t=${gd.t}`);
        compareTests(d.tests as Record<string, GoldenTest>, gd.tests, `${gc.name} day ${gd.t}`);
      });
      gc.portfolio.cars.forEach((gcar, j) => {
        const car = result.portfolio.cars[j]!;
        expect(car.n).toBe(gcar.n);
        expectClose(car.caar, gcar.caar, `${gc.name} CAAR${gcar.window}`);
        compareTests(car.tests as Record<string, GoldenTest>, gcar.tests, `${gc.name} CAR${gcar.window}`);
      });
    });
  }
});
