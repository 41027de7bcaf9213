import { mean } from 'simple-statistics';
import { twoSidedNormalP, twoSidedStudentP } from './distributions.js';
import { allFinite } from './finite.js';
import { mulberry32 } from './random.js';
import { computed, isComputed, notComputed, type TestResult } from './test-result.js';

/** A series keyed by integer dates (ascending, distinct), e.g. days since 1970-01-01. */
export type DatedValues = { days: Int32Array; values: Float64Array };

export type CrossCorrelation = {
  rbar: number | null;
  pairs: number;
  reason?: string;
  /** Set when r̄ was estimated from a sample of the pairs: how many pairs there were in all. */
  sampled_from?: number;
};

/** Default cap on the pairs correlated exactly; beyond it r̄ comes from a sample of pairs. */
export const MAX_CORRELATION_PAIRS = 20_000;

/**
 * Kolari-Pynnönen r̄: mean Pearson correlation over the pairs of series, each pair on its
 * common dates. A pair with fewer than `minOverlap` common keys, or with a
 * constant series on them (correlation undefined), is left out. Each unordered pair is used
 * once: the mean equals the mean of the N(N-1) off-diagonal entries. `pairs` = pairs used.
 * Non-finite values are treated as missing. Above `maxPairs` pairs, a seeded sample of
 * `maxPairs` distinct pairs is used and `sampled_from` gives the total.
 */
export function meanCrossCorrelation(
  series: readonly DatedValues[],
  minOverlap = 30,
  maxPairs = MAX_CORRELATION_PAIRS,
): CrossCorrelation {
  const n = series.length;
  if (n < 2) return { rbar: null, pairs: 0, reason: `r-bar needs at least 2 series (N = ${n})` };
  const need = Math.max(2, minOverlap);
  const correlations: number[] = [];
  let short = 0;
  let constant = 0;
  const longest = series.reduce((m, s) => Math.max(m, s.days.length), 0);
  const xs = new Float64Array(longest);
  const ys = new Float64Array(longest);
  // Series on the very same dates with finite values (one event date, full data: the usual case)
  // pair without a merge, from each series' mean and sum of squares computed once.
  const same = sameDates(series);
  const whole = series.map((s, i) => (same[i]! >= 0 ? moments(s.values, s.values.length) : undefined));
  // Common dates by one merge of two ascending runs, in date order.
  const pairCorrelation = (i: number, j: number) => {
    // The shorter series is x (the correlation's order of division), as it always was.
    const [x, y] = series[i]!.days.length <= series[j]!.days.length ? [i, j] : [j, i];
    const [a, b] = [series[x]!, series[y]!];
    if (same[x]! >= 0 && same[x] === same[y]) {
      const [mx, my] = [whole[x]!, whole[y]!];
      const k = a.values.length;
      if (k < need) short++;
      else if (!mx.varies || !my.varies) constant++;
      else correlations.push(Math.min(1, Math.max(-1, correlationFrom(a.values, mx, b.values, my, k))));
      return;
    }
    let k = 0;
    for (let p = 0, q = 0; p < a.days.length && q < b.days.length; ) {
      const [dp, dq] = [a.days[p]!, b.days[q]!];
      if (dp < dq) p++;
      else if (dp > dq) q++;
      else {
        const [v, w] = [a.values[p]!, b.values[q]!];
        if (Number.isFinite(v) && Number.isFinite(w)) {
          xs[k] = v;
          ys[k] = w;
          k++;
        }
        p++;
        q++;
      }
    }
    if (k < need) {
      short++;
      return;
    }
    const r = correlationOf(xs, ys, k);
    if (Number.isNaN(r)) {
      constant++;
      return;
    }
    correlations.push(Math.min(1, Math.max(-1, r)));
  };
  const totalPairs = (n * (n - 1)) / 2;
  if (totalPairs <= maxPairs) {
    for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) pairCorrelation(i, j);
  } else {
    // N(N-1)/2 pairs grow too fast for bulk studies: estimate r̄ from a deterministic sample
    // of distinct pairs (same N -> same pairs), and say so.
    const random = mulberry32(n);
    const chosen = new Set<number>();
    while (chosen.size < maxPairs) {
      const i = Math.floor(random() * n);
      const j = Math.floor(random() * n);
      if (i === j) continue;
      const [a, b] = i < j ? [i, j] : [j, i];
      const id = a * n + b;
      if (chosen.has(id)) continue;
      chosen.add(id);
      pairCorrelation(a, b);
    }
  }
  if (correlations.length === 0) {
    const why: string[] = [];
    if (short > 0) why.push(`${short} with fewer than ${need} common dates`);
    if (constant > 0) why.push(`${constant} with a constant series`);
    return { rbar: null, pairs: 0, reason: `no pair of series qualifies (${why.join(', ')})` };
  }
  const sampled = totalPairs > maxPairs ? { sampled_from: totalPairs } : {};
  return { rbar: mean(correlations), pairs: correlations.length, ...sampled };
}

