import { addRegressor, arTest, carTest, type FitSummary, type Regressor } from '../stats/inference.js';
import type { Window } from './params.js';

export type DayResult = {
  t: number;
  date: string;
  return: number;
  benchmark_return: number;
  ar: number;
  /** AR over its prediction-error-corrected standard deviation: the standardized AR (SAR). */
  ar_t: number;
  ar_p: number;
  /** AR cumulated from the event window's first day. */
  car: number;
};

export type CarResult =
  | { window: Window; car: number; se: number; t: number; p: number }
  | { window: Window; car: null; se: null; t: null; p: null; reason: string };

export type Estimation = {
  n: number;
  df: number;
  alpha: number | null;
  beta: number | null;
  r2: number | null;
  sigma: number;
  /** Factor model: the intercept (alpha) and each factor's loading. */
  coefficients?: Record<string, number>;
};

/** One security-event's computed evidence; `estimation_ar` and `ranked` feed portfolio tests. */
export type SecurityEvidence = {
  key: string;
  estimation: Estimation;
  days: DayResult[];
  cars: CarResult[];
  /** Estimation-window ARs by calendar date (Kolari-Pynnönen cross-correlation). */
  estimationByDate: Map<string, number>;
  /** Share of strictly positive ARs in the estimation window (generalized sign test). */
  positiveShare: number;
  /** Every AR of the estimation and event windows with its event time (rank test). */
  ranked: { t: number; ar: number }[];
  /** Factor model: intercept then one coefficient per factor, in the set's order. */
  coefficients?: number[];
};

export type Exclusion = { key: string; reason: string };

/** A model fitted over one security-event's estimation window: what inference and the report need. */
export type FittedModel = { fit: FitSummary; estimation: Estimation };

/**
 * One security-event's rows in event time, whatever the model: rows `from`..`to`-1 of these
 * columns, with each row's regressor for the prediction-error variance (stats/inference.ts).
 */
export type ModelRows = {
  t: readonly number[];
  date: readonly string[];
  ri: readonly number[];
  /** The benchmark return reported (factor model: the first factor). */
  rm: readonly number[];
  ar: readonly number[];
  in_est: readonly boolean[];
  regressor: (i: number) => Regressor;
};

/**
 * Turns one security-event's fitted model and rows into its event-window days and CAR windows,
 * with the inputs of the portfolio tests. Event time is contiguous by construction, so the only
 * missing days are after the data's end.
 */
export function securityEvidence(
  key: string,
  model: FittedModel,
  rows: ModelRows,
  from: number,
  to: number,
  carWindows: readonly Window[],
): SecurityEvidence | Exclusion {
  const { fit } = model;
  const days: DayResult[] = [];
  const estimationByDate = new Map<string, number>();
  const ranked: { t: number; ar: number }[] = [];
  const xByT = new Map<number, Regressor>();
  const arByT = new Map<number, number>();
  let positive = 0;
  let cumulative = 0;
  for (let i = from; i < to; i++) {
    const t = rows.t[i]!;
    const ar = rows.ar[i]!;
    ranked.push({ t, ar });
    if (rows.in_est[i]) {
      estimationByDate.set(rows.date[i]!, ar);
      if (ar > 0) positive++;
      continue;
    }
    cumulative += ar;
    const x = rows.regressor(i);
    const test = arTest(fit, ar, x);
    days.push({ t, date: rows.date[i]!, return: rows.ri[i]!, benchmark_return: rows.rm[i]!, ar, ar_t: test.t, ar_p: test.p, car: cumulative });
    xByT.set(t, x);
    arByT.set(t, ar);
  }
  if (!arByT.has(0)) return { key, reason: 'no return on day 0 (no common trading date with the benchmark)' };

  const cars = carWindows.map((w): CarResult => {
    const [a, b] = w;
    let car = 0;
    let sum: Regressor = null;
    for (let t = a; t <= b; t++) {
      const ar = arByT.get(t);
      if (ar === undefined) {
        return { window: w, car: null, se: null, t: null, p: null, reason: `no return on event day ${t} (data ends earlier)` };
      }
      car += ar;
      sum = addRegressor(sum, xByT.get(t)!);
    }
    return { window: w, car, ...carTest(fit, car, b - a + 1, sum) };
  });

  return {
    key,
    estimation: model.estimation,
    days,
    cars,
    estimationByDate,
    positiveShare: positive / estimationByDate.size,
    ranked,
  };
}
