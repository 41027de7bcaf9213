import type { Joined } from './joined-bar-returns.js';

/** How the intraday event study's normal bar return was obtained, as reported. */
export type BarModelSummary =
  | { beta_source: 'bars'; description: string; sessions: string[]; n: number; df: number; alpha: number; beta: number; sigma: number }
  | { beta_source: 'daily'; description: string; beta: number; reason: string };

/** Residual sd and regressor moments of a bar-level OLS: what the CAR test needs. */
export type BarFit = { sigma: number; meanX: number; ssx: number; n: number };

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
  const n = est.length;
  const meanX = est.reduce((a, b) => a + b.rm, 0) / n;
  const meanY = est.reduce((a, b) => a + b.r, 0) / n;
  let ssx = 0;
  let sxy = 0;
  for (const b of est) {
    ssx += (b.rm - meanX) ** 2;
    sxy += (b.rm - meanX) * (b.r - meanY);
  }
  const beta = sxy / ssx;
  const alpha = meanY - beta * meanX;
  let ssr = 0;
  for (const b of est) ssr += (b.r - alpha - beta * b.rm) ** 2;
  const sigma = Math.sqrt(ssr / (n - 2));
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
    fit: { sigma, meanX, ssx, n },
  };
}
