/**
 * The one inference module: a fitted normal-return model's summary -> standardized ARs (the
 * prediction-error corrected t), the exact standard error of a CAR and their two-sided p-values
 * (docs/conventions.md; MacKinlay 1997 eq. 12-13; Patell 1976). Every model feeds it: market,
 * constant-mean and market-adjusted (fitted in process, study/window-fit.ts), factor (QR OLS), the overnight and
 * intraday parts of a day and the intraday bar model.
 */
import { twoSidedStudentP } from './distributions.js';
import { quadraticForm } from './ols.js';

/**
 * What the prediction error of a normal return depends on, by model:
 * - `none`: nothing estimated (market-adjusted): C_t = 1;
 * - `mean`: a constant mean over M returns: C_t = 1 + 1/M;
 * - `simple`: a + b x by OLS: C_t = 1 + 1/M + (x_t - mean x_E)^2 / SSx (the regressor is the deviation);
 * - `general`: any OLS design: C_t = 1 + x_t'(X'X)^-1 x_t (the regressor is the row, intercept included).
 */
export type Design =
  | { kind: 'none' }
  | { kind: 'mean' }
  | { kind: 'simple'; ssx: number }
  | { kind: 'general'; xtxInverse: readonly (readonly number[])[] };

/** A fitted model as inference needs it: M, residual df, s and the design. */
export type FitSummary = { n: number; df: number; sigma: number; design: Design };

/** One observation's regressor: the deviation x - mean x_E (`simple`), the row x_t (`general`), nothing otherwise. */
export type Regressor = number | readonly number[] | null;

export type Tested = { t: number; p: number };

/** C_t: Var(AR_t) = s^2 C_t. */
export function varianceFactor(fit: FitSummary, x: Regressor): number {
  const d = fit.design;
  if (d.kind === 'none') return 1;
  if (d.kind === 'mean') return 1 + 1 / fit.n;
  if (d.kind === 'simple') return 1 + 1 / fit.n + ((x as number) * (x as number)) / d.ssx;
  return 1 + quadraticForm(d.xtxInverse, x as readonly number[]);
}

/** The standardized AR: AR / (s sqrt(C_t)), Student t with the fit's df. */
export function arTest(fit: FitSummary, ar: number, x: Regressor): Tested {
  const t = ar / (fit.sigma * Math.sqrt(varianceFactor(fit, x)));
  return { t, p: twoSidedStudentP(t, fit.df) };
}

/**
 * Prediction-error part of Var(CAR)/s^2 beyond L, over a window of L observations whose
 * regressors sum to `sum` (deviations for `simple`, rows for `general`).
 */
export function windowPredictionError(fit: FitSummary, L: number, sum: Regressor): number {
  const d = fit.design;
  if (d.kind === 'none') return 0;
  if (d.kind === 'mean') return (L * L) / fit.n;
  if (d.kind === 'simple') return (L * L) / fit.n + ((sum as number) * (sum as number)) / d.ssx;
  return quadraticForm(d.xtxInverse, sum as readonly number[]);
}

/** A CAR over L observations: se = s sqrt(L + PE), t = CAR / se, Student t with the fit's df. */
export function carTest(fit: FitSummary, car: number, L: number, sum: Regressor): Tested & { se: number } {
  const se = fit.sigma * Math.sqrt(L + windowPredictionError(fit, L, sum));
  const t = car / se;
  return { se, t, p: twoSidedStudentP(t, fit.df) };
}

/** Sums regressors of a window (numbers add; rows add by component); null for designs without one. */
export function addRegressor(sum: Regressor, x: Regressor): Regressor {
  if (x === null) return sum;
  if (typeof x === 'number') return ((sum as number | null) ?? 0) + x;
  const acc = (sum as number[] | null) ?? new Array<number>(x.length).fill(0);
  x.forEach((v, j) => (acc[j] = acc[j]! + v));
  return acc;
}

/**
 * Why a fit cannot carry inference, or null: s must be a positive finite number and df > 2
 * (the Patell variance df/(df-2) needs it).
 */
export function unusableFit(fit: { df: number; sigma2: number }): string | null {
  if (!(fit.sigma2 > 0) || !Number.isFinite(fit.sigma2)) return 'returns are constant (zero residual variance) in the estimation window';
  if (fit.df <= 2) return `too few degrees of freedom (${fit.df})`;
  return null;
}
