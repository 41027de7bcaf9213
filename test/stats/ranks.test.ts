import { describe, expect, it } from 'vitest';
import { averageRanks, tieGroupSizes } from '../../src/stats/ranks.js';
import { mulberry32 } from '../../src/stats/random.js';

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

describe('averageRanks against the definition', () => {
  it('rank = 1 + #smaller + (#equal - 1) / 2, on seeded samples with ties, signed zeros, sorted and reversed runs', () => {
    const random = mulberry32(99);
    const samples: number[][] = [[], [5], [0, -0, 0], Array.from({ length: 300 }, (_, i) => i), Array.from({ length: 300 }, (_, i) => -i)];
    for (let s = 0; s < 200; s++) {
      const n = Math.floor(random() * 400);
      const levels = 1 + Math.floor(random() * 50); // few levels: many ties
      samples.push(Array.from({ length: n }, () => (random() < 0.5 ? Math.floor(random() * levels) - levels / 2 : random() - 0.5)));
    }
    for (const x of samples) {
      const expected = x.map((v) => 1 + x.filter((w) => w < v).length + (x.filter((w) => w === v).length - 1) / 2);
      expect(Array.from(averageRanks(x))).toEqual(expected);
    }
  });
});
