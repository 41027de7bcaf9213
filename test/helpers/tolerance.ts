import { expect } from 'vitest';

/**
 * The one tolerance checker for numbers compared with an independent implementation (R, scipy):
 * |actual - expected| <= rel * max(|actual|, |expected|) + abs. The absolute floor only matters
 * for values that are zero up to rounding (e.g. a CAR that sums to ~1e-17).
 */
export function expectClose(actual: number | null | undefined, expected: number | null, what: string, rel = 1e-8, abs = 1e-14): void {
  if (expected === null) {
    expect(actual, `${what}: expected null`).toBeNull();
    return;
  }
  expect(typeof actual, `${what}: expected a number, got ${actual}`).toBe('number');
  const a = actual as number;
  const tol = rel * Math.max(Math.abs(a), Math.abs(expected)) + abs;
  if (!(Math.abs(a - expected) <= tol)) {
    expect.fail(`${what}: ${a} vs expected ${expected} (diff ${Math.abs(a - expected)}, tolerance ${tol})`);
  }
}

/** Default relative tolerance of the statistics unit tests (distributions, tests vs R). */
export const REL_TOL = 1e-10;

/** `expectClose` with a relative tolerance (absolute when the expected value is 0), for the statistics unit tests. */
export function expectRelClose(actual: number | null | undefined, expected: number, rel: number = REL_TOL): void {
  expectClose(actual, expected, `expected ${expected}`, rel, expected === 0 ? rel : 0);
}