/** simple-statistics' mean: a compensated (Kahan-Babuska) sum over the count. */
function compensatedMean(x: Float64Array, k: number): number {
  let sum = x[0]!;
  let correction = 0;
  for (let i = 1; i < k; i++) {
    const v = x[i]!;
    const next = sum + v;
    correction += Math.abs(sum) >= Math.abs(v) ? sum - next + v : v - next + sum;
    sum = next;
  }
  return (sum + correction) / k;
}

/** What a correlation needs of one series' first k values: whether they vary, their mean and sum of squared deviations. */
type Moments = { varies: boolean; mean: number; sxx: number };

function moments(x: Float64Array, k: number): Moments {
  let varies = false;
  for (let i = 1; i < k && !varies; i++) varies = x[i] !== x[0];
  const mean = compensatedMean(x, k);
  let sxx = 0;
  for (let i = 0; i < k; i++) {
    const d = x[i]! - mean;
    sxx += d * d;
  }
  return { varies, mean, sxx };
}

/** covariance / sd(x) / sd(y), each over k - 1: simple-statistics' order of operations. */
function correlationFrom(x: Float64Array, mx: Moments, y: Float64Array, my: Moments, k: number): number {
  let sxy = 0;
  for (let i = 0; i < k; i++) sxy += (x[i]! - mx.mean) * (y[i]! - my.mean);
  return sxy / (k - 1) / Math.sqrt(mx.sxx / (k - 1)) / Math.sqrt(my.sxx / (k - 1));
}

/**
 * Pearson correlation of the first `k` values of x and y, or NaN when either is constant on
 * them. The same arithmetic, in the same order, as simple-statistics' sampleCorrelation
 * (covariance / sd(x) / sd(y), each over k - 1 around compensated means; equal to the last bit,
 * test/stats/kolari-pynnonen.test.ts), in three passes instead of eight: r̄ of a bulk study
 * correlates 20,000 pairs.
 */
export function correlationOf(x: Float64Array, y: Float64Array, k: number): number {
  const [mx, my] = [moments(x, k), moments(y, k)];
  // A constant series has no correlation (R: NA); simple-statistics would return noise or NaN.
  if (!mx.varies || !my.varies) return Number.NaN;
  return correlationFrom(x, mx, y, my, k);
}

function sameInts(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * For each series, the index of the first series with exactly the same dates (itself when none
 * comes before), or -1 when it holds a non-finite value (its pairs need the merge).
 */
function sameDates(series: readonly DatedValues[]): Int32Array {
  const out = new Int32Array(series.length);
  const firstWith = new Map<string, number[]>();
  series.forEach((s, i) => {
    if (!allFinite(s.values)) return void (out[i] = -1);
    const d = s.days;
    // A cheap key; series that share it are compared date by date.
    const key = `${d.length}:${d[0]}:${d[d.length >> 1]}:${d[d.length - 1]}`;
    const candidates = firstWith.get(key) ?? [];
    const match = candidates.find((c) => sameInts(series[c]!.days, d));
    out[i] = match ?? i;
    if (match === undefined) firstWith.set(key, [...candidates, i]);
  });
  return out;
}

/** Why the KP factor cannot be applied, or null when it can. */
function factorProblem(rbar: number | null, n: number): string | null {
  if (rbar === null || !Number.isFinite(rbar)) return 'r-bar not available';
  if (!(rbar < 1)) return `r-bar >= 1 (${rbar})`;
  if (!(1 + (n - 1) * rbar > 0)) return `1 + (N-1) r-bar <= 0 (N = ${n}, r-bar = ${rbar})`;
  return null;
}

/**
 * Kolari-Pynnönen adjusted BMP: t_BMP * sqrt((1 - r̄) / (1 + (N-1) r̄)); two-sided p from
 * t(N - 1). Not computed when BMP was not, r̄ is null, r̄ >= 1 or 1 + (N-1) r̄ <= 0.
 */
export function kpBmpT(bmp: TestResult, rbar: number | null, n: number): TestResult {
  if (!isComputed(bmp)) return notComputed(`KP-BMP: ${bmp.reason}`);
  const problem = factorProblem(rbar, n);
  if (problem !== null) return notComputed(`KP-BMP: ${problem}`);
  const r = rbar as number;
  const t = bmp.statistic * Math.sqrt((1 - r) / (1 + (n - 1) * r));
  return computed(t, twoSidedStudentP(t, n - 1));
}

/**
 * Kolari-Pynnönen adjusted Patell: Z / sqrt(1 + (N-1) r̄); two-sided p from N(0,1).
 * Not computed when Patell was not, r̄ is null, r̄ >= 1 or 1 + (N-1) r̄ <= 0.
 */
export function kpPatellZ(patell: TestResult, rbar: number | null, n: number): TestResult {
  if (!isComputed(patell)) return notComputed(`KP-Patell: ${patell.reason}`);
  const problem = factorProblem(rbar, n);
  if (problem !== null) return notComputed(`KP-Patell: ${problem}`);
  const z = patell.statistic / Math.sqrt(1 + (n - 1) * (rbar as number));
  return computed(z, twoSidedNormalP(z));
}
