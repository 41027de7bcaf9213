/**
 * Group-difference tests against the R reference (golden/intl-study.json): the inputs are the
 * per-listing CARs and SCARs R computed, the expected values R's t.test / lm / KP-Welch.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kpWelchT, pooledT, welchT, type DifferenceTest } from '../../src/stats/group-difference.js';
import { ROOT } from '../helpers/paths.js';
import { expectClose } from '../helpers/tolerance.js';

type RTest = { statistic: number | null; df: number | null; p: number | null; se?: number | null };
const golden = JSON.parse(readFileSync(resolve(ROOT, 'test/reference/golden/intl-study.json'), 'utf8')) as {
  listings: { symbol: string; status: string; cars?: { car: number; t: number }[] }[];
  groups: { name: string; ok: string[]; rbar: number }[];
  differences: {
    a: string;
    b: string;
    windows: { difference: number; welch_car: RTest; kp_welch_car: RTest; welch_scar: RTest; pooled_ols: RTest & { estimate: number } }[];
  }[];
};
const listing = new Map(golden.listings.map((l) => [l.symbol, l]));
const group = new Map(golden.groups.map((g) => [g.name, g]));
const values = (name: string, k: number, what: 'car' | 't') => group.get(name)!.ok.map((s) => listing.get(s)!.cars![k]![what]);

function expectTest(actual: DifferenceTest, expected: RTest, what: string) {
  expectClose(actual.statistic, expected.statistic, `${what} statistic`);
  expectClose(actual.p, expected.p, `${what} p`);
  expectClose(actual.df, expected.df, `${what} df`);
  if (expected.se !== undefined) expectClose(actual.se, expected.se, `${what} se`);
}

describe('group difference tests vs R (intl_study.R)', () => {
  it('reproduces Welch (CARs and SCARs), KP-adjusted Welch and the pooled OLS dummy t for every pair and window', () => {
    expect(golden.differences.length).toBe(4);
    for (const d of golden.differences) {
      d.windows.forEach((w, k) => {
        const what = `${d.a} - ${d.b} window ${k}`;
        const [a, b] = [values(d.a, k, 'car'), values(d.b, k, 'car')];
        expectTest(welchT(a, b), w.welch_car, `${what} welch`);
        expectTest(welchT(values(d.a, k, 't'), values(d.b, k, 't')), w.welch_scar, `${what} welch scar`);
        expectTest(kpWelchT(a, b, group.get(d.a)!.rbar, group.get(d.b)!.rbar), w.kp_welch_car, `${what} kp welch`);
        const pooled = pooledT(a, b);
        expectClose(pooled.statistic, w.pooled_ols.statistic, `${what} pooled t`);
        expectClose(pooled.p, w.pooled_ols.p, `${what} pooled p`);
        expectClose(pooled.se, w.pooled_ols.se ?? null, `${what} pooled se`);
        expect(pooled.df).toBe(w.pooled_ols.df);
      });
    }
  });

  it('says why when a group is too small or has no r-bar', () => {
    expect(welchT([0.01], [0.02, 0.03])).toMatchObject({ statistic: null, reason: 'Welch t needs N >= 2 in each group (N = 1, 2)' });
    expect(kpWelchT([0.01, 0.02], [0.02, 0.03], null, 0.1)).toMatchObject({ statistic: null, reason: expect.stringMatching(/needs r-bar for both groups/) });
    expect(kpWelchT([0.01, 0.02], [0.02, 0.03], 1, 0.1)).toMatchObject({ statistic: null, reason: expect.stringMatching(/no positive variance factor/) });
    expect(pooledT([0.01, 0.01], [0.02, 0.02])).toMatchObject({ statistic: null, reason: 'pooled t: zero variance in both groups' });
  });
});
