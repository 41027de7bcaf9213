/**
 * Ranks 1..n of `values`, ties receiving the average of the ranks they span
 * (R's `rank(x, ties.method = "average")`). Values must not be NaN.
 */
export function averageRanks(values: readonly number[]): number[] {
  const n = values.length;
  for (const v of values) {
    if (Number.isNaN(v)) throw new RangeError('averageRanks: NaN value');
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => (values[i] as number) - (values[j] as number));
  const ranks = new Array<number>(n).fill(0);
  let start = 0;
  while (start < n) {
    const v = values[order[start] as number] as number;
    let end = start;
    while (end + 1 < n && values[order[end + 1] as number] === v) end++;
    // positions start..end (0-based) share ranks start+1..end+1
    const avg = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k] as number] = avg;
    start = end + 1;
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
