import { mean, sampleStandardDeviation } from 'simple-statistics';
import { studentTQuantile, twoSidedNormalP, twoSidedStudentP } from './distributions.js';
import { isConstant } from './constant.js';
import { allFinite } from './finite.js';
import { computed, notComputed, type TestResult } from './test-result.js';

/** mean / (sd / sqrt(N)), sd with N - 1; p from t(N - 1). */
function oneSampleT(values: readonly number[], label: string): TestResult {
  const n = values.length;
  if (n < 2) return notComputed(`${label} needs N >= 2 (N = ${n})`);
  if (!allFinite(values)) return notComputed(`${label}: non-finite input value`);
  const sd = isConstant(values) ? 0 : sampleStandardDeviation([...values]);
  if (!(sd > 0)) return notComputed(`${label}: zero cross-sectional variance`);
  const t = mean([...values]) / (sd / Math.sqrt(n));
  return computed(t, twoSidedStudentP(t, n - 1));
}

/**
 * Cross-sectional t on the N ARs (or CARs): mean / (sd / sqrt(N)), sd with N - 1;
 * two-sided p from t(N - 1).
 */
export function crossSectionalT(values: readonly number[]): TestResult {
  return oneSampleT(values, 'cross-sectional t');
}

/**
 * Boehmer-Musumeci-Poulsen t on the N Patell-standardized ARs (or SCARs):
 * mean / (sd / sqrt(N)); two-sided p from t(N - 1).
 */
export function bmpT(standardized: readonly number[]): TestResult {
  return oneSampleT(standardized, 'BMP t');
}

/**
 * Patell Z: sum SAR_i / sqrt(sum df_i / (df_i - 2)); two-sided p from N(0,1).
 * `dfs[i]` is security i's residual degrees of freedom; every df must exceed 2.
 * Computed from N >= 1.
 */
export function patellZ(standardized: readonly number[], dfs: readonly number[]): TestResult {
  if (standardized.length !== dfs.length) {
    throw new RangeError(`patellZ: ${standardized.length} standardized values but ${dfs.length} dfs`);
  }
  const n = standardized.length;
  if (n < 1) return notComputed('Patell Z: no observations');
  if (!allFinite(standardized)) return notComputed('Patell Z: non-finite input value');
  if (!dfs.every((df) => df > 2 && Number.isFinite(df))) {
    return notComputed('Patell Z needs every residual df > 2 (variance df/(df-2) undefined)');
  }
  let sum = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    const df = dfs[i] as number;
    sum += standardized[i] as number;
    variance += df / (df - 2);
  }
  const z = sum / Math.sqrt(variance);
  return computed(z, twoSidedNormalP(z));
}

/** The arithmetic mean by plain summation in order (null for no values). */
export function arithmeticMean(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/**
 * The mean of a cross-section with the half-width of its 95% t interval: t_{0.975}(N-1) * sd /
 * sqrt(N), sd with N - 1 (half-width 0 for a single value). Ignores cross-correlation.
 */
export function meanInterval95(values: readonly number[]): { n: number; mean: number; half: number } {
  const n = values.length;
  const mean = arithmeticMean(values) ?? Number.NaN;
  if (n < 2) return { n, mean, half: 0 };
  const sd = Math.sqrt(values.reduce((a, c) => a + (c - mean) ** 2, 0) / (n - 1));
  return { n, mean, half: (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n) };
}
