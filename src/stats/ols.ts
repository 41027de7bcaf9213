/**
 * Ordinary least squares by Householder QR (no normal equations: R^-1 keeps the precision that
 * forming X'X would square away). X is n x k with the intercept column included by the caller.
 */
export type OlsFit = {
  coefficients: number[];
  /** (X'X)^-1 = R^-1 R^-T, for prediction-error variances x'(X'X)^-1 x. */
  xtxInverse: number[][];
  residuals: number[];
  ssr: number;
  /** Total sum of squares about the mean of y (for R^2 with an intercept). */
  sst: number;
};

/** Fits y = X b; returns null when X does not have full column rank (collinear regressors). */
export function ols(X: readonly (readonly number[])[], y: readonly number[]): OlsFit | null {
  const n = X.length;
  const k = X[0]?.length ?? 0;
  if (n !== y.length) throw new RangeError(`ols: ${n} rows of X but ${y.length} values of y`);
  if (k === 0 || n < k) return null;
  // Column-major copy of X and y, reduced in place.
  const a = Array.from({ length: k }, (_, j) => Float64Array.from(X, (row) => row[j]!));
  const b = Float64Array.from(y);
  const scale = Math.max(...a.map((col) => Math.hypot(...col)));
  for (let j = 0; j < k; j++) {
    const col = a[j]!;
    let norm = 0;
    for (let i = j; i < n; i++) norm += col[i]! * col[i]!;
    norm = Math.sqrt(norm);
    if (!(norm > 1e-12 * scale)) return null;
    const alpha = col[j]! > 0 ? -norm : norm;
    const v = new Float64Array(n);
    v[j] = col[j]! - alpha;
    for (let i = j + 1; i < n; i++) v[i] = col[i]!;
    const vv = v.reduce((s, x) => s + x * x, 0);
    const reflect = (target: Float64Array) => {
      let dot = 0;
      for (let i = j; i < n; i++) dot += v[i]! * target[i]!;
      const f = (2 * dot) / vv;
      for (let i = j; i < n; i++) target[i] = target[i]! - f * v[i]!;
    };
    for (let c = j; c < k; c++) reflect(a[c]!);
    reflect(b);
  }
  // Back-substitution: R b = Q'y (first k entries).
  const coefficients = new Array<number>(k).fill(0);
  for (let j = k - 1; j >= 0; j--) {
    let s = b[j]!;
    for (let c = j + 1; c < k; c++) s -= a[c]![j]! * coefficients[c]!;
    coefficients[j] = s / a[j]![j]!;
  }
  // R^-1 (upper triangular), then (X'X)^-1 = R^-1 R^-T.
  const rInv = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    rInv[j]![j] = 1 / a[j]![j]!;
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let m = i + 1; m <= j; m++) s += a[m]![i]! * rInv[m]![j]!;
      rInv[i]![j] = -s / a[i]![i]!;
    }
  }
  const xtxInverse = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      let s = 0;
      for (let m = Math.max(i, j); m < k; m++) s += rInv[i]![m]! * rInv[j]![m]!;
      return s;
    }),
  );
  const residuals = y.map((yi, i) => yi - X[i]!.reduce((s, x, j) => s + x * coefficients[j]!, 0));
  const ssr = residuals.reduce((s, e) => s + e * e, 0);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const sst = y.reduce((s, v) => s + (v - mean) * (v - mean), 0);
  return { coefficients, xtxInverse, residuals, ssr, sst };
}

/** x'(X'X)^-1 x for a regressor row (or a sum of rows, for a CAR window). */
export function quadraticForm(inverse: readonly (readonly number[])[], x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) for (let j = 0; j < x.length; j++) s += x[i]! * inverse[i]![j]! * x[j]!;
  return s;
}

/** y = a + b x by OLS in closed form (one regressor): what a bar-level market model needs. */
export type SimpleFit = { n: number; alpha: number; beta: number; meanX: number; ssx: number; ssr: number };

/** Fits y = a + b x over paired observations (at least 3, x not constant: the caller checks). */
export function simpleOls(x: readonly number[], y: readonly number[]): SimpleFit {
  const n = x.length;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    sumX += x[i]!;
    sumY += y[i]!;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let ssx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    ssx += (x[i]! - meanX) ** 2;
    sxy += (x[i]! - meanX) * (y[i]! - meanY);
  }
  const beta = sxy / ssx;
  const alpha = meanY - beta * meanX;
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += (y[i]! - alpha - beta * x[i]!) ** 2;
  return { n, alpha, beta, meanX, ssx, ssr };
}
