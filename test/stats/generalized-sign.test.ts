import { describe, expect, it } from 'vitest';
import { twoSidedNormalP } from '../../src/stats/distributions.js';
import { generalizedSign } from '../../src/stats/portfolio-tests.js';
import type { TestResult } from '../../src/stats/test-result.js';
import { expectRelClose as expectClose } from '../helpers/tolerance.js';

function reasonOf(r: TestResult): string | undefined {
  return r.statistic === null ? r.reason : undefined;
}

describe('generalizedSign', () => {
  it('hand-checkable: w = 3 of N = 5 (a zero is not positive), p̂ = 1/2 gives Z = 1/sqrt(5)', () => {
    const r = generalizedSign([0.1, -0.2, 0.3, 0, 0.5], [0.5, 0.5, 0.5, 0.5, 0.5]);
    expectClose(r.statistic, 1 / Math.sqrt(5), 1e-15);
    expectClose(r.p, twoSidedNormalP(1 / Math.sqrt(5)));
  });

  it('matches R with p̂ the mean of the per-security shares', () => {
    // Rscript -e 'A <- c(0.012, -0.004, 0.021, 0.008, -0.011, 0.017, 0.003); ph <- mean(c(0.52, 0.48, 0.5, 0.55, 0.47, 0.51, 0.49)); N <- 7; w <- sum(A > 0); st <- (w - N*ph)/sqrt(N*ph*(1-ph)); cat(sprintf("%.17g %.17g\n", st, 2*pnorm(-abs(st))))'
    // 1.1187931062663232 0.26322841335082581
    const r = generalizedSign([0.012, -0.004, 0.021, 0.008, -0.011, 0.017, 0.003], [0.52, 0.48, 0.5, 0.55, 0.47, 0.51, 0.49]);
    expectClose(r.statistic, 1.1187931062663232);
    expectClose(r.p, 0.26322841335082581);
  });

  it('is computed for N = 1 (as the reference script does)', () => {
    expectClose(generalizedSign([0.02], [0.5]).statistic, 1);
  });

  it('is not computed when p̂ is 0 or 1, without observations, or with invalid input', () => {
    expect(reasonOf(generalizedSign([0.1, 0.2], [0, 0]))).toMatch(/p-hat is 0/);
    expect(reasonOf(generalizedSign([0.1, 0.2], [1, 1]))).toMatch(/p-hat is 1/);
    expect(reasonOf(generalizedSign([], []))).toMatch(/no observations/);
    expect(reasonOf(generalizedSign([0.1, Number.NaN], [0.5, 0.5]))).toMatch(/non-finite/);
    expect(reasonOf(generalizedSign([0.1], [1.5]))).toMatch(/outside \[0, 1\]/);
    expect(() => generalizedSign([0.1, 0.2], [0.5])).toThrow(RangeError);
  });
});
