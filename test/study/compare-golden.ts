import { expect } from 'vitest';
import type { StudyResult } from '../../src/study/run-study.js';
import { expectClose } from '../helpers/tolerance.js';

/** The golden files' shape (test/reference/golden/*.json, written by the R reference scripts). */
export type GoldenTest = { statistic: number | null; p: number | null; reason?: string };
export type GoldenCase = {
  name: string;
  benchmark: string | null;
  model: 'market' | 'market_adjusted' | 'constant_mean' | 'factor';
  factors?: string[];
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
    coefficients?: Record<string, number>;
    days: { t: number; date: string; return: number; benchmark_return: number; ar: number; ar_t: number; ar_p: number; car: number }[];
    cars: { window: [number, number]; car: number; se: number; t: number; p: number }[];
  }[];
  portfolio: {
    days: { t: number; n: number; aar: number; caar: number; tests: Record<string, GoldenTest> }[];
    cars: { window: [number, number]; n: number; caar: number; tests: Record<string, GoldenTest> }[];
  };
};


/** Asserts every number of `result` against the independent reference `gc` (1e-8 relative). */
export function compareWithGolden(result: StudyResult, gc: GoldenCase): void {
      expect(result.securities.map((s) => s.status)).toEqual(gc.securities.map((s) => s.status));
  gc.securities.forEach((gs, i) => {
    const s = result.securities[i]!;
    if (s.status !== 'ok') return;
    const where = `${gc.name} ${gs.symbol}`;
    expect(s.day0).toBe(gs.day0);
    expect(s.estimation.n).toBe(gs.n);
    expect(s.estimation.df).toBe(gs.df);
    for (const k of ['alpha', 'beta', 'r2', 'sigma'] as const) expectClose(s.estimation[k], gs[k], `${where} ${k}`);
    // Factor model, by name: R calls the intercept "(Intercept)", the engine "alpha".
    for (const [name, g] of Object.entries(gs.coefficients ?? {})) {
      expectClose(s.estimation.coefficients?.[name === '(Intercept)' ? 'alpha' : name], g, `${where} coefficient ${name}`);
    }
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
}
