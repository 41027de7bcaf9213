import { z } from 'zod';
import { studyParamFields, studyParamRules, WindowInput, type Window } from '../params.js';
import type { PremarketSource } from '../premarket-source.js';
import type { StudyDeps } from '../resolve.js';

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
