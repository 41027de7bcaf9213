import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRank } from '../../src/stats/portfolio-tests.js';
import type { TestResult } from '../../src/stats/test-result.js';
import { exactSignRankP, signRankCounts } from '../../src/stats/wilcoxon.js';
import { expectRelClose as expectClose } from '../helpers/tolerance.js';

function reasonOf(r: TestResult): string | undefined {
  return r.statistic === null ? r.reason : undefined;
}

// prettier-ignore
const X60 = [1.1417, -0.1055, -0.7758, 0.6441, 0.9485, -0.5499, -0.4681, 1.0092, 0.5467, -0.8114, 0.0010, 1.1498, 0.0414, -0.8218, 0.5091, 1.0293, -0.4356, -0.5784, 0.9233, 0.6791, -0.7597, -0.1447, 1.1356, 0.1907, -0.8461, 0.3660, 1.0904, -0.3083, -0.6723, 0.8202, 0.7996, -0.6876, -0.2838, 1.0994, 0.3391, -0.8481, 0.2181, 1.1306, -0.1708, -0.7479, 0.7022, 0.9056, -0.5969, -0.4132, 1.0420, 0.4833, -0.8279, 0.0687, 1.1489, -0.0261, -0.8035, 0.5718, 0.9948, -0.4895, -0.5300, 0.9647, 0.6201, -0.7858, -0.0789, 1.1448];
// (X60 was made by: Rscript -e 'x <- round(sin(1:60*1.7)+0.15, 4); cat(sprintf("%.4f", x), sep=", ")')

// [name, x, V, p, R's method], produced by (R 4.2.2):
// Rscript -e 'X60 <- c(<X60 above>); cases <- list(exact6=c(1.5, -0.3, 2.2, 0.7, -1.1, 3.4), ties=c(1, -1, 2, 3, -2, 4, 5, -0.5), zeros=c(0, 1.2, -0.4, 2.5, 3.1, 0.8), n60=X60, n60neg=-X60[1:55], one=c(0.5), pos49=1:49, pos50=1:50, low6=c(-1.5, 0.3, -2.2, -0.7, 1.1, -3.4)); for (nm in names(cases)) { w <- suppressWarnings(wilcox.test(cases[[nm]], mu=0)); cat(sprintf("%s %.17g %.17g %s\n", nm, w$statistic, w$p.value, w$method)) }'
// Cross-checked with scipy 1.17 (p only; its statistic is min(W+, W-)):
// python3 -c "from scipy import stats; print(stats.wilcoxon(x, zero_method='wilcox', correction=True, method=M).pvalue)"
// with M = 'exact' for exact6, pos49, low6 and 'approx' otherwise; results in the last column.
const CASES: ReadonlyArray<readonly [string, number[], number, number, string, number]> = [
  ['exact6', [1.5, -0.3, 2.2, 0.7, -1.1, 3.4], 17, 0.21875000000000008, 'exact', 0.21875],
  ['ties', [1, -1, 2, 3, -2, 4, 5, -0.5], 28, 0.18235512622739192, 'approx', 0.18235512622739181],
  ['zeros', [0, 1.2, -0.4, 2.5, 3.1, 0.8], 14, 0.10564542920187692, 'approx', 0.10564542920187692],
  ['n60', X60, 1172, 0.058992239278376886, 'approx', 0.058992239278376886],
  ['n60neg', X60.slice(0, 55).map((v) => -v), 576, 0.10496423076908755, 'approx', 0.10496423076908754],
  ['one', [0.5], 1, 1, 'exact', 1],
  ['pos49', Array.from({ length: 49 }, (_, i) => i + 1), 1225, 3.5527136788005049e-15, 'exact', 3.5527136788005009e-15],
  ['pos50', Array.from({ length: 50 }, (_, i) => i + 1), 1275, 7.7904922072184232e-10, 'approx', 7.7904922072184211e-10],
  ['low6', [-1.5, 0.3, -2.2, -0.7, 1.1, -3.4], 4, 0.21875000000000008, 'exact', 0.21875],
];

describe('wilcoxonSignedRank', () => {
  it('hand-checkable exact case: V = 17, n = 6, p = 2 * 7/64', () => {
    // |x| ranks: 0.3:1 0.7:2 1.1:3 1.5:4 2.2:5 3.4:6; V = 4 + 5 + 2 + 6 = 17;
    // P(V >= 17) = P(V <= 4) = #{ {}, {1}, {2}, {3}, {1,2}, {4}, {1,3} } / 2^6 = 7/64
    const r = wilcoxonSignedRank([1.5, -0.3, 2.2, 0.7, -1.1, 3.4]);
    expect(r.statistic).toBe(17);
    expect(r.p).toBe(14 / 64);
  });

  it.each(CASES)('%s matches R wilcox.test (and scipy)', (_name, x, v, p, _method, scipyP) => {
    const r = wilcoxonSignedRank(x);
    expect(r.statistic).toBe(v);
    expectClose(r.p, p);
    expectClose(r.p, scipyP);
  });

  it('is not computed without values, with only zeros or with non-finite values', () => {
    expect(reasonOf(wilcoxonSignedRank([]))).toMatch(/no observations/);
    expect(reasonOf(wilcoxonSignedRank([0, 0, -0]))).toMatch(/all values are zero/);
    expect(reasonOf(wilcoxonSignedRank([0.1, Number.NaN]))).toMatch(/non-finite/);
  });
});

describe('signed-rank null distribution', () => {
  it('counts subsets by sum', () => {
    // n = 3: sums of subsets of {1,2,3}: 0,1,2,3,3,4,5,6
    expect(signRankCounts(3)).toEqual([1, 1, 1, 2, 1, 1, 1]);
    const c = signRankCounts(20);
    expect(c.reduce((s, k) => s + k, 0)).toBe(2 ** 20);
    expect(c).toEqual([...c].reverse()); // symmetric
  });

  it('exact p is capped at 1 and symmetric', () => {
    expect(exactSignRankP(5, 4)).toBe(1); // V = n(n+1)/4
    expect(exactSignRankP(2, 6)).toBe(exactSignRankP(19, 6));
  });
});
