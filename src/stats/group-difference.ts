/**
 * Tests of the difference between two groups' mean CARs (A - B), each group's CARs taken as one
 * cross-section (docs/conventions.md, "Groups and the difference between two groups").
 * Reference: test/reference/intl_study.R (`t.test`, `lm(CAR ~ in_a)`), golden/intl-study.json.
 */
import { twoSidedStudentP } from './distributions.js';
import { computed, notComputed, type TestResult } from './test-result.js';

/** A difference test's statistic and p, plus its degrees of freedom and standard error. */
export type DifferenceTest = TestResult & { df: number | null; se: number | null };

const none = (reason: string): DifferenceTest => ({ ...notComputed(reason), df: null, se: null });

function meanVar(x: readonly number[]): { mean: number; variance: number } {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  return { mean, variance: x.reduce((s, v) => s + (v - mean) ** 2, 0) / (x.length - 1) };
}

function checked(a: readonly number[], b: readonly number[], label: string): string | null {
  if (a.length < 2 || b.length < 2) return `${label} needs N >= 2 in each group (N = ${a.length}, ${b.length})`;
  if (![...a, ...b].every(Number.isFinite)) return `${label}: non-finite input value`;
  return null;
}

/**
 * Welch's t with each group's variance of the mean inflated by the Kolari-Pynnönen factor of its
 * own mean cross-correlation r̄: v_g = s_g²/N_g · (1 + (N_g - 1) r̄_g) / (1 - r̄_g); df by
 * Welch-Satterthwaite on the v_g. With r̄ = 0 for both (`welchT`) it is Welch's t (R `t.test`).
 */
export function kpWelchT(a: readonly number[], b: readonly number[], rbarA: number | null, rbarB: number | null, label = 'KP-adjusted Welch t'): DifferenceTest {
  const bad = checked(a, b, label);
  if (bad) return none(bad);
  if (rbarA === null || rbarB === null) return none(`${label} needs r-bar for both groups (a pair of members with >= 30 common estimation dates)`);
  const terms = [
    [a, rbarA],
    [b, rbarB],
  ] as const;
  const v: number[] = [];
  for (const [x, r] of terms) {
    if (!(r < 1) || !(1 + (x.length - 1) * r > 0)) return none(`${label}: r-bar ${r} gives no positive variance factor`);
    v.push((meanVar(x).variance / x.length) * ((1 + (x.length - 1) * r) / (1 - r)));
  }
  const [va, vb] = v as [number, number];
  if (!(va + vb > 0)) return none(`${label}: zero variance in both groups`);
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = (meanVar(a).mean - meanVar(b).mean) / se;
  return { ...computed(t, twoSidedStudentP(t, df)), df, se };
}

/** Welch's unequal-variance two-sample t (Welch 1947), as R's `t.test(a, b)`. */
export function welchT(a: readonly number[], b: readonly number[]): DifferenceTest {
  return kpWelchT(a, b, 0, 0, 'Welch t');
}

/** The pooled-variance two-sample t: the group-dummy coefficient of `lm(CAR ~ in_a)`, df = N_a + N_b - 2. */
export function pooledT(a: readonly number[], b: readonly number[]): DifferenceTest {
  const bad = checked(a, b, 'pooled t');
  if (bad) return none(bad);
  const A = meanVar(a);
  const B = meanVar(b);
  const df = a.length + b.length - 2;
  const pooled = ((a.length - 1) * A.variance + (b.length - 1) * B.variance) / df;
  if (!(pooled > 0)) return none('pooled t: zero variance in both groups');
  const se = Math.sqrt(pooled * (1 / a.length + 1 / b.length));
  const t = (A.mean - B.mean) / se;
  return { ...computed(t, twoSidedStudentP(t, df)), df, se };
}
