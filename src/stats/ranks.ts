/**
 * Ranks 1..n of `values`, ties receiving the average of the ranks they span
 * (R's `rank(x, ties.method = "average")`). Values must not be NaN.
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i]!)) throw new RangeError('averageRanks: NaN value');
    sorted[i] = values[i]!;
  }
  sorted.sort();
  // Each sorted position's average rank: a tie group at positions start..end (0-based) shares
  // ranks start+1..end+1.
  const bySorted = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && sorted[end + 1] === sorted[start]) end++;
    const avg = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) bySorted[k] = avg;
    start = end + 1;
  }
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = bySorted[lo]!;
  }
  return ranks;
}

/** Sizes of the groups of equal values (groups of size 1 included). Values must not be NaN. */
export function tieGroupSizes(values: readonly number[]): number[] {
  for (const v of values) {
    if (Number.isNaN(v)) throw new RangeError('tieGroupSizes: NaN value');
  }
  const sorted = [...values].sort((x, y) => x - y);
  const sizes: number[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    sizes.push(j - i + 1);
    i = j + 1;
  }
  return sizes;
}
