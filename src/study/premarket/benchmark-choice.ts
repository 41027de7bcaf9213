import type { PolicyEvent } from '../../domain/events.js';
import type { DailyCoverage, PremarketSource } from '../premarket-source.js';
import { DEFAULT_BENCHMARK } from '../run-study.js';
import { hasOpens } from './daily-coverage.js';

/** Chooses the benchmark: explicit, else the event's first benchmark with stored opens, else SPY. */
export async function chooseBenchmark(
  source: PremarketSource,
  explicit: string | undefined,
  event: PolicyEvent | undefined,
): Promise<{ benchmark: string; note: string }> {
  if (explicit) return { benchmark: explicit.toUpperCase(), note: 'given' };
  const candidates = event?.benchmarks ?? [];
  if (candidates.length === 0) return { benchmark: DEFAULT_BENCHMARK, note: `default (${DEFAULT_BENCHMARK})` };
  const coverage = await source.dailyCoverage(candidates);
  const skipped: string[] = [];
  for (const b of candidates) {
    if (hasOpens(coverage, b)) {
      return {
        benchmark: b,
        note: skipped.length
          ? `${skipped.join(', ')} skipped (${skipped.map((s) => reasonNoOpens(coverage.get(s), s)).join('; ')}): the overnight/intraday split needs a benchmark with opens, so ${b}, the event's first benchmark with stored opens, is used for every part, the close-to-close AR included`
          : `the event's first benchmark (${b})`,
      };
    }
    skipped.push(b);
  }
  return { benchmark: DEFAULT_BENCHMARK, note: `none of the event's benchmarks (${candidates.join(', ')}) has stored opens: ${DEFAULT_BENCHMARK} used` };
}

function reasonNoOpens(c: DailyCoverage | undefined, symbol: string): string {
  return c ? `${symbol} is close-only` : `${symbol} has no stored prices`;
}
