import { addRegressor, arTest, carTest, type FitSummary, type Regressor } from '../stats/inference.js';
import type { DatedValues } from '../stats/kolari-pynnonen.js';
import type { RankedReturns } from '../stats/corrado-zivney.js';
import { fromEpochDay, toEpochDay } from './aligned-series.js';
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

/** One security-event's computed evidence; `estimationAr` and `ranked` feed portfolio tests. */
export type SecurityEvidence = {
  key: string;
  estimation: Estimation;
  days: DayResult[];
  cars: CarResult[];
  /** Estimation-window ARs by calendar day (days since 1970-01-01, ascending): Kolari-Pynnönen cross-correlation. */
  estimationAr: DatedValues;
  /** Share of strictly positive ARs in the estimation window (generalized sign test). */
  positiveShare: number;
  /** Every AR of the estimation and event windows with its event time (rank test). */
  ranked: RankedReturns;
  /** Factor model: intercept then one coefficient per factor, in the set's order. */
  coefficients?: number[];
};

export type Exclusion = { key: string; reason: string };

/** A model fitted over one security-event's estimation window: what inference and the report need. */
export type FittedModel = { fit: FitSummary; estimation: Estimation };

/**
 * One security-event's rows in event time, whatever the model, read by index: the estimation
 * rows are `est`, the event-window rows `win` (index ranges [from, to), ascending event time),
 * each row with its regressor for the prediction-error variance (stats/inference.ts).
 */
export type ModelRows = {
  t(i: number): number;
  /** Calendar date of the row, days since 1970-01-01. */
  day(i: number): number;
  ri(i: number): number;
  /** The benchmark return reported (factor model: the first factor). */
  rm(i: number): number;
  ar(i: number): number;
  regressor(i: number): Regressor;
  est: readonly [number, number];
  win: readonly [number, number];
};

/**
 * ModelRows over a run `from`..`to`-1 of SQL columns ordered by t: the estimation rows come first
 * (the estimation window ends before the event window starts).
 */
export function columnRows(
  cols: { t: readonly number[]; date: readonly string[]; ri: readonly number[]; in_est: readonly boolean[] },
  from: number,
  to: number,
  read: Pick<ModelRows, 'rm' | 'ar' | 'regressor'>,
): ModelRows {
  let split = from;
  while (split < to && cols.in_est[split]) split++;
  return { t: (i) => cols.t[i]!, day: (i) => epochDayOf(cols.date[i]!), ri: (i) => cols.ri[i]!, ...read, est: [from, split], win: [split, to] };
}

/**
 * Turns one security-event's fitted model and rows into its event-window days and CAR windows,
 * with the inputs of the portfolio tests. Event time is contiguous by construction, so the only
 * missing days are after the data's end.
 */
export function securityEvidence(key: string, model: FittedModel, rows: ModelRows, carWindows: readonly Window[]): SecurityEvidence | Exclusion {
  const { fit } = model;
  const [estFrom, estTo] = rows.est;
  const [winFrom, winTo] = rows.win;
  const m = estTo - estFrom;
  const size = m + winTo - winFrom;
  const ranked: RankedReturns = { t: new Int32Array(size), ar: new Float64Array(size) };
  const estimationAr: DatedValues = { days: new Int32Array(m), values: new Float64Array(m) };
  let positive = 0;
  for (let i = estFrom, k = 0; i < estTo; i++, k++) {
    const ar = rows.ar(i);
    ranked.t[k] = rows.t(i);
    ranked.ar[k] = ar;
    estimationAr.days[k] = rows.day(i);
    estimationAr.values[k] = ar;
    if (ar > 0) positive++;
  }
  const days: DayResult[] = [];
  const first = winFrom < winTo ? rows.t(winFrom) : 0;
  // Event-window rows are contiguous in event time: day t is at offset t - first.
  const xs: Regressor[] = [];
  const ars: number[] = [];
  let cumulative = 0;
  for (let i = winFrom, k = m; i < winTo; i++, k++) {
    const t = rows.t(i);
    const ar = rows.ar(i);
    ranked.t[k] = t;
    ranked.ar[k] = ar;
    cumulative += ar;
    const x = rows.regressor(i);
    const test = arTest(fit, ar, x);
    days.push({ t, date: dateOf(rows.day(i)), return: rows.ri(i), benchmark_return: rows.rm(i), ar, ar_t: test.t, ar_p: test.p, car: cumulative });
    xs.push(x);
    ars.push(ar);
  }
  const at = (t: number) => (t - first >= 0 && t - first < ars.length ? t - first : -1);
  if (at(0) < 0) return { key, reason: 'no return on day 0 (no common trading date with the benchmark)' };

  const cars = carWindows.map((w): CarResult => {
    const [a, b] = w;
    let car = 0;
    let sum: Regressor = null;
    for (let t = a; t <= b; t++) {
      const k = at(t);
      if (k < 0) return { window: w, car: null, se: null, t: null, p: null, reason: `no return on event day ${t} (data ends earlier)` };
      car += ars[k]!;
      sum = addRegressor(sum, xs[k]!);
    }
    return { window: w, car, ...carTest(fit, car, b - a + 1, sum) };
  });

  return { key, estimation: model.estimation, days, cars, estimationAr, positiveShare: positive / m, ranked };
}

/** A pure function of one key, memoized up to 100,000 keys: a study meets the same dates again and again. */
function memoized<K, V>(f: (key: K) => V): (key: K) => V {
  const seen = new Map<K, V>();
  return (key) => {
    let value = seen.get(key);
    if (value === undefined) {
      value = f(key);
      if (seen.size < 100_000) seen.set(key, value);
    }
    return value;
  };
}

/** YYYY-MM-DD of an epoch day. */
const dateOf = memoized(fromEpochDay);
/** Epoch day of a YYYY-MM-DD (SQL rows). */
const epochDayOf = memoized(toEpochDay);
