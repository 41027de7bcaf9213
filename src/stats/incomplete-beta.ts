import { logBeta } from './gamma.js';

/**
 * Regularized incomplete beta function I_x(a, b), by the continued fraction of
 * Numerical Recipes (betacf), evaluated with the modified Lentz method.
 *
 * `y` must be 1 - x; pass it computed without cancellation when x is close to 1 (for the
 * Student t, x = df / (df + t^2) and y = t^2 / (df + t^2)). Both logs of the prefactor
 * x^a y^b are taken from whichever of x, y is smaller, so a large `a` or `b` does not amplify
 * the rounding of 1 - x. Accuracy is ~1e-14 relative when min(a, b) is small (as for the
 * t distribution, b = 1/2); with both a and b large the prefactor loses a few more digits.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number, y: number = 1 - x): number {
  if ([x, y, a, b].some(Number.isNaN) || a <= 0 || b <= 0) return Number.NaN;
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  // the continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise
  if (x * (a + b + 2) < a + 1) return betaContinuedFractionTerm(x, y, a, b);
  return 1 - betaContinuedFractionTerm(y, x, b, a);
}

/** log(x) for x in (0, 1) given y = 1 - x accurately. */
function logOf(x: number, y: number): number {
  return x < 0.5 ? Math.log(x) : Math.log1p(-y);
}

/** x^a y^b / (a B(a, b)) * CF(x; a, b): equals I_x(a, b) (used where the CF converges fast). */
function betaContinuedFractionTerm(x: number, y: number, a: number, b: number): number {
  const logFront = a * logOf(x, y) + b * logOf(y, x) - logBeta(a, b) - Math.log(a);
  if (logFront < -745.2) return 0; // exp underflows to 0 anyway
  return Math.exp(logFront) * betaContinuedFraction(x, a, b);
}

const TINY = 1e-300;
const MAX_ITERATIONS = 1_000_000;

/** Continued fraction for I_x(a, b) (Numerical Recipes 6.4.5), modified Lentz. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    // even step
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // odd step
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= Number.EPSILON) return h;
  }
  throw new Error(`betaContinuedFraction did not converge (x=${x}, a=${a}, b=${b})`);
}
