import type { Window } from '../params.js';
import type { PremarketSource } from '../premarket-source.js';
import type { StudyDeps } from '../run-study.js';

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
