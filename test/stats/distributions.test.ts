import { describe, expect, it } from 'vitest';
import { normalCdf, studentTCdf, studentTQuantile, twoSidedNormalP, twoSidedStudentP } from '../../src/stats/distributions.js';
import { expectRelClose as expectClose } from '../helpers/tolerance.js';

/** Accuracy asserted against R below (observed max ~1e-14 relative, see the report). */
const TIGHT = 1e-13;

// [z, pnorm(z), 2 * pnorm(-abs(z))], produced by (R 4.2.2):
// Rscript -e 'z <- c(-37, -30, -9, -5, -1.96, -0.5, 0, 0.3, 1, 3, 8.5); cat(sprintf("[%s, %.17g, %.17g],\n", z, pnorm(z), 2*pnorm(-abs(z))), sep="")'
const NORMAL: ReadonlyArray<readonly [number, number, number]> = [
  [-37, 5.7255712225245771e-300, 1.1451142445049154e-299],
  [-30, 4.9067139271481872e-198, 9.8134278542963744e-198],
  [-9, 1.1285884059538408e-19, 2.2571768119076816e-19],
  [-5, 2.8665157187919391e-7, 5.7330314375838782e-7],
  [-1.96, 0.024997895148220428, 0.049995790296440856],
  [-0.5, 0.30853753872598694, 0.61707507745197387],
  [0, 0.5, 1],
  [0.3, 0.61791142218895267, 0.76417715562209465],
  [1, 0.84134474606854293, 0.31731050786291409],
  [3, 0.9986501019683699, 0.0026997960632601892],
  [8.5, 1, 1.8959069644406638e-17],
];

// [t, df, pt(t, df), 2 * pt(-abs(t), df)], produced by (R 4.2.2):
// Rscript -e 'd <- rbind(c(8,3), c(-8,3), c(2.5,1), c(-40,1), c(1e100,3), c(0.5,2), c(-3,2), c(1.96,10), c(-4.5,29), c(2,98), c(-2.2,238), c(100,238), c(2,1e6), c(-30,1e6), c(0.7,1e6), c(1.5,12345.5), c(0.25,0.5)); cat(sprintf("[%s, %s, %.17g, %.17g],\n", d[,1], d[,2], pt(d[,1], d[,2]), 2*pt(-abs(d[,1]), d[,2])), sep="")'
const STUDENT: ReadonlyArray<readonly [number, number, number, number]> = [
  [8, 3, 0.99796171120610722, 0.0040765775877854666],
  [-8, 3, 0.0020382887938927333, 0.0040765775877854666],
  [2.5, 1, 0.87888105840915665, 0.24223788318168671],
  [-40, 1, 0.007956089912025812, 0.015912179824051624],
  [1e100, 3, 1, 2.205315581687256e-300],
  [0.5, 2, 0.66666666666666663, 0.66666666666666674],
  [-3, 2, 0.047732983133354563, 0.095465966266709126],
  [1.96, 10, 0.96078187987615016, 0.07843624024769974],
  [-4.5, 29, 5.076744403242776e-5, 0.00010153488806485552],
  [2, 98, 0.9758661140253162, 0.048267771949367586],
  [-2.2, 238, 0.014384318194582475, 0.02876863638916495],
  [100, 238, 1, 2.0668924910538582e-196],
  [2, 1e6, 0.97724973307434038, 0.045500533851319185],
  [-30, 1e6, 6.0100471168316661e-198, 1.2020094233663332e-197],
  [0.7, 1e6, 0.75803626635672905, 0.4839274672865419],
  [1.5, 12345.5, 0.93318001293662878, 0.13363997412674242],
  [0.25, 0.5, 0.56544011515757453, 0.86911976968485094],
];

describe('normal distribution (Cody)', () => {
  it.each(NORMAL)('Phi(%s) matches R pnorm', (z, cdf, twoSided) => {
    expectClose(normalCdf(z), cdf, TIGHT);
    expectClose(twoSidedNormalP(z), twoSided, TIGHT);
  });

  it('is symmetric and exact at 0', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(twoSidedNormalP(0)).toBe(1);
    expect(twoSidedNormalP(-9)).toBe(twoSidedNormalP(9));
    expect(normalCdf(-2.5) + normalCdf(2.5)).toBeCloseTo(1, 15);
  });

  it('handles the extremes', () => {
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(-40)).toBe(0); // below the smallest subnormal
    expect(twoSidedNormalP(Number.POSITIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.NaN)).toBeNaN();
    expect(twoSidedNormalP(Number.NaN)).toBeNaN();
  });
});

