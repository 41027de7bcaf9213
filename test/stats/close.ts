import { expect } from 'vitest';

/** Relative error |actual - expected| / |expected| (absolute error when expected is 0). */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** Default relative tolerance of the stats tests. */
export const REL_TOL = 1e-10;

/** Asserts `actual` is a number within relative tolerance `rel` of `expected`. */
export function expectClose(actual: number | null | undefined, expected: number, rel: number = REL_TOL): void {
  expect(typeof actual, `expected a number close to ${expected}, got ${String(actual)}`).toBe('number');
  const err = relativeError(actual as number, expected);
  expect(
    err <= rel,
    `actual ${String(actual)} vs expected ${expected}: relative error ${err.toExponential(3)} > ${rel}`,
  ).toBe(true);
}
