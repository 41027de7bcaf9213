import { THIN_STALE_MINUTES } from './figure-at.js';
import type { PremarketDeps, PremarketParams } from './params.js';

/** The result's `params`: what was used, and each figure's definition in words. */
export function resultParams(
  params: PremarketParams,
  chosen: { benchmark: string; note: string },
  deps: PremarketDeps,
  fetchNotes: readonly string[],
): Record<string, unknown> {
  return {
    benchmark: chosen.benchmark,
    benchmark_choice: chosen.note,
    estimation: params.estimation,
    window: params.window,
    min_obs: params.min_obs,
    returns: params.returns,
    model: 'market (OLS), one per part: overnight on the benchmark\'s overnight returns, intraday on its intraday returns, close-to-close as the engine',
    overnight_return: params.returns === 'log' ? 'ln(open_t / close_{t-1})' : 'open_t / close_{t-1} - 1',
    intraday_return: params.returns === 'log' ? 'ln(close_t / open_t)' : 'close_t / open_t - 1',
    prices: 'stored daily OHLC, adjusted (open put on the adjusted basis with the day\'s adj_close/close when the series holds traded closes)',
    event_time: 'as the engine: trading days on which both the security and its benchmark have a close-to-close return; each part\'s model uses the estimation-window days on which both have that part',
    ar_t: 'AR / (s * sqrt(1 + 1/M + (x_0 - mean x_E)^2 / SSx)): prediction-error corrected, Student t with M - 2 df',
    p_values: 'two-sided',
    close_to_close: 'the engine\'s day-0 AR (runStudy, market model, same benchmark)',
    share_overnight: 'AR_overnight / AR_close_to_close (portfolio: mean over mean); not bounded to [0, 1]',
    portfolio_test: 'cross-sectional t: mean / (sd / sqrt(N)), p from t(N - 1)',
    intraday_prices: 'stored intraday bars are raw (as traded); moves are measured against a raw previous close: the stored traded close when the series holds one, else derived as adjusted previous close x (09:30 bar open / adjusted daily open)',
    instants: 'announcement, +30m, +60m (when announced on day 0) and 09:29 ET; the price at an instant is the close of the last bar starting at or before it',
    thin: `a figure is thin when the 30 minutes before it hold fewer than half the bars they could, or its bar ended more than ${THIN_STALE_MINUTES} minutes before the instant`,
    abnormal_move: 'before the open: move - beta_overnight * benchmark move; after the open: abnormal gap + (move since open - beta_intraday * benchmark move since open); betas from the daily models, no alpha (the daily parts\' ARs also subtract alpha)',
    intraday_study: `for news during the regular session: CAR by bar over [${params.bars[0]}, ${params.bars[1]}] bars around the bar containing announced_at; normal bar return from an OLS over the prior ${params.bar_sessions} sessions' bars when they hold >= 100 bars, else the daily intraday beta`,
    live: 'for an event whose day 0 is today (New York) and not yet stored: the quote provider\'s premarket price against the last regular close (Yahoo PRE state: regularMarketPrice), labelled live; beta from the estimation window before that day',
    intraday_source: deps.marketData?.ensureIntradayDay
      ? 'stored bars, after fetching those the price source still serves (Yahoo: 1m ~30 days back, 5m 60 days, 1h 730 days)'
      : 'stored bars only (no intraday price source configured)',
    ...(fetchNotes.length ? { intraday_fetch_notes: fetchNotes } : {}),
  };
}
