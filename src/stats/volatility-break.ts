import { sampleStandardDeviation } from 'simple-statistics';

/**
 * Larger over smaller sample standard deviation of a series' two halves: a listing change (a SPAC
 * shell turning into an operating company) or a regime change shows as a ratio far above 1.
 * Null when a half is too short or constant.
 */
export function halvesVolatilityRatio(values: readonly number[]): number | null {
  if (values.length < 20) return null;
  const mid = Math.floor(values.length / 2);
  const a = sampleStandardDeviation(values.slice(0, mid) as number[]);
  const b = sampleStandardDeviation(values.slice(mid) as number[]);
  if (!(a > 0) || !(b > 0)) return null;
  return Math.max(a, b) / Math.min(a, b);
}
