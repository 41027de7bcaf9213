import { twoSidedStudentP } from '../stats/distributions.js';
import type { AbnormalReturnColumns } from './abnormal-returns.js';
import type { Model, Window } from './params.js';

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

/**
 * Turns one security-event's rows of study-abnormal-returns.sql (rows `from`..`to`-1 of the
 * columns) into its estimation summary, event-window days and CAR windows. Event time is
 * contiguous by construction, so the only missing days are after the data's end.
 */
export function securityEvidence(
  cols: AbnormalReturnColumns,
  from: number,
  to: number,
  model: Model,
  carWindows: readonly Window[],
  minObs: number,
  /** Prediction-error part of Var(CAR[a,b])/s^2 beyond L, for models without a closed form. */
  carPe?: (a: number, b: number) => number,
): SecurityEvidence | Exclusion {
  const key = cols.key[from]!;
  const n = cols.n[from]!;
  const df = cols.df[from]!;
  const s2 = cols.s2[from]!;
  const ssm = cols.ssm[from]!;
  if (n < minObs) return { key, reason: `only ${n} estimation-window returns; min_obs is ${minObs}` };
  if (model === 'market' && !(ssm > 0)) return { key, reason: 'benchmark returns are constant in the estimation window' };
  if (!(s2 > 0) || !Number.isFinite(s2)) return { key, reason: 'returns are constant (zero residual variance) in the estimation window' };
  if (df <= 2) return { key, reason: `too few degrees of freedom (${df})` };
  const s = Math.sqrt(s2);
  const beta = cols.beta[from] ?? null;

  const days: DayResult[] = [];
  const estimationByDate = new Map<string, number>();
  const ranked: { t: number; ar: number }[] = [];
  const rmDevByT = new Map<number, number>();
  const arByT = new Map<number, number>();
  let positive = 0;
  let cumulative = 0;
  for (let i = from; i < to; i++) {
    const t = cols.t[i]!;
    const ar = cols.ar[i]!;
    ranked.push({ t, ar });
    if (cols.in_est[i]) {
      estimationByDate.set(cols.date[i]!, ar);
      if (ar > 0) positive++;
      continue;
    }
    cumulative += ar;
    const arT = ar / (s * Math.sqrt(cols.c[i]!));
    days.push({
      t,
      date: cols.date[i]!,
      return: cols.ri[i]!,
      benchmark_return: cols.rm[i]!,
      ar,
      ar_t: arT,
      ar_p: twoSidedStudentP(arT, df),
      car: cumulative,
    });
    rmDevByT.set(t, cols.rm_dev[i]!);
    arByT.set(t, ar);
  }
  if (!arByT.has(0)) return { key, reason: 'no return on day 0 (no common trading date with the benchmark)' };

  const cars = carWindows.map((w): CarResult => {
    const [a, b] = w;
    const L = b - a + 1;
    let car = 0;
    let devSum = 0;
    for (let t = a; t <= b; t++) {
      const ar = arByT.get(t);
      if (ar === undefined) {
        return { window: w, car: null, se: null, t: null, p: null, reason: `no return on event day ${t} (data ends earlier)` };
      }
      car += ar;
      devSum += rmDevByT.get(t)!;
    }
    // Prediction-error part of Var(CAR)/s^2 beyond L (MacKinlay 1997 eq. 12-13, closed form).
    const pe = carPe
      ? carPe(a, b)
      : model === 'market'
        ? (L * L) / n + (devSum * devSum) / ssm
        : model === 'constant_mean'
          ? (L * L) / n
          : 0;
    const se = s * Math.sqrt(L + pe);
    const tStat = car / se;
    return { window: w, car, se, t: tStat, p: twoSidedStudentP(tStat, df) };
  });

  return {
    key,
    estimation: { n, df, alpha: cols.alpha[from] ?? null, beta, r2: cols.r2[from] ?? null, sigma: s },
    days,
    cars,
    estimationByDate,
    positiveShare: positive / estimationByDate.size,
    ranked,
  };
}
