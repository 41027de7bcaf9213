import { describe, expect, it } from 'vitest';
import { twoSidedNormalP, twoSidedStudentP } from '../../src/stats/distributions.js';
import { bmpT, kpBmpT, kpPatellZ, meanCrossCorrelation, patellZ, type DatedValues } from '../../src/stats/portfolio-tests.js';
import { computed, notComputed, type TestResult } from '../../src/stats/test-result.js';
import { expectRelClose as expectClose } from '../helpers/tolerance.js';
import { sampleCorrelation } from 'simple-statistics';
import { correlationOf } from '../../src/stats/kolari-pynnonen.js';
import { mulberry32 } from '../../src/stats/random.js';

function reasonOf(r: TestResult): string | undefined {
  return r.statistic === null ? r.reason : undefined;
}

/** Values on integer dates from..to (R's names d<from>..d<to>). */
function series(from: number, to: number, f: (i: number) => number): DatedValues {
  const days = Int32Array.from({ length: to - from + 1 }, (_, k) => from + k);
  return { days, values: Float64Array.from(days, f) };
}

describe('meanCrossCorrelation', () => {
  it('hand-checkable: perfectly correlated and anti-correlated pairs', () => {
    const x = series(1, 40, (i) => i % 7);
    const y = series(1, 40, (i) => 2 * (i % 7) + 1);
    const z = series(1, 40, (i) => -(i % 7));
    // pairs: (x,y) = 1, (x,z) = -1, (y,z) = -1
    const r = meanCrossCorrelation([x, y, z]);
    expect(r.pairs).toBe(3);
    expectClose(r.rbar, -1 / 3, 1e-14);
  });

  it('matches R cor() on pairwise-common dates, leaving out short overlaps', () => {
    // Rscript -e 'mk <- function(idx, f) setNames(f(idx), paste0("d", idx)); x <- function(i) ((i*7) %% 11 - 5)/100; s1 <- mk(1:40, x); s2 <- mk(5:44, function(i) ((i*5) %% 13 - 6)/100 + ifelse(i <= 40, 0.5*x(i), 0)); s3 <- mk(10:60, function(i) ((i*3) %% 7 - 3)/100); s4 <- mk(50:90, function(i) ((i*2) %% 5 - 2)/100); L <- list(s1, s2, s3, s4); rs <- c(); for (i in 1:3) for (j in (i+1):4) { k <- intersect(names(L[[i]]), names(L[[j]])); if (length(k) >= 30) rs <- c(rs, cor(L[[i]][k], L[[j]][k])) }; cat(sprintf("%.17g", rs), "\n"); cat(sprintf("rbar %.17g pairs %d\n", mean(rs), length(rs)))'
    // 0.52182164596301384 -0.067515365056572366 0.04085447291214904
    // rbar 0.16505358460619685 pairs 3
    const x = (i: number): number => ((i * 7) % 11 - 5) / 100;
    const s1 = series(1, 40, x);
    const s2 = series(5, 44, (i) => ((i * 5) % 13 - 6) / 100 + (i <= 40 ? 0.5 * x(i) : 0));
    const s3 = series(10, 60, (i) => ((i * 3) % 7 - 3) / 100);
    const s4 = series(50, 90, (i) => ((i * 2) % 5 - 2) / 100);
    const r = meanCrossCorrelation([s1, s2, s3, s4]);
    expect(r.pairs).toBe(3);
    expectClose(r.rbar, 0.16505358460619685);
    expect(r.reason).toBeUndefined();
    // the overlap threshold is a parameter: with 11 common dates s4 pairs with s3
    expect(meanCrossCorrelation([s1, s2, s3, s4], 11).pairs).toBe(4);
  });

  it('returns null with a reason when no pair qualifies', () => {
    const one = meanCrossCorrelation([series(1, 40, (i) => i)]);
    expect(one.rbar).toBeNull();
    expect(one.pairs).toBe(0);
    expect(one.reason).toMatch(/at least 2 series/);
    const disjoint = meanCrossCorrelation([series(1, 40, (i) => i % 3), series(41, 80, (i) => i % 5)]);
    expect(disjoint.rbar).toBeNull();
    expect(disjoint.reason).toMatch(/fewer than 30 common dates/);
    // 40 x 0.11: simple-statistics alone would give r = 0 here (its mean is off by an ulp)
    const constant = meanCrossCorrelation([series(1, 40, () => 0.11), series(1, 40, (i) => i % 5)]);
    expect(constant.rbar).toBeNull();
    expect(constant.reason).toMatch(/constant series/);
  });
});

