import { describe, expect, it } from 'vitest';
import { twoSidedNormalP, twoSidedStudentP } from '../../src/stats/distributions.js';
import { bmpT, crossSectionalT, patellZ } from '../../src/stats/portfolio-tests.js';
import type { TestResult } from '../../src/stats/test-result.js';
import { expectRelClose as expectClose } from '../helpers/tolerance.js';

function reasonOf(r: TestResult): string | undefined {
  return r.statistic === null ? r.reason : undefined;
}

const A = [0.012, -0.004, 0.021, 0.008, -0.011, 0.017, 0.003];
const S = [1.2, -0.4, 2.1, 0.8, -1.1, 1.7, 0.3, 0.9];

// Reference values produced by (R 4.2.2):
// Rscript -e 'A <- c(0.012, -0.004, 0.021, 0.008, -0.011, 0.017, 0.003); S <- c(1.2, -0.4, 2.1, 0.8, -1.1, 1.7, 0.3, 0.9); for (v in list(A, S)) { r <- t.test(v); cat(sprintf("%.17g %.17g\n", r$statistic, r$p.value)) }; z <- S[1:5]; d <- c(238, 238, 120, 98, 200); st <- sum(z)/sqrt(sum(d/(d-2))); cat(sprintf("patell %.17g %.17g\n", st, 2*pnorm(-abs(st))))'
// 1.5232122106248003 0.17853734279961972
// 1.8340612798910378 0.10929265665160828
// patell 1.1552894248091949 0.2479719250956717

describe('crossSectionalT', () => {
  it('hand-checkable: [1, 2, 3, 4] gives t = sqrt(15) with 3 df', () => {
    const r = crossSectionalT([1, 2, 3, 4]);
    expectClose(r.statistic, Math.sqrt(15));
    expectClose(r.p, twoSidedStudentP(Math.sqrt(15), 3));
  });

  it('matches R t.test', () => {
    const r = crossSectionalT(A);
    expectClose(r.statistic, 1.5232122106248003);
    expectClose(r.p, 0.17853734279961972);
  });

  it('is not computed for N < 2, zero variance or non-finite input', () => {
    expect(reasonOf(crossSectionalT([]))).toMatch(/N >= 2/);
    expect(reasonOf(crossSectionalT([0.1]))).toMatch(/N >= 2/);
    expect(reasonOf(crossSectionalT([0.1, 0.1, 0.1]))).toMatch(/zero cross-sectional variance/);
    expect(reasonOf(crossSectionalT([0.1, Number.NaN]))).toMatch(/non-finite/);
  });
});

describe('bmpT', () => {
  it('matches R t.test on standardized ARs', () => {
    const r = bmpT(S);
    expectClose(r.statistic, 1.8340612798910378);
    expectClose(r.p, 0.10929265665160828);
  });

  it('is not computed for N < 2 or zero variance', () => {
    expect(reasonOf(bmpT([1.3]))).toMatch(/BMP t needs N >= 2/);
    expect(reasonOf(bmpT([2, 2]))).toMatch(/zero cross-sectional variance/);
  });
});

describe('patellZ', () => {
  it('hand-checkable: four SAR = 1 with df = 4 give Z = 4 / sqrt(4 * 2) = sqrt(2)', () => {
    const r = patellZ([1, 1, 1, 1], [4, 4, 4, 4]);
    expectClose(r.statistic, Math.SQRT2);
    expectClose(r.p, twoSidedNormalP(Math.SQRT2));
  });

  it('matches R', () => {
    const r = patellZ(S.slice(0, 5), [238, 238, 120, 98, 200]);
    expectClose(r.statistic, 1.1552894248091949);
    expectClose(r.p, 0.2479719250956717);
  });

  it('is computed for N = 1 (as the reference script does)', () => {
    const r = patellZ([2], [98]);
    expectClose(r.statistic, 2 / Math.sqrt(98 / 96));
  });

  it('is not computed without observations, with df <= 2 or non-finite input', () => {
    expect(reasonOf(patellZ([], []))).toMatch(/no observations/);
    expect(reasonOf(patellZ([1, 2], [98, 2]))).toMatch(/df > 2/);
    expect(reasonOf(patellZ([1, Number.POSITIVE_INFINITY], [98, 98]))).toMatch(/non-finite/);
  });

  it('rejects mismatched lengths', () => {
    expect(() => patellZ([1, 2], [98])).toThrow(RangeError);
  });
});
