import {
  bmpT,
  corradoZivneyWindow,
  crossSectionalT,
  generalizedSign,
  kpBmpT,
  kpPatellZ,
  meanCrossCorrelation,
  patellZ,
  rankNumerators,
  wilcoxonSignedRank,
  type RankNumerators,
} from '../stats/portfolio-tests.js';
import { arithmeticMean, meanInterval95 } from '../stats/parametric-tests.js';
import type { TestResult } from '../stats/test-result.js';
import type { Window } from './params.js';
import type { SecurityEvidence } from './security-result.js';

export type PortfolioTests = {
  cross_sectional_t: TestResult;
  patell_z: TestResult;
  bmp_t: TestResult;
  kp_bmp_t: TestResult;
  kp_patell_z: TestResult;
  corrado_zivney: TestResult;
  generalized_sign: TestResult;
  wilcoxon: TestResult;
};
export type TestName = keyof PortfolioTests;

/** Every portfolio test, in the order tables and charts show them. */
export const TEST_NAMES: readonly TestName[] = [
  'cross_sectional_t',
  'patell_z',
  'bmp_t',
  'kp_bmp_t',
  'kp_patell_z',
  'corrado_zivney',
  'generalized_sign',
  'wilcoxon',
];

export type PortfolioDay = { t: number; n: number; aar: number; caar: number; tests: PortfolioTests };
export type PortfolioCar = { window: Window; n: number; caar: number | null; tests: PortfolioTests };
export type Portfolio = {
  n: number;
  rbar: number | null;
  rbar_pairs: number;
  rbar_note?: string;
  /** r̄ was estimated from `rbar_pairs` sampled pairs out of this many. */
  rbar_sampled_from?: number;
  days: PortfolioDay[];
  cars: PortfolioCar[];
};

type Observation = { value: number; standardized: number; df: number; security: SecurityEvidence };

/** The eight tests on one cross-section (a day's ARs or a window's CARs). */
function testsOf(obs: Observation[], rbar: number | null, ranks: RankNumerators, window: Window): PortfolioTests {
  const values = obs.map((o) => o.value);
  const standardized = obs.map((o) => o.standardized);
  const patell = patellZ(standardized, obs.map((o) => o.df));
  const bmp = bmpT(standardized);
  return {
    cross_sectional_t: crossSectionalT(values),
    patell_z: patell,
    bmp_t: bmp,
    kp_bmp_t: kpBmpT(bmp, rbar, obs.length),
    kp_patell_z: kpPatellZ(patell, rbar, obs.length),
    corrado_zivney: corradoZivneyWindow(ranks, window),
    generalized_sign: generalizedSign(values, obs.map((o) => o.security.positiveShare)),
    wilcoxon: wilcoxonSignedRank(values),
  };
}

/**
 * Equally weighted portfolio of the `ok` security-events: per event day AAR, CAAR (cumulated
 * AAR) and tests on the day's ARs; per CAR window the mean CAR and tests on the CARs.
 */
export function portfolio(securities: SecurityEvidence[], window: Window, carWindows: readonly Window[]): Portfolio {
  const correlation = meanCrossCorrelation(securities.map((s) => s.estimationAr));
  const rbar = correlation.rbar;
  // Ranks span the whole sample: S_U and N_t come from every security's estimation + event ARs.
  const ranks = rankNumerators(securities.map((s) => s.ranked));
  const days: PortfolioDay[] = [];
  let caar = 0;
  for (let t = window[0]; t <= window[1]; t++) {
    const obs: Observation[] = [];
    for (const security of securities) {
      const day = security.days.find((d) => d.t === t);
      if (day) obs.push({ value: day.ar, standardized: day.ar_t, df: security.estimation.df, security });
    }
    if (obs.length === 0) continue;
    const aar = arithmeticMean(obs.map((o) => o.value))!;
    caar += aar;
    days.push({ t, n: obs.length, aar, caar, tests: testsOf(obs, rbar, ranks, [t, t]) });
  }
  const cars = carWindows.map((w, i): PortfolioCar => {
    const obs: Observation[] = [];
    for (const security of securities) {
      const car = security.cars[i]!;
      if (car.car !== null) obs.push({ value: car.car, standardized: car.t, df: security.estimation.df, security });
    }
    const caarWindow = arithmeticMean(obs.map((o) => o.value));
    return { window: w, n: obs.length, caar: caarWindow, tests: testsOf(obs, rbar, ranks, w) };
  });
  return {
    n: securities.length,
    rbar,
    rbar_pairs: correlation.pairs,
    ...(correlation.reason ? { rbar_note: correlation.reason } : {}),
    ...(correlation.sampled_from ? { rbar_sampled_from: correlation.sampled_from } : {}),
    days,
    cars,
  };
}

/** The mean rebased CAR of the securities on an event day, with its 95% interval (the chart's band). */
export type CarBandDay = { t: number; n: number; mean: number; half: number };

/**
 * Per portfolio day: the mean CAR rebased to 0 at the close before day 0 (t = -1; at the window's
 * start when it begins after -1) and its 95% t interval, as the CAR chart plots it. Computed once
 * here: charts and tables read it, none recomputes it.
 */
export function carBand(securities: readonly SecurityEvidence[], days: readonly { t: number }[]): CarBandDay[] {
  const anchors = securities.map((s) => s.days.find((d) => d.t === -1)?.car ?? (s.days[0]!.t >= 0 ? 0 : undefined));
  return days.map((d) => ({
    t: d.t,
    ...meanInterval95(securities.flatMap((s, i) => (anchors[i] === undefined ? [] : s.days.filter((x) => x.t === d.t).map((x) => x.car - anchors[i]!)))),
  }));
}
