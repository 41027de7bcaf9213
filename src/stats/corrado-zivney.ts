import { twoSidedNormalP } from './distributions.js';
import { allFinite } from './finite.js';
import { averageRanks } from './ranks.js';
import { computed, notComputed, type TestResult } from './test-result.js';

/** One security's ARs with their event times (parallel arrays). */
export type RankedReturns = { t: Int32Array; ar: Float64Array };

/**
 * Corrado-Zivney standardized rank test.
 *
 * `securities[i]` holds security-event i's ARs over its estimation window plus event window
 * (gap excluded), keyed by event time t. Per security the ARs are ranked (average ranks for
 * ties), U = rank / (1 + M*), M* = its number of ARs. With T the event-time days that have at
 * least one U and N_t the number of U on day t,
 *   num_t = (1 / sqrt(N_t)) * sum_i (U_it - 1/2),   S_U = sqrt((1/|T|) sum_{t in T} num_t^2),
 * and for window [a, b] (L = b - a + 1 days; a day statistic is [t, t]):
 *   statistic = sum_{tau=a..b} num_tau / (sqrt(L) S_U); two-sided p from N(0,1).
 * Non-finite ARs are treated as missing. Not computed when no security has an AR, S_U = 0,
 * or a window day has no U.
 */
export type RankNumerators = { first: number; numerators: Float64Array; present: Uint8Array; su: number } | { reason: string };

/**
 * The per-day numerators num_t and S_U of a sample: the costly part (one ranking per security),
 * computed once and shared by every day and window of a study. Days are summed in arrays indexed
 * by t - min t, summed in the order the securities and their days come (reproducible to the bit).
 */
export function rankNumerators(securities: readonly RankedReturns[]): RankNumerators {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of securities) {
    for (let k = 0; k < s.t.length; k++) {
      const t = s.t[k]!;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
  }
  if (lo > hi) return { reason: 'Corrado-Zivney: no abnormal returns' };
  const span = hi - lo + 1;
  const sums = new Float64Array(span);
  const counts = new Int32Array(span);
  const seen = new Int32Array(span).fill(-1);
  const order: number[] = []; // days in order of first appearance: S_U sums them in that order

  securities.forEach((security, index) => {
    // Non-finite ARs are missing: only the finite ones are ranked.
    let ts = security.t;
    let ars = security.ar;
    if (!allFinite(ars)) {
      const keep = [...ars.keys()].filter((k) => Number.isFinite(ars[k]!));
      [ts, ars] = [Int32Array.from(keep, (k) => ts[k]!), Float64Array.from(keep, (k) => ars[k]!)];
    }
    if (ars.length === 0) return;
    for (let k = 0; k < ts.length; k++) {
      const d = ts[k]! - lo;
      if (seen[d] === index) throw new RangeError(`corradoZivney: duplicate event day ${ts[k]} in one security`);
      seen[d] = index;
    }
    const ranks = averageRanks(ars);
    const scale = 1 + ars.length;
    for (let k = 0; k < ts.length; k++) {
      const d = ts[k]! - lo;
      if (counts[d] === 0) order.push(d);
      sums[d] = sums[d]! + (ranks[k]! / scale - 0.5);
      counts[d] = counts[d]! + 1;
    }
  });
  const numerators = new Float64Array(span);
  const present = new Uint8Array(span);
  let days = 0;
  let sumSquares = 0;
  for (const d of order) {
    const num = sums[d]! / Math.sqrt(counts[d]!);
    numerators[d] = num;
    present[d] = 1;
    sumSquares += num * num;
    days++;
  }
  if (days === 0) return { reason: 'Corrado-Zivney: no abnormal returns' };
  const su = Math.sqrt(sumSquares / days);
  if (!(su > 0)) return { reason: 'Corrado-Zivney: S_U is zero' };
  return { first: lo, numerators, present, su };
}

/** The Corrado-Zivney statistic of window [a, b] from precomputed numerators. */
export function corradoZivneyWindow(prepared: RankNumerators, window: readonly [number, number]): TestResult {
  const [a, b] = window;
  if (!(Number.isInteger(a) && Number.isInteger(b) && a <= b)) {
    throw new RangeError(`corradoZivney: invalid window [${a}, ${b}]`);
  }
  if ('reason' in prepared) return notComputed(prepared.reason);
  let windowSum = 0;
  const missing: number[] = [];
  for (let t = a; t <= b; t++) {
    const d = t - prepared.first;
    if (!(d >= 0 && d < prepared.present.length && prepared.present[d])) missing.push(t);
    else windowSum += prepared.numerators[d]!;
  }
  if (missing.length > 0) {
    return notComputed(`Corrado-Zivney: no ranked abnormal return on event day(s) ${missing.join(', ')}`);
  }
  const statistic = windowSum / (Math.sqrt(b - a + 1) * prepared.su);
  return computed(statistic, twoSidedNormalP(statistic));
}

/** One window's statistic straight from the securities' ARs. */
export function corradoZivney(
  securities: readonly RankedReturns[],
  window: readonly [number, number],
): TestResult {
  return corradoZivneyWindow(rankNumerators(securities), window);
}
