/**
 * Ranks 1..n of `values`, ties receiving the average of the ranks they span
 * (R's `rank(x, ties.method = "average")`). Values must not be NaN.
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const keys = new Float64Array(n);
  const at = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i]!)) throw new RangeError('averageRanks: NaN value');
    keys[i] = values[i]!;
    at[i] = i;
  }
  // Values sorted with their positions: each rank is written where its value came from, without
  // a search per value (a bulk study ranks 10,000 securities' returns).
  sortWithPositions(keys, at, 0, n - 1);
  const ranks = new Float64Array(n);
  // A tie group at sorted positions start..end (0-based) shares ranks start+1..end+1.
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && keys[end + 1] === keys[start]) end++;
    const avg = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[at[k]!] = avg;
    start = end + 1;
  }
  return ranks;
}

/** Sorts keys[lo..hi] ascending, moving positions[] alongside (quicksort, insertion sort below 16). */
function sortWithPositions(keys: Float64Array, positions: Int32Array, lo: number, hi: number): void {
  while (hi - lo >= 16) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot: sorted or reversed input stays n log n.
    if (keys[mid]! < keys[lo]!) swap(keys, positions, mid, lo);
    if (keys[hi]! < keys[lo]!) swap(keys, positions, hi, lo);
    if (keys[hi]! < keys[mid]!) swap(keys, positions, hi, mid);
    const pivot = keys[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (keys[i]! < pivot) i++;
      while (pivot < keys[j]!) j--;
      if (i <= j) swap(keys, positions, i++, j--);
    }
    // Recurse into the smaller side, loop on the larger: the stack stays log n deep.
    if (j - lo < hi - i) {
      sortWithPositions(keys, positions, lo, j);
      lo = i;
    } else {
      sortWithPositions(keys, positions, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const [key, position] = [keys[i]!, positions[i]!];
    let j = i - 1;
    for (; j >= lo && key < keys[j]!; j--) {
      keys[j + 1] = keys[j]!;
      positions[j + 1] = positions[j]!;
    }
    keys[j + 1] = key;
    positions[j + 1] = position;
  }
}

function swap(keys: Float64Array, positions: Int32Array, i: number, j: number): void {
  const [k, p] = [keys[i]!, positions[i]!];
  keys[i] = keys[j]!;
  positions[i] = positions[j]!;
  keys[j] = k;
  positions[j] = p;
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
