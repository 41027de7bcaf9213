/**
 * True when every value equals the first (an empty array is constant).
 *
 * simple-statistics' mean of a constant array can be off by an ulp (0.1 * 3 / 3), so its
 * sampleStandardDeviation / sampleCorrelation return ~1e-17 or noise instead of 0 / NaN
 * where R returns 0 / NA. Tests check constancy explicitly before using them.
 */
export function isConstant(values: readonly number[]): boolean {
  const first = values[0];
  return values.every((v) => v === first);
}
