import { twoSidedNormalP } from './distributions.js';
import { averageRanks, tieGroupSizes } from './ranks.js';
import { computed, notComputed, type TestResult } from './test-result.js';
import { allFinite } from './finite.js';

/**
 * Counts of the Wilcoxon signed-rank statistic under H0: element k is the number of subsets
 * of {1, ..., n} whose sum is k (k = 0 .. n(n+1)/2). Exact as doubles for n <= 52 (2^n < 2^53).
 */
export function signRankCounts(n: number): number[] {
  if (!(Number.isInteger(n) && n >= 0 && n <= 52)) throw new RangeError(`signRankCounts: n = ${n}`);
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  let top = 0;
  for (let j = 1; j <= n; j++) {
    top += j;
    for (let k = top; k >= j; k--) counts[k] = (counts[k] as number) + (counts[k - j] as number);
  }
  return counts;
}

/**
 * Exact two-sided p of the signed-rank statistic V = v with n non-zero untied values, as R's
 * psignrank-based rule: V > n(n+1)/4 ? 2 P(V >= v) : 2 P(V <= v), capped at 1.
 */
export function exactSignRankP(v: number, n: number): number {
  const counts = signRankCounts(n);
  const scale = Math.pow(2, -n);
  let tail = 0; // an exact integer: a sum of at most 2^n
  if (v > (n * (n + 1)) / 4) {
    for (let k = Math.ceil(v); k < counts.length; k++) tail += counts[k] as number;
  } else {
    for (let k = 0; k <= Math.floor(v); k++) tail += counts[k] as number;
  }
  return Math.min(1, 2 * tail * scale);
}

/**
 * Wilcoxon signed-rank test of `values` against 0, as R's `wilcox.test(x, mu = 0)` with its
 * defaults: zeros dropped; statistic V = W+ = sum of the ranks of |x| (average ranks for
 * ties) over the positive x. Exact distribution when n < 50 (n after dropping zeros) and
 * there are neither ties nor zeros; otherwise the normal approximation with continuity
 * correction 0.5 sign(V - n(n+1)/4) and variance n(n+1)(2n+1)/24 - sum(t^3 - t)/48 over tie
 * groups t. Two-sided p. Not computed when there are no values or all are zero.
 */
export function wilcoxonSignedRank(values: readonly number[]): TestResult {
  if (values.length < 1) return notComputed('Wilcoxon: no observations');
  if (!allFinite(values)) return notComputed('Wilcoxon: non-finite input value');
  const nonZero = values.filter((v) => v !== 0);
  const zeroes = nonZero.length < values.length;
  const n = nonZero.length;
  if (n === 0) return notComputed('Wilcoxon: all values are zero');
  const absolute = nonZero.map(Math.abs);
  const ranks = averageRanks(absolute);
  let statistic = 0;
  nonZero.forEach((v, i) => {
    if (v > 0) statistic += ranks[i] as number;
  });
  const groups = tieGroupSizes(absolute);
  const ties = groups.length < n;
  if (n < 50 && !ties && !zeroes) {
    return computed(statistic, exactSignRankP(statistic, n));
  }
  const centred = statistic - (n * (n + 1)) / 4;
  const tieTerm = groups.reduce((s, t) => s + (t * t * t - t), 0);
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const correction = Math.sign(centred) * 0.5;
  const z = (centred - correction) / sigma;
  return computed(statistic, twoSidedNormalP(z));
}