describe('kpBmpT', () => {
  it('hand-checkable: t = 3, r̄ = 0.2, N = 5 gives 3 sqrt(0.8 / 1.8) = 2, p from t(4)', () => {
    const r = kpBmpT(computed(3, 0.04), 0.2, 5);
    expectClose(r.statistic, 2, 1e-15);
    expectClose(r.p, twoSidedStudentP(2, 4));
  });

  it('matches R on a BMP statistic', () => {
    // Rscript -e 'S <- c(1.2, -0.4, 2.1, 0.8, -1.1, 1.7, 0.3, 0.9); b <- t.test(S)$statistic; k <- b*sqrt((1-0.05)/(1+7*0.05)); cat(sprintf("kpbmp %.17g %.17g\n", k, 2*pt(-abs(k), 7)))'
    // kpbmp 1.5385398897020111 0.16780646844132049
    const S = [1.2, -0.4, 2.1, 0.8, -1.1, 1.7, 0.3, 0.9];
    const r = kpBmpT(bmpT(S), 0.05, S.length);
    expectClose(r.statistic, 1.5385398897020111);
    expectClose(r.p, 0.16780646844132049);
  });

  it('is not computed when BMP is not, r̄ is null, r̄ >= 1 or 1 + (N-1) r̄ <= 0', () => {
    expect(reasonOf(kpBmpT(notComputed('BMP t needs N >= 2'), 0.1, 1))).toBe('KP-BMP: BMP t needs N >= 2');
    expect(reasonOf(kpBmpT(computed(2, 0.1), null, 4))).toMatch(/r-bar not available/);
    expect(reasonOf(kpBmpT(computed(2, 0.1), 1, 4))).toMatch(/r-bar >= 1/);
    expect(reasonOf(kpBmpT(computed(2, 0.1), -0.5, 4))).toMatch(/1 \+ \(N-1\) r-bar <= 0/);
  });
});

describe('kpPatellZ', () => {
  it('hand-checkable: Z = 3, r̄ = 0.25, N = 4 gives 3 / sqrt(1.75), p from N(0,1)', () => {
    const r = kpPatellZ(computed(3, 0.0027), 0.25, 4);
    expectClose(r.statistic, 3 / Math.sqrt(1.75));
    expectClose(r.p, twoSidedNormalP(3 / Math.sqrt(1.75)));
  });

  it('matches R on a Patell statistic', () => {
    // Rscript -e 'z <- c(1.2, -0.4, 2.1, 0.8, -1.1); d <- c(238, 238, 120, 98, 200); st <- sum(z)/sqrt(sum(d/(d-2))); kp <- st/sqrt(1+4*0.05); cat(sprintf("kppatell %.17g %.17g\n", kp, 2*pnorm(-abs(kp))))'
    // kppatell 1.054630130691941 0.29159451789502344
    const r = kpPatellZ(patellZ([1.2, -0.4, 2.1, 0.8, -1.1], [238, 238, 120, 98, 200]), 0.05, 5);
    expectClose(r.statistic, 1.054630130691941);
    expectClose(r.p, 0.29159451789502344);
  });

  it('is not computed when Patell is not, r̄ is null or 1 + (N-1) r̄ <= 0', () => {
    expect(reasonOf(kpPatellZ(notComputed('no observations'), 0.1, 0))).toBe('KP-Patell: no observations');
    expect(reasonOf(kpPatellZ(computed(2, 0.05), null, 1))).toMatch(/r-bar not available/);
    expect(reasonOf(kpPatellZ(computed(2, 0.05), -0.2, 6))).toMatch(/1 \+ \(N-1\) r-bar <= 0/);
  });
});