describe('Student t distribution (incomplete beta)', () => {
  it.each(STUDENT)('t = %s, df = %s matches R pt', (t, df, cdf, twoSided) => {
    expectClose(studentTCdf(t, df), cdf, TIGHT);
    expectClose(twoSidedStudentP(t, df), twoSided, TIGHT);
  });

  it('agrees with the closed forms for df = 1 (Cauchy) and df = 2', () => {
    for (const t of [0.1, 1, 3.7, 25, 1e6]) {
      // df = 1: P(|T| > t) = 2 atan(1/t) / pi; df = 2: P(|T| > t) = 1 - t / sqrt(2 + t^2)
      expectClose(twoSidedStudentP(t, 1), (2 * Math.atan(1 / t)) / Math.PI, 1e-14);
      expectClose(twoSidedStudentP(-t, 2), 2 / (Math.sqrt(2 + t * t) * (Math.sqrt(2 + t * t) + t)), 1e-13);
    }
  });

  it('stays exact for very large df and tends to the normal', () => {
    // Rscript -e 'cat(sprintf("%.17g\n", c(2*pt(-2.5, 1e12), 2*pt(-2.5,1e10), 2*pt(-7,1e9))))'
    expectClose(twoSidedStudentP(2.5, 1e12), 0.012419330651711118, TIGHT);
    expectClose(twoSidedStudentP(2.5, 1e10), 0.012419330667437263, TIGHT);
    expectClose(twoSidedStudentP(7, 1e9), 2.5596266863481843e-12, TIGHT);
    expectClose(twoSidedStudentP(2.5, 1e12), twoSidedNormalP(2.5), 1e-10);
    expect(twoSidedStudentP(2.5, Number.POSITIVE_INFINITY)).toBe(twoSidedNormalP(2.5));
    expect(studentTCdf(-1.2, Number.POSITIVE_INFINITY)).toBe(normalCdf(-1.2));
  });

  it('handles t = 0, infinite and overflowing t', () => {
    expect(twoSidedStudentP(0, 7)).toBe(1);
    expect(studentTCdf(0, 7)).toBe(0.5);
    expect(twoSidedStudentP(Number.POSITIVE_INFINITY, 7)).toBe(0);
    expect(studentTCdf(Number.NEGATIVE_INFINITY, 7)).toBe(0);
    expect(studentTCdf(Number.POSITIVE_INFINITY, 7)).toBe(1);
    // t^2 overflows: P(|T| > t) ~ 2 / (pi t) for df = 1
    expectClose(twoSidedStudentP(1e200, 1), 2 / (Math.PI * 1e200), 1e-13);
  });

  it('returns NaN for invalid input', () => {
    expect(twoSidedStudentP(Number.NaN, 5)).toBeNaN();
    expect(twoSidedStudentP(1, 0)).toBeNaN();
    expect(twoSidedStudentP(1, -3)).toBeNaN();
    expect(studentTCdf(1, Number.NaN)).toBeNaN();
  });

  it('keeps the two-sided p in [0, 1] and monotone in |t|', () => {
    let previous = 1;
    for (let t = 0; t <= 50; t += 0.25) {
      const p = twoSidedStudentP(t, 4);
      expect(p).toBeLessThanOrEqual(previous);
      expect(p).toBeGreaterThanOrEqual(0);
      previous = p;
    }
  });
});

describe('studentTQuantile', () => {
  // Rscript -e 'cat(sprintf("%.17g", c(qt(0.975, 1), qt(0.975, 5), qt(0.975, 8), qt(0.975, 238), qt(0.005, 3))), sep="\n")'
  it('matches R qt()', () => {
    const cases: [number, number, number][] = [
      [0.975, 1, 12.706204736174694],
      [0.975, 5, 2.5705818356363137],
      [0.975, 8, 2.3060041352041658],
      [0.975, 238, 1.9699815295299441],
      [0.005, 3, -5.8409093097333562],
    ];
    for (const [p, df, q] of cases) expectClose(studentTQuantile(p, df), q, 1e-11);
  });
});
