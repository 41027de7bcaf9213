/**
 * Premarket stage 1, inputs: parameters, the benchmark (one with stored opens), day 0 and which
 * security-events are live (today's news, quoted instead of stored).
 */
import { localDateTime, type DayZero } from '../../domain/day-zero.js';
import type { PolicyEvent } from '../../domain/events.js';
import { EXCHANGE_TZ } from '../../domain/bars.js';
import type { TradingCalendar } from '../../domain/trading-calendar.js';
import type { SecuritySummary } from '../../market/price-reader.js';
import { studyParamFields, studyParamRules, type Window, WindowInput } from '../params.js';
import type { DailyCoverage, PremarketSource } from '../premarket-source.js';
import { DEFAULT_BENCHMARK, dayZeroOf, type StudyDeps } from '../resolve.js';
import type { PremarketInput } from './result.js';
import { z } from 'zod';

export type PremarketDeps = StudyDeps & {
  premarket: PremarketSource;
};

export type PremarketParams = {
  /** Benchmark for every part; default: the event's first benchmark with stored opens, else SPY. */
  benchmark?: string | undefined;
  estimation: Window;
  window: Window;
  min_obs: number;
  returns: 'simple' | 'log';
  /** Bars around the announcement for the intraday event study, [before, after]. */
  bars: Window;
  /** Prior sessions whose bars estimate the intraday event study's bar-level model. */
  bar_sessions: number;
  /** Include the full bar-by-bar price path. */
  path: boolean;
};

export const DEFAULT_PREMARKET_PARAMS: PremarketParams = {
  estimation: [-250, -11],
  window: [-5, 5],
  min_obs: 100,
  returns: 'simple',
  bars: [-12, 24],
  bar_sessions: 5,
  path: true,
};

export const MAX_BARS = 390;

/**
 * The premarket parameter fields, shared by the query-string and JSON-body schemas: the study's
 * own fields for the daily models (same rules: the window must contain day 0) plus the bar options.
 */
export const premarketParamFields = {
  benchmark: studyParamFields.benchmark.meta({
    description: "Benchmark for every part (default: the event's first benchmark with stored opens; close-only ETFs such as CIBR cannot split a day)",
    example: 'QQQ',
  }),
  estimation: studyParamFields.estimation,
  window: studyParamFields.window.meta({ description: 'Event window in trading days, "a,b" (must contain day 0)', example: '-5,5' }),
  min_obs: studyParamFields.min_obs.meta({ description: 'Minimum estimation-window returns of each part' }),
  returns: studyParamFields.returns,
  bars: WindowInput.default(DEFAULT_PREMARKET_PARAMS.bars).meta({
    description: 'Intraday event study: bars before and after the announcement bar, "a,b"',
    example: '-12,24',
  }),
  bar_sessions: z.coerce
    .number()
    .int()
    .min(1)
    .max(20)
    .default(DEFAULT_PREMARKET_PARAMS.bar_sessions)
    .meta({ description: 'Prior sessions whose bars estimate the bar-level model', example: 5 }),
  path: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')])
    .default(true)
    .meta({ description: 'Include the bar-by-bar price path (default true)' }),
};

type Draft = Partial<Record<keyof typeof premarketParamFields, unknown>>;

/** The study's rules across fields, then the bar window's; every problem in one answer. */
export function premarketParamRules(p: Draft, ctx: z.RefinementCtx): void {
  if (p === null || typeof p !== 'object') return;
  studyParamRules(p, ctx);
  const bars = p.bars;
  if (!(Array.isArray(bars) && bars.length === 2 && bars.every(Number.isInteger))) return;
  const [a, b] = bars as Window;
  if (a > b) ctx.addIssue({ code: 'custom', path: ['bars'], message: `start ${a} is after end ${b}` });
  if (b - a + 1 > MAX_BARS) ctx.addIssue({ code: 'custom', path: ['bars'], message: `at most ${MAX_BARS} bars` });
}

/** Chooses the benchmark: explicit, else the event's first benchmark with stored opens, else SPY. */
export function chooseBenchmark(
  coverage: ReadonlyMap<string, DailyCoverage>,
  explicit: string | undefined,
  event: PolicyEvent | undefined,
): { benchmark: string; note: string } {
  if (explicit) return { benchmark: explicit.toUpperCase(), note: 'given' };
  const candidates = event?.benchmarks ?? [];
  if (candidates.length === 0) return { benchmark: DEFAULT_BENCHMARK, note: `default (${DEFAULT_BENCHMARK})` };
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

/** What a security's stored daily prices hold, as reported in `data.daily`. */
export type DailyKind = 'adjusted OHLC' | 'close only' | 'raw + adjusted close' | 'none';

/** True when the symbol has stored daily rows with an open: the overnight/intraday split needs them. */
export function hasOpens(coverage: ReadonlyMap<string, DailyCoverage>, symbol: string): boolean {
  return (coverage.get(symbol)?.rows_with_open ?? 0) > 0;
}

export function dailyKind(cov: DailyCoverage | undefined): DailyKind {
  return !cov ? 'none' : cov.rows_with_open === 0 ? 'close only' : cov.raw_close ? 'raw + adjusted close' : 'adjusted OHLC';
}

/** Today's date in New York: what decides whether an event is live. */
export const nyToday = (ms: number) => localDateTime(new Date(ms).toISOString(), EXCHANGE_TZ).date;

/** Day 0 and session of each input by the engine's rule; null when it is not studied on the US calendar. */
export function dayZeros(inputs: readonly PremarketInput[], event: PolicyEvent | undefined, calendar: TradingCalendar): (DayZero | null)[] {
  return inputs.map((s) => {
    if (s.listed_in_us === false) return null;
    return dayZeroOf(s, event, calendar);
  });
}

/** Live = today's news not yet in the store, and a quote provider to ask instead. */
export function liveFlags(
  inputs: readonly PremarketInput[],
  zeros: readonly (DayZero | null)[],
  today: string,
  stored: ReadonlyMap<string, SecuritySummary>,
  hasQuotes: boolean,
): boolean[] {
  return inputs.map((s, i) => hasQuotes && zeros[i] !== null && zeros[i]!.date === today && (stored.get(s.symbol)?.last_date ?? '') < today);
}
