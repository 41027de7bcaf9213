/**
 * Day-0 figures from stored intraday bars (pure: no I/O): the price path from the previous close
 * through the premarket to the open and through the session, the move at given instants, the
 * opening gap, the same for the benchmark, abnormal moves, and an intraday event study by bar.
 *
 * Intraday bars are RAW (as traded); daily files are ADJUSTED. Every move is measured against a
 * RAW previous close (see `previousClose`). A price "at" an instant is the close of the last bar
 * that starts at or before the instant (bar times are bar starts); the figure reports that bar's
 * start and end, how many bars of the session it rests on, and whether premarket trading is thin.
 *
 * The code lives in ./premarket/; this module keeps its public names importable from here.
 */
export type { Betas } from './premarket/abnormal-move.js';
export { EXCHANGE_TZ, intervalMinutes, localTime, zonedMs } from './premarket/exchange-clock.js';
export { THIN_STALE_MINUTES, figureAt, type BarFigure } from './premarket/figure-at.js';
export { intradayFigures, type InstantFigure, type IntradayFigures, type PathPoint } from './premarket/intraday-figures.js';
export { intradayStudy, type BarAr, type IntradayStudy } from './premarket/intraday-study.js';
export { joinedBarReturns } from './premarket/joined-bar-returns.js';
export { previousClose, type FactorCheck, type PreviousClose, type Unavailable } from './premarket/previous-close.js';
export { finestSeries, seriesFigures, type SeriesFigures } from './premarket/series-figures.js';
