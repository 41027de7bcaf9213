import { describe, expect, it } from 'vitest';
import { averageRanks, tieGroupSizes } from '../../src/stats/ranks.js';

describe('averageRanks', () => {
  it('ranks without ties', () => {
    expect(Array.from(averageRanks([0.3, -1, 2, 0]))).toEqual([3, 1, 4, 2]);
  });

  it('averages tied ranks (R: rank(c(2, 1, 2, 3, 2, 1)) = 4 1.5 4 6 4 1.5)', () => {
    expect(Array.from(averageRanks([2, 1, 2, 3, 2, 1]))).toEqual([4, 1.5, 4, 6, 4, 1.5]);
  });

  it('treats -0 and 0 as a tie and handles empty input', () => {
    expect(Array.from(averageRanks([0, -0, 1]))).toEqual([1.5, 1.5, 3]);
    expect(Array.from(averageRanks([]))).toEqual([]);
  });

  it('rejects NaN', () => {
    expect(() => averageRanks([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('tieGroupSizes', () => {
  it('counts groups of equal values', () => {
    expect(tieGroupSizes([2, 1, 2, 3, 2, 1])).toEqual([2, 3, 1]);
    expect(tieGroupSizes([])).toEqual([]);
  });
});
