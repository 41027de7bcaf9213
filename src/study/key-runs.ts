/**
 * Calls `each(from, to)` for every run of equal keys in a key-ordered column: the SQL returns
 * one row per (security-event, event day), ordered by key, and each run is one security-event.
 */
export function forEachKey(keys: readonly string[], each: (from: number, to: number) => void): void {
  for (let from = 0; from < keys.length; ) {
    let to = from;
    while (to < keys.length && keys[to] === keys[from]) to++;
    each(from, to);
    from = to;
  }
}
