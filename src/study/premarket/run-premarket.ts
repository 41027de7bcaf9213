import type { PolicyEvent } from '../../domain/events.js';
import { UnprocessableError } from '../../errors.js';
import { splitPortfolio } from '../overnight.js';
import type { StudySecurityInput } from '../run-study.js';
import { chooseBenchmark } from './benchmark-choice.js';
import { closeToCloseStudy } from './close-to-close.js';
import { dailyKind } from './daily-coverage.js';
import { dayZeros, liveFlags, nyToday } from './day-zeros.js';
import { instantPortfolios } from './instant-portfolio.js';
import { loadIntradayData } from './intraday-data.js';
import { fetchQuotes, liveSecurity } from './live-security.js';
import { overnightSplits } from './overnight-splits.js';
import type { PremarketDeps, PremarketParams } from './params.js';
import { resultParams } from './result-params.js';
import { studiedSecurity } from './studied-security.js';
import type { PremarketInput, PremarketResult, PremarketSecurity, SecurityEntry } from './types.js';

/**
 * Runs the premarket / overnight study for security-events (same inputs as runStudy).
 * @throws UnprocessableError when no security can be studied, as runStudy does.
 */
export async function runPremarket(
  deps: PremarketDeps,
  securities: StudySecurityInput[],
  params: PremarketParams,
  event?: PolicyEvent,
): Promise<PremarketResult> {
  const calendar = await deps.calendar();
  const source = deps.premarket;
  const chosen = await chooseBenchmark(source, params.benchmark, event);
  const inputs: PremarketInput[] = securities.map((s) => ({ ...s, symbol: s.symbol.toUpperCase(), benchmark: (s.benchmark ?? chosen.benchmark).toUpperCase() }));
  const allSymbols = [...new Set(inputs.flatMap((s) => [s.symbol, s.benchmark]))];
  const [coverage, stored] = await Promise.all([source.dailyCoverage(allSymbols), deps.prices.securities(allSymbols)]);

  const today = nyToday((deps.now ?? Date.now)());
  const zeros = dayZeros(inputs, event, calendar);
  const isLive = liveFlags(inputs, zeros, today, stored, source.quotes !== undefined);

  const engine = await closeToCloseStudy(deps, inputs, isLive, params, chosen.benchmark, event);
  const splits = await overnightSplits(source, inputs, engine, isLive, stored, coverage, params);
  const intraday = await loadIntradayData(deps, inputs, engine, zeros, params);
  const quotes = await fetchQuotes(source, inputs, isLive);

  const entries = inputs.map((s, i): SecurityEntry => {
    const daily = dailyKind(coverage.get(s.symbol));
    if (isLive[i]) return { security: liveSecurity(s, i, zeros[i]!, daily, splits.live, quotes) };
    return studiedSecurity(s, i, zeros[i] ?? null, daily, { coverage, engine, splits: splits.studied, intraday, params });
  });
  const out = entries.map((e) => e.security);
  assertSomeStudied(out);

  return {
    params: resultParams(params, chosen, deps, intraday.fetchNotes),
    securities: out,
    portfolio: {
      ...splitPortfolio(entries.flatMap((e) => (e.portfolioRow ? [e.portfolioRow] : []))),
      premarket_instants: instantPortfolios(entries.map((e) => e.premarket)),
    },
  };
}

function assertSomeStudied(out: readonly PremarketSecurity[]): void {
  if (!out.some((o) => o.status !== 'excluded')) {
    throw new UnprocessableError('No security in the study has enough data to be studied.', {
      securities: out.map((o) => ({ symbol: o.symbol, day0: o.day0, reason: 'reason' in o ? o.reason : null })),
    });
  }
}
