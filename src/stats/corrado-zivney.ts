import { twoSidedNormalP } from './distributions.js';
import { averageRanks } from './ranks.js';
import { computed, notComputed, type TestResult } from './test-result.js';

export type RankedReturn = { t: number; ar: number };

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
export type RankNumerators = { numerators: Map<number, number>; su: number } | { reason: string };

/**
 * The per-day numerators num_t and S_U of a sample: the costly part (one ranking per security),
 * computed once and shared by every day and window of a study.
 */
export function rankNumerators(securities: ReadonlyArray<ReadonlyArray<RankedReturn>>): RankNumerators {
  const sums = new Map<number, { sum: number; count: number }>();
  for (const security of securities) {
    const rows = security.filter((r) => Number.isFinite(r.ar));
    if (rows.length === 0) continue;
    const seen = new Set<number>();
    for (const r of rows) {
      if (seen.has(r.t)) throw new RangeError(`corradoZivney: duplicate event day ${r.t} in one security`);
      seen.add(r.t);
    }
    const ranks = averageRanks(rows.map((r) => r.ar));
    const scale = 1 + rows.length;
    rows.forEach((r, k) => {
      const u = (ranks[k] as number) / scale;
      const cell = sums.get(r.t) ?? { sum: 0, count: 0 };
      cell.sum += u - 0.5;
      cell.count += 1;
      sums.set(r.t, cell);
    });
  }
  if (sums.size === 0) return { reason: 'Corrado-Zivney: no abnormal returns' };
  const numerators = new Map<number, number>();
  let sumSquares = 0;
  for (const [t, cell] of sums) {
    const num = cell.sum / Math.sqrt(cell.count);
    numerators.set(t, num);
    sumSquares += num * num;
  }
  const su = Math.sqrt(sumSquares / numerators.size);
  if (!(su > 0)) return { reason: 'Corrado-Zivney: S_U is zero' };
  return { numerators, su };
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
    const num = prepared.numerators.get(t);
    if (num === undefined) missing.push(t);
    else windowSum += num;
  }
  if (missing.length > 0) {
    return notComputed(`Corrado-Zivney: no ranked abnormal return on event day(s) ${missing.join(', ')}`);
  }
  const statistic = windowSum / (Math.sqrt(b - a + 1) * prepared.su);
  return computed(statistic, twoSidedNormalP(statistic));
}

/** One window's statistic straight from the securities' ARs. */
export function corradoZivney(
  securities: ReadonlyArray<ReadonlyArray<RankedReturn>>,
  window: readonly [number, number],
): TestResult {
  return corradoZivneyWindow(rankNumerators(securities), window);
}
