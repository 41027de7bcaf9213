/**
 * Log-gamma and log-beta for positive real arguments, accurate to a few ulps of the
 * result's magnitude, with log-beta free of the catastrophic cancellation that
 * lgamma(a) + lgamma(b) - lgamma(a + b) suffers when a or b is large.
 */

/** log(sqrt(2 * pi)) */
const LN_SQRT_2PI = 0.91893853320467274178;

/** Below this, logGamma shifts its argument up by recurrence before using Stirling's series. */
const STIRLING_MIN = 10;

/**
 * Remainder of Stirling's series: lgamma(x) - [(x - 1/2) log x - x + log sqrt(2 pi)],
 * for x >= 10. Terms B_{2k} / (2k (2k-1) x^(2k-1)), k = 1..8; the first omitted term is
 * below 2e-18 at x = 10.
 */
export function stirlingCorrection(x: number): number {
  if (!(x >= STIRLING_MIN)) throw new RangeError(`stirlingCorrection: x must be >= ${STIRLING_MIN}`);
  const r = 1 / x;
  const r2 = r * r;
  // Horner in 1/x^2, coefficients B_{2k}/(2k(2k-1))
  const s =
    1 / 12 +
    r2 *
      (-1 / 360 +
        r2 *
          (1 / 1260 +
            r2 *
              (-1 / 1680 +
                r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + r2 * (-3617 / 122400)))))));
  return s * r;
}

/** sqrt(2 * pi) */
const SQRT_2PI = 2.5066282746310005024;

/** Largest x with Gamma(x) finite in double precision. */
const GAMMA_MAX = 171.6243769563027;

/**
 * Gamma(x) for x > 0, by Stirling's series at x + n >= 10 and the recurrence
 * Gamma(x) = Gamma(x + n) / (x (x+1) ... (x+n-1)); a few ulps for exactly representable x + n.
 */
export function gamma(x: number): number {
  if (Number.isNaN(x) || x <= 0) return Number.NaN;
  if (x >= GAMMA_MAX) return Number.POSITIVE_INFINITY;
  let prod = 1;
  let z = x;
  while (z < STIRLING_MIN) {
    prod *= z;
    z += 1;
  }
  // z^(z - 1/2) split in two halves so that it does not overflow before e^-z is applied
  const half = Math.pow(z, (z - 0.5) / 2);
  return (SQRT_2PI * half * (half * Math.exp(-z)) * Math.exp(stirlingCorrection(z))) / prod;
}

/** log(Gamma(x)) for x > 0. */
export function logGamma(x: number): number {
  if (Number.isNaN(x) || x <= 0) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (x < STIRLING_MIN) return Math.log(gamma(x));
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingCorrection(x);
}

/** log(B(a, b)) = log(Gamma(a) Gamma(b) / Gamma(a + b)) for a, b > 0. */
export function logBeta(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || a <= 0 || b <= 0) return Number.NaN;
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (q === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  const s = p + q;
  if (p >= STIRLING_MIN) {
    // both large: Stirling for all three, logs of ratios kept small
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(s);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / s) + q * Math.log1p(-p / s);
  }
  if (q >= STIRLING_MIN) {
    // p small, q large: lgamma(q) - lgamma(p + q) by Stirling, without forming either
    const corr = stirlingCorrection(q) - stirlingCorrection(s);
    return logGamma(p) + corr + p - p * Math.log(s) + (q - 0.5) * Math.log1p(-p / s);
  }
  return Math.log((gamma(p) / gamma(s)) * gamma(q));
}

/** 1 / B(a, b) for a, b > 0. */
export function inverseBeta(a: number, b: number): number {
  if (a + b < GAMMA_MAX && Math.max(a, b) < STIRLING_MIN) {
    return gamma(a + b) / gamma(a) / gamma(b);
  }
  return Math.exp(-logBeta(a, b));
}
