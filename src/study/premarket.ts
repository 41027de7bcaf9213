/**
 * Premarket and overnight impact: how much of a day-0 move happened before the open.
 *
 * Per security-event: the close-to-close AR of the engine (runStudy, same benchmark), the daily
 * return split into overnight and intraday parts with a market model each (overnight.ts), the
 * day-0 intraday figures from stored bars (intraday-path.ts), an intraday event study when the
 * news came during the session, and for a live event today the premarket quote. Then the
 * portfolio of the day-0 parts with cross-sectional tests.
 *
 * The steps live in ./premarket/ (run-premarket.ts orchestrates them); this module keeps the
 * public names importable from here.
 */
export { chooseBenchmark } from './premarket/benchmark-choice.js';
export type { DailyPrices } from './premarket/daily-prices.js';
export { liveQuote, quoteReference, type LiveQuote } from './premarket/live-quote.js';
export { DEFAULT_PREMARKET_PARAMS, type PremarketDeps, type PremarketParams } from './premarket/params.js';
export { runPremarket } from './premarket/run-premarket.js';
export type { CloseToClose, InstantPortfolio, PartResult, PremarketResult, PremarketSecurity } from './premarket/types.js';
