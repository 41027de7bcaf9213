import { describe, expect, it } from 'vitest';
import { computed, isComputed, notComputed } from '../../src/stats/test-result.js';

describe('TestResult constructors', () => {
  it('computed keeps a finite statistic and its p', () => {
    const r = computed(1.5, 0.13);
    expect(r).toEqual({ statistic: 1.5, p: 0.13 });
    expect(isComputed(r)).toBe(true);
  });

  it('notComputed carries a reason', () => {
    const r = notComputed('N < 2');
    expect(r).toEqual({ statistic: null, p: null, reason: 'N < 2' });
    expect(isComputed(r)).toBe(false);
  });

  it('guards non-finite statistics and invalid p', () => {
    for (const s of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const r = computed(s, 0.5);
      expect(r.statistic).toBeNull();
      expect(r.p).toBeNull();
      expect('reason' in r && r.reason).toMatch(/not finite/);
    }
    expect(computed(1, Number.NaN).statistic).toBeNull();
    expect(computed(1, 1.5).statistic).toBeNull();
  });
});
