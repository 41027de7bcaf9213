import { describe, expect, it } from 'vitest';
import { twoSidedNormalP } from '../../src/stats/distributions.js';
import { corradoZivney, type RankedReturns } from '../../src/stats/portfolio-tests.js';
import type { TestResult } from '../../src/stats/test-result.js';
import { expectRelClose as expectClose } from '../helpers/tolerance.js';

function reasonOf(r: TestResult): string | undefined {
  return r.statistic === null ? r.reason : undefined;
}

function security(ts: number[], ars: number[]): RankedReturns {
  return { t: Int32Array.from(ts), ar: Float64Array.from(ars) };
}

const reversed = (s: RankedReturns): RankedReturns => ({ t: s.t.slice().reverse(), ar: s.ar.slice().reverse() });

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

describe('corradoZivney', () => {
  it('hand-checkable: two securities, three days', () => {
    // sec 1 ARs 0.1, 0.3, 0.2 -> ranks 1, 3, 2 -> U = .25, .75, .5
    // sec 2 ARs 0.5, 0.4, 0.6 -> ranks 2, 1, 3 -> U = .5, .25, .75
    // numerators: t=-1: -.25/sqrt2, t=0: 0, t=1: .25/sqrt2; S_U = sqrt((2 * .03125) / 3)
    const secs = [security([-1, 0, 1], [0.1, 0.3, 0.2]), security([-1, 0, 1], [0.5, 0.4, 0.6])];
    const day1 = corradoZivney(secs, [1, 1]);
    expectClose(day1.statistic, Math.sqrt(1.5), 1e-14);
    expectClose(day1.p, twoSidedNormalP(Math.sqrt(1.5)), 1e-14);
    expect(corradoZivney(secs, [0, 0]).statistic).toBe(0);
    // window [0, 1]: (0 + .25/sqrt2) / (sqrt2 * S_U) = sqrt(3)/2
    expectClose(corradoZivney(secs, [0, 1]).statistic, Math.sqrt(3) / 2, 1e-14);
  });

  it('matches the conventions evaluated in R (unequal histories, a tie, missing days)', () => {
    // Rscript -e 'secs <- list(data.frame(t=c(-10:-4, -2:2), ar=c(0.011,-0.020,0.004,0.013,-0.007,0.002,0.009,-0.015,0.031,0.006,-0.003,0.004)), data.frame(t=c(-10,-9,-8,-6,-5,-4,-2:2), ar=c(-0.005,0.012,0.008,-0.011,0.003,0.015,-0.002,0.027,0.019,-0.008,0.001)), data.frame(t=c(-9:-4,-2:1), ar=c(0.006,-0.004,0.010,-0.013,0.002,0.007,0.005,0.022,-0.001,0.004))); all <- do.call(rbind, lapply(secs, function(s) data.frame(t=s$t, U=rank(s$ar)/(1+nrow(s))))); tt <- sort(unique(all$t)); num <- sapply(tt, function(t) { u <- all$U[all$t==t]; sum(u-0.5)/sqrt(length(u)) }); SU <- sqrt(mean(num^2)); for (w in list(c(0,0), c(-1,1), c(-2,2), c(2,2), c(0,1))) { st <- sum(num[match(w[1]:w[2], tt)])/(sqrt(w[2]-w[1]+1)*SU); cat(sprintf("[%d,%d] %.17g %.17g\n", w[1], w[2], st, 2*pnorm(-abs(st)))) }'
    const secs = [
      security([...range(-10, -4), ...range(-2, 2)], [0.011, -0.02, 0.004, 0.013, -0.007, 0.002, 0.009, -0.015, 0.031, 0.006, -0.003, 0.004]),
      security([-10, -9, -8, -6, -5, -4, ...range(-2, 2)], [-0.005, 0.012, 0.008, -0.011, 0.003, 0.015, -0.002, 0.027, 0.019, -0.008, 0.001]),
      security([...range(-9, -4), ...range(-2, 1)], [0.006, -0.004, 0.01, -0.013, 0.002, 0.007, 0.005, 0.022, -0.001, 0.004]),
    ];
    const expected: ReadonlyArray<readonly [[number, number], number, number]> = [
      [[0, 0], 0.35741501144540461, 0.72078114043112751],
      [[-1, 1], 0.83790443865172148, 0.40208437569550293],
      [[-2, 2], 0.23802047847264757, 0.81186521105824716],
      [[2, 2], -0.16472930241667341, 0.86915705205328342],
      [[0, 1], -0.39904828151196797, 0.68985762911960258],
    ];
    for (const [window, statistic, p] of expected) {
      const r = corradoZivney(secs, window);
      expectClose(r.statistic, statistic);
      expectClose(r.p, p);
    }
  });

  it('does not depend on the order of the rows or of the securities', () => {
    const a = security([-3, -2, -1, 0, 1], [0.02, -0.01, 0.005, 0.03, -0.002]);
    const b = security([-3, -2, -1, 0, 1], [-0.004, 0.011, 0.007, 0.009, 0.001]);
    const r1 = corradoZivney([a, b], [0, 1]);
    const r2 = corradoZivney([reversed(b), reversed(a)], [0, 1]);
    expectClose(r2.statistic, r1.statistic as number, 1e-14);
  });

  it('is not computed without ARs, with S_U = 0 or a window day without ranks', () => {
    expect(reasonOf(corradoZivney([], [0, 0]))).toMatch(/no abnormal returns/);
    expect(reasonOf(corradoZivney([security([], []), security([], [])], [0, 0]))).toMatch(/no abnormal returns/);
    // one AR per security: U = 1/2 everywhere
    expect(reasonOf(corradoZivney([security([0], [0.1]), security([0], [0.2])], [0, 0]))).toMatch(/S_U is zero/);
    const secs = [security([-1, 0, 1], [0.1, 0.3, 0.2]), security([-1, 0, 1], [0.5, 0.4, 0.6])];
    expect(reasonOf(corradoZivney(secs, [1, 2]))).toMatch(/event day\(s\) 2/);
  });

  it('rejects an invalid window and duplicate days', () => {
    expect(() => corradoZivney([], [2, 1])).toThrow(RangeError);
    expect(() => corradoZivney([security([0, 0], [0.1, 0.2])], [0, 0])).toThrow(RangeError);
  });
});