describe('meanCrossCorrelation with many series', () => {
  it('samples a fixed number of distinct pairs above maxPairs, deterministically, and says so', () => {
    // Synthetic: 60 series sharing a common factor, so every pair correlates positively.
    const many = Array.from({ length: 60 }, (_, i) => series(0, 49, (d) => Math.sin(d) + 0.5 * Math.cos(d * (i + 2))));
    const full = meanCrossCorrelation(many, 30, 10_000);
    const sampled = meanCrossCorrelation(many, 30, 500);
    expect(full.pairs).toBe(1770);
    expect(full.sampled_from).toBeUndefined();
    expect(sampled.pairs).toBe(500);
    expect(sampled.sampled_from).toBe(1770);
    expect(meanCrossCorrelation(many, 30, 500).rbar).toBe(sampled.rbar);
    expect(Math.abs(sampled.rbar! - full.rbar!)).toBeLessThan(0.05);
  });
});

describe('correlationOf (the one-pass r of r̄)', () => {
  it("equals simple-statistics' sampleCorrelation to the last bit, and is NaN for a constant series", () => {
    const random = mulberry32(42);
    for (let trial = 0; trial < 2000; trial++) {
      const k = 2 + Math.floor(random() * 300);
      const scale = 10 ** Math.floor(random() * 8 - 6);
      const x = Float64Array.from({ length: k }, () => (random() - 0.5) * scale);
      const y = Float64Array.from(x, (v) => v * (random() - 0.3) + (random() - 0.5) * scale);
      const expected = sampleCorrelation(Array.from(x), Array.from(y));
      expect(Object.is(correlationOf(x, y, k), expected), `trial ${trial}, k ${k}`).toBe(true);
    }
    const flat = new Float64Array([0.01, 0.01, 0.01, 0.01]);
    expect(correlationOf(flat, new Float64Array([1, 2, 3, 4]), 4)).toBeNaN();
    expect(correlationOf(new Float64Array([1, 2, 3, 4]), flat, 4)).toBeNaN();
  });
});

describe('meanCrossCorrelation on series sharing their dates (no merge per pair)', () => {
  it('equals the pair-by-pair definition to the last bit, with constant, short and non-finite series among them', () => {
    const random = mulberry32(7);
    const days = Int32Array.from({ length: 240 }, (_, k) => 20_000 + k + Math.floor(k / 5) * 2);
    const market = Float64Array.from(days, () => random() - 0.5);
    const series: DatedValues[] = Array.from({ length: 40 }, (_, i) => ({
      days: i === 7 ? days.slice(0, 20) : days,
      values: i === 3 ? new Float64Array(240).fill(0.01) : Float64Array.from(market, (m) => m * random() + (random() - 0.5) * 0.3),
    }));
    series[11]!.values[5] = Number.NaN; // this one's pairs take the merge
    const expected = () => {
      const rs: number[] = [];
      for (let i = 0; i < series.length - 1; i++) {
        for (let j = i + 1; j < series.length; j++) {
          const [a, b] = [series[i]!, series[j]!];
          const common = Array.from(a.days.keys()).filter((k) => k < b.days.length && Number.isFinite(a.values[k]!) && Number.isFinite(b.values[k]!));
          if (common.length < 30) continue;
          const x = a.days.length <= b.days.length ? a : b;
          const y = x === a ? b : a;
          const r = correlationOf(Float64Array.from(common, (k) => x.values[k]!), Float64Array.from(common, (k) => y.values[k]!), common.length);
          if (!Number.isNaN(r)) rs.push(Math.min(1, Math.max(-1, r)));
        }
      }
      return rs.reduce((s, r) => s + r, 0) / rs.length;
    };
    const got = meanCrossCorrelation(series);
    expect(got.pairs).toBe(38 * 37 / 2 + 0); // 40 series, less the constant and the short one
    expectClose(got.rbar!, expected(), 1e-15);
    expect(Object.is(got.rbar, meanCrossCorrelation(series.map((s) => ({ days: Int32Array.from(s.days), values: s.values }))).rbar)).toBe(true);
  });
});

