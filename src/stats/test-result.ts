/**
 * Outcome of a significance test: either a finite statistic with its two-sided p-value,
 * or `null`s with the reason the test could not be computed.
 */
export type TestResult =
  | { statistic: number; p: number }
  | { statistic: null; p: null; reason: string };

export type ComputedTest = Extract<TestResult, { statistic: number }>;
export type NotComputedTest = Extract<TestResult, { statistic: null }>;

/** A test that could not be computed, with a human-readable reason. */
export function notComputed(reason: string): NotComputedTest {
  return { statistic: null, p: null, reason };
}

/**
 * A computed test. Guard: a non-finite statistic, or a p-value that is not a number in
 * [0, 1], becomes `notComputed` with a reason instead.
 */
export function computed(statistic: number, p: number): TestResult {
  if (!Number.isFinite(statistic)) {
    return notComputed(`statistic is not finite (${String(statistic)})`);
  }
  if (!(p >= 0 && p <= 1)) {
    return notComputed(`p-value is not in [0, 1] (${String(p)})`);
  }
  return { statistic, p };
}

export function isComputed(result: TestResult): result is ComputedTest {
  return result.statistic !== null;
}
