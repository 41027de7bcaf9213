import { inverseBeta, logBeta } from './gamma.js';
import { regularizedIncompleteBeta } from './incomplete-beta.js';

/*
 * Normal distribution: W. J. Cody's rational Chebyshev approximations for the normal
 * distribution function (ANORM, SPECFUN package, ACM TOMS Algorithm 715, 1993; derived from
 * Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 1969), which
 * approximate Phi to at least 18 significant digits in theory; in double precision the lower
 * tail keeps full relative accuracy (~1e-15) down to the underflow threshold. exp(-x^2/2) is
 * evaluated as exp(-xsq^2/2) exp(-(x-xsq)(x+xsq)/2) with xsq = trunc(16x)/16 so that the
 * large argument is formed exactly.
 */

/** 1 / sqrt(2 pi) */
const INV_SQRT_2PI = 0.39894228040143267794;
/** |x| at which Phi(x) = 0.75 (first interval) */
const THRESHOLD = 0.66291;
/** sqrt(32) (end of the second interval) */
const ROOT32 = 5.656854248;
/** below this, Phi(x) underflows to 0 even as a subnormal */
const X_LOW = -38.5;
/** above this, Phi(x) rounds to 1 */
const X_UPPER = 8.572;

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113] as const;
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956] as const;
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
  2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
  1.0765576773720192317e-8,
] as const;
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
  18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
] as const;
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303] as const;
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5] as const;

/** exp(-x^2 / 2) with the argument split so that the big part is exact. */
function expHalfSquare(x: number): number {
  const xsq = Math.trunc(x * 16) / 16;
  const del = (x - xsq) * (x + xsq);
  return Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5);
}

/** Standard normal distribution function Phi(z) = P(Z <= z). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const y = Math.abs(z);
  if (y <= THRESHOLD) {
    const xsq = y > 1.11e-16 ? z * z : 0;
    let num = A[4] * xsq;
    let den = xsq;
    for (let i = 0; i < 3; i++) {
      num = (num + (A[i] as number)) * xsq;
      den = (den + (B[i] as number)) * xsq;
    }
    return 0.5 + (z * (num + A[3])) / (den + B[3]);
  }
  let tail: number; // Phi(-|z|)
  if (y <= ROOT32) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + (C[i] as number)) * y;
      den = (den + (D[i] as number)) * y;
    }
    tail = (expHalfSquare(y) * (num + C[7])) / (den + D[7]);
  } else if (-y < X_LOW) {
    tail = 0;
  } else {
    const r = 1 / (z * z);
    let num = P[5] * r;
    let den = r;
    for (let i = 0; i < 4; i++) {
      num = (num + (P[i] as number)) * r;
      den = (den + (Q[i] as number)) * r;
    }
    const frac = (r * (num + P[4])) / (den + Q[4]);
    tail = (expHalfSquare(y) * ((INV_SQRT_2PI - frac) / y));
  }
  if (z > 0) return z >= X_UPPER ? 1 : 1 - tail;
  return tail;
}

/** Two-sided p-value of a standard normal statistic: 2 Phi(-|z|), computed from the tail. */
export function twoSidedNormalP(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

/**
 * Student t with `df` degrees of freedom (df > 0, real; Infinity gives the normal):
 * P(|T| > |t|) = I_x(df/2, 1/2), x = df / (df + t^2), by the regularized incomplete beta.
 */
function twoSidedStudentTail(t: number, df: number): number {
  const at = Math.abs(t);
  if (at === Number.POSITIVE_INFINITY) return 0;
  if (at === 0) return 1;
  const a = df / 2;
  const t2 = at * at;
  if (Number.isFinite(df + t2)) {
    return Math.min(1, regularizedIncompleteBeta(df / (df + t2), a, 0.5, t2 / (df + t2)));
  }
  // t^2 overflows: work with r = t / sqrt(df)
  const r = at / Math.sqrt(df);
  const r2 = r * r;
  if (Number.isFinite(r2)) {
    return Math.min(1, regularizedIncompleteBeta(1 / (1 + r2), a, 0.5, r2 / (1 + r2)));
  }
  // x = 1/(1 + r^2) < 1e-308: I_x(a, 1/2) = x^a / (a B(a, 1/2)) * (1 + O(x)), x^a = r^-df
  const xa = Math.pow(1 / r, df);
  const p = (xa * inverseBeta(a, 0.5)) / a;
  if (p >= 2.2250738585072014e-308) return p;
  return Math.exp(-df * Math.log(r) - logBeta(a, 0.5) - Math.log(a));
}

function checkDf(df: number): boolean {
  return !Number.isNaN(df) && df > 0;
}

/** Student t distribution function P(T <= t) with df > 0 degrees of freedom (real). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !checkDf(df)) return Number.NaN;
  if (df === Number.POSITIVE_INFINITY) return normalCdf(t);
  const halfTail = 0.5 * twoSidedStudentTail(t, df);
  return t < 0 ? halfTail : 1 - halfTail;
}

/** Two-sided p-value P(|T| >= |t|) for Student t with df > 0, computed from the upper tail. */
export function twoSidedStudentP(t: number, df: number): number {
  if (Number.isNaN(t) || !checkDf(df)) return Number.NaN;
  if (df === Number.POSITIVE_INFINITY) return twoSidedNormalP(t);
  return twoSidedStudentTail(t, df);
}

/**
 * The p-quantile of Student t with df > 0 (e.g. 0.975 for a two-sided 95% interval): bisection
 * on the CDF, to about 1e-12 relative — ample for intervals drawn on a chart.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !checkDf(df)) return Number.NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
