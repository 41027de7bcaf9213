import type { FitSummary } from '../../stats/inference.js';
import { simpleOls } from '../../stats/ols.js';
import type { Joined } from './joined-bar-returns.js';

/** How the intraday event study's normal bar return was obtained, as reported. */
export type BarModelSummary =
  | { beta_source: 'bars'; description: string; sessions: string[]; n: number; df: number; alpha: number; beta: number; sigma: number }
  | { beta_source: 'daily'; description: string; beta: number; reason: string };

/** A bar-level OLS as inference needs it, with the mean bar benchmark return (regressors are deviations from it). */
export type BarFit = { fit: FitSummary; meanX: number };

/** The normal bar return a + b * Rm; `fit` is null when b is the daily beta (no test then). */
export type BarModel = { summary: BarModelSummary; alpha: number; beta: number; fit: BarFit | null };

/**
 * Normal bar return: OLS a + b * Rm over the prior sessions' joined bar returns when they hold at
 * least `minBars` ('bars'); otherwise b = the daily intraday (open -> close) beta with a = 0
 * ('daily': no bar-level sigma).
 */
export function barModel(est: readonly Joined[], interval: string, minBars: number, dailyIntradayBeta: number | null): BarModel | { reason: string } {
  if (est.length >= minBars) return olsBarModel(est, interval);
  if (dailyIntradayBeta === null) return { reason: `only ${est.length} prior-session bars (need ${minBars}) and no daily intraday beta` };
  return {
    summary: {
      beta_source: 'daily',
      description: 'beta of the daily intraday (open -> close) market model, alpha 0',
      beta: dailyIntradayBeta,
      reason: `only ${est.length} joined bars in the prior sessions (need ${minBars}) for a bar-level model`,
    },
    alpha: 0,
    beta: dailyIntradayBeta,
    fit: null,
  };
}

function olsBarModel(est: readonly Joined[], interval: string): BarModel {
  const f = simpleOls(est.map((b) => b.rm), est.map((b) => b.r));
  const { n, alpha, beta } = f;
  const sigma = Math.sqrt(f.ssr / (n - 2));
  const sessions = [...new Set(est.map((e) => e.date))].sort();
  return {
    summary: {
      beta_source: 'bars',
      description: `OLS of the security's ${interval} bar returns on the benchmark's over the prior sessions' regular-session bars`,
      sessions,
      n,
      df: n - 2,
      alpha,
      beta,
      sigma,
    },
    alpha,
    beta,
    fit: { fit: { n, df: n - 2, sigma, design: { kind: 'simple', ssx: f.ssx } }, meanX: f.meanX },
  };
}
