import { inverseBeta, logBeta } from './gamma.js';

/**
 * Regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b).
 *
 * Method (Numerical Recipes 6.4): I_x(a, b) = x^a y^b / (a B(a, b)) * CF, with the continued
 * fraction CF = 1/(1+ d1/(1+ d2/(1+ ...))),
 *   d_{2m+1} = -(a+m)(a+b+m) x / ((a+2m)(a+2m+1)),   d_{2m} = m(b-m) x / ((a+2m-1)(a+2m)),
 * used where it converges fast, x < (a+1)/(a+b+2), and I_x(a,b) = 1 - I_y(b,a) otherwise.
 * The fraction is evaluated in its even contraction
 *   CF = 1/(beta_0 + alpha_1/(beta_1 + alpha_2/(beta_2 + ...))),
 *   beta_m = 1 + d_{2m} + d_{2m+1} (d_0 = 0),  alpha_m = -d_{2m-1} d_{2m},
 * by the modified Lentz method. When x is close to 1 (large a, as for a Student t with many
 * degrees of freedom) 1 + d_{2m+1} is formed from y = 1 - x without cancellation:
 *   1 + d_{2m+1} = (a(2m+1-b) + m(3m+2-b) + (a+m)(a+b+m) y) / ((a+2m)(a+2m+1)).
 * Evaluating the uncontracted fraction in x instead loses about log10(1/y) digits there.
 *
 * `y` must be 1 - x; pass it computed without cancellation when x is close to 1 (for the
 * Student t: x = df / (df + t^2), y = t^2 / (df + t^2)).
 *
 * Accuracy, checked against 50-digit evaluations for the Student t (b = 1/2 or a = 1/2):
 * ~1e-14 relative or better, down to results near 1e-300. With a and b both large the
 * prefactor x^a y^b / B(a, b) loses some digits (not used by this project).
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number, y: number = 1 - x): number {
  if ([x, y, a, b].some(Number.isNaN) || a <= 0 || b <= 0) return Number.NaN;
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  if (x * (a + b + 2) < a + 1) return directIncompleteBeta(x, y, a, b);
  return 1 - directIncompleteBeta(y, x, b, a);
}

/** log(x) for x in (0, 1), given y = 1 - x accurately. */
function logOf(x: number, y: number): number {
  return x < 0.5 ? Math.log(x) : Math.log1p(-y);
}

/** x^p for x in (0, 1), given y = 1 - x accurately. */
function powOf(x: number, y: number, p: number): number {
  return x < 0.5 ? Math.pow(x, p) : Math.exp(p * Math.log1p(-y));
}

/** Smallest normal double: below it, products lose digits to gradual underflow. */
const DBL_MIN = 2.2250738585072014e-308;

function normal(v: number): boolean {
  return v >= DBL_MIN && v < Number.POSITIVE_INFINITY;
}

/** x^a y^b / (a B(a, b)). */
function prefactor(x: number, y: number, a: number, b: number): number {
  const lbeta = logBeta(a, b);
  const logFront = a * logOf(x, y) + b * logOf(y, x) - lbeta - Math.log(a);
  if (logFront < -745.2) return 0;
  // Direct powers avoid the rounding of a large |logFront| (|logFront| * 1.1e-16 relative).
  const xa = powOf(x, y, a);
  const yb = powOf(y, x, b);
  const invBeta = inverseBeta(a, b);
  if (normal(xa) && normal(yb) && normal(invBeta)) {
    // multiply the smaller power by 1/(a B) first, then the other, checking for underflow
    const [small, large] = xa < yb ? [xa, yb] : [yb, xa];
    const partial = (small * invBeta) / a;
    const front = partial * large;
    if (normal(partial) && normal(front)) return front;
  }
  return Math.exp(logFront);
}

/** I_x(a, b) by the continued fraction (fast for x < (a+1)/(a+b+2)). */
function directIncompleteBeta(x: number, y: number, a: number, b: number): number {
  const front = prefactor(x, y, a, b);
  if (front === 0) return 0;
  return front / contractedFraction(x, y, a, b);
}

const TINY = 1e-300;
const MAX_ITERATIONS = 1_000_000;

/** 1 + d_{2m+1}, without cancellation whichever of x, y is small. */
function onePlusOdd(m: number, x: number, y: number, a: number, b: number): number {
  const den = (a + 2 * m) * (a + 2 * m + 1);
  if (x <= 0.5) return 1 - ((a + m) * (a + b + m) * x) / den;
  return (a * (2 * m + 1 - b) + m * (3 * m + 2 - b) + (a + m) * (a + b + m) * y) / den;
}

/** d_{2m} (m >= 1) */
function evenTerm(m: number, x: number, a: number, b: number): number {
  return (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
}

/** d_{2m+1} (m >= 0) */
function oddTerm(m: number, x: number, a: number, b: number): number {
  return (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
}

/**
 * beta_0 + alpha_1/(beta_1 + alpha_2/(beta_2 + ...)) = 1 / CF, modified Lentz
 * (Numerical Recipes 5.2).
 */
function contractedFraction(x: number, y: number, a: number, b: number): number {
  let f = onePlusOdd(0, x, y, a, b);
  if (Math.abs(f) < TINY) f = TINY;
  let c = f;
  let d = 0;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const even = evenTerm(m, x, a, b);
    const alpha = -oddTerm(m - 1, x, a, b) * even;
    const beta = onePlusOdd(m, x, y, a, b) + even;
    d = beta + alpha * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = beta + alpha / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) <= Number.EPSILON) return f;
  }
  throw new Error(`incomplete beta continued fraction did not converge (x=${x}, a=${a}, b=${b})`);
}
