/**
 * Which benchmark a listing is studied against: the request's override, else the catalog's
 * per-security benchmark, else the broad index of its exchange (US listings: the event's
 * benchmark). A benchmark on another market's calendar is allowed with a warning; a listing with
 * no benchmark at all is refused with the fix.
 *
 * @example
 *   listingBenchmark({ symbol: '601360.SS' }, {}) // { ok: true, benchmark: '000300.SS', source: 'exchange' }
 *   listingBenchmark({ symbol: 'HO.PA' }, { override: 'SPY' }).warning // "... New York's calendar ..."
 */
import { exchangeByMic, exchangeOfSymbol, sameMarketClock, UnknownExchangeError, type Exchange } from './exchanges.js';

export type BenchmarkChoice =
  | { ok: true; benchmark: string; source: 'request' | 'catalog' | 'exchange' | 'event'; exchange: string; warning: string | null }
  | { ok: false; reason: string };

function tryExchange(find: () => Exchange): Exchange | string {
  try {
    return find();
  } catch (err) {
    if (err instanceof UnknownExchangeError) return err.message;
    throw err;
  }
}

export function listingBenchmark(
  listing: { symbol: string; exchange?: string | undefined; benchmark?: string | undefined },
  options: { override?: string | undefined; eventBenchmark?: string | undefined },
): BenchmarkChoice {
  const ex = tryExchange(() => (listing.exchange ? exchangeByMic(listing.exchange) : exchangeOfSymbol(listing.symbol)));
  if (typeof ex === 'string') return { ok: false, reason: ex };
  const us = ex.benchmark === null;
  const [benchmark, source] = options.override
    ? [options.override, 'request' as const]
    : listing.benchmark
      ? [listing.benchmark, 'catalog' as const]
      : us && options.eventBenchmark
        ? [options.eventBenchmark, 'event' as const]
        : [ex.benchmark, 'exchange' as const];
  if (!benchmark) {
    return { ok: false, reason: `${listing.symbol} trades on ${ex.name} and has no benchmark: name one with benchmark=<symbol>.` };
  }
  const bex = tryExchange(() => exchangeOfSymbol(benchmark));
  const warning =
    typeof bex === 'string'
      ? `The exchange of benchmark ${benchmark} is unknown, so whether it shares ${listing.symbol}'s calendar cannot be checked.`
      : sameMarketClock(ex, bex)
        ? null
        : `Benchmark ${benchmark} trades on ${bex.city}'s calendar and ${listing.symbol} on ${ex.city}'s: returns are compared on common dates only, and a day 0 on which one of them did not trade moves to the next common date.${ex.currency === bex.currency ? '' : ` Their currencies differ (${ex.currency}, ${bex.currency}): returns are not converted.`}`;
  return { ok: true, benchmark, source, exchange: ex.mic, warning };
}
