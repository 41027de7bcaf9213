import type { IntradayBar } from '../premarket-source.js';

/** A security's and its benchmark's return over the same bar. */
export type Joined = { ms: number; date: string; time: string; r: number; rm: number };

/**
 * Bar returns of a security and its benchmark over the regular session of each day: bars joined
 * on time first, then close_k / close_{k-1} - 1 over consecutive joined bars of the same day (the
 * first bar of a day: close / open - 1), so both returns always span the same minutes.
 */
export function joinedBarReturns(stock: readonly IntradayBar[], bench: readonly IntradayBar[]): Joined[] {
  const byMs = new Map(bench.filter((b) => b.session === 'regular').map((b) => [b.ms, b]));
  const out: Joined[] = [];
  let prev: { s: IntradayBar; m: IntradayBar } | null = null;
  for (const s of stock) {
    if (s.session !== 'regular') continue;
    const m = byMs.get(s.ms);
    if (!m) continue;
    const sameDay = prev !== null && prev.s.local_date === s.local_date;
    const s0 = sameDay ? prev!.s.close : s.open;
    const m0 = sameDay ? prev!.m.close : m.open;
    if (s0 !== null && m0 !== null) out.push({ ms: s.ms, date: s.local_date, time: s.local_time, r: s.close / s0 - 1, rm: m.close / m0 - 1 });
    prev = { s, m };
  }
  return out;
}
