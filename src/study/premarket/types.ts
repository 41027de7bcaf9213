import type { Session } from '../../domain/day-zero.js';
import type { TestResult } from '../../stats/test-result.js';
import type { PartDay, PartEstimation, SplitDay, SplitPortfolio } from '../overnight.js';
import type { SecurityOutcome, StudySecurityInput } from '../run-study.js';
import type { DailyKind } from './daily-coverage.js';
import type { DailyPrices } from './daily-prices.js';
import type { IntradayFigures } from './intraday-figures.js';
import type { IntradayStudy } from './intraday-study.js';
import type { LiveQuote, LiveUnavailable } from './live-quote.js';

/** A security-event as the premarket study handles it: symbol upper-cased, benchmark resolved. */
export type PremarketInput = StudySecurityInput & { symbol: string; benchmark: string };

export type CloseToClose = {
  return: number;
  benchmark_return: number;
  ar: number;
  ar_t: number;
  ar_p: number;
  estimation: { n: number; df: number; alpha: number | null; beta: number | null; r2: number | null; sigma: number };
};

export type PartResult = PartDay & { estimation: PartEstimation };

/** An entry's head: the engine outcome's (id, symbol, day 0 ...), plus the session and the data used. */
export type SecurityBase = Pick<SecurityOutcome, 'id' | 'symbol' | 'role' | 'benchmark' | 'day0' | 'day0_rule'> & {
  session: Session | null;
  /** Where the figures come from: 'daily' (adjusted OHLC) or the intraday interval used. */
  data: { daily: DailyKind; granularity: string; intraday: string | null };
};

export type PremarketSecurity = SecurityBase &
  (
    | {
        status: 'ok';
        prices: DailyPrices | null;
        close_to_close: CloseToClose;
        overnight: PartResult;
        intraday: PartResult;
        /** AR_on + AR_id, to set next to the close-to-close AR (separate models: not identical). */
        ar_overnight_plus_intraday: number;
        share_overnight: number | null;
        share_note: string;
        days: SplitDay[];
        premarket: IntradayFigures | { reason: string };
        intraday_study: IntradayStudy | { reason: string };
      }
    | {
        status: 'close_only';
        reason: string;
        prices: DailyPrices | null;
        close_to_close: CloseToClose | null;
        premarket: IntradayFigures | { reason: string };
        intraday_study: IntradayStudy | { reason: string };
      }
    | { status: 'excluded'; reason: string; close_to_close: CloseToClose | null }
    | { status: 'live'; live: LiveQuote | LiveUnavailable }
  );

export type InstantPortfolio = { label: string; n: number; mean_abnormal_move: number | null; cross_sectional_t: TestResult };

export type PremarketResult = {
  params: Record<string, unknown>;
  securities: PremarketSecurity[];
  portfolio: SplitPortfolio & { premarket_instants: InstantPortfolio[] };
};

/**
 * One security's entry, with what the portfolio takes from it: its premarket figures (for the
 * instants' cross-section) and, when split, its day-0 ARs.
 */
export type SecurityEntry = {
  security: PremarketSecurity;
  premarket?: IntradayFigures | { reason: string };
  portfolioRow?: { ar_on: number; ar_id: number; ar_cc: number };
};

/** The fields every security entry starts with, in the order they are reported. */
export function securityHead(
  role: string | undefined,
  head: { id: string; symbol: string; benchmark: string; day0: string | null; day0_rule: string | null; session: Session | null },
): Omit<SecurityBase, 'data'> {
  return {
    id: head.id,
    symbol: head.symbol,
    ...(role ? { role } : {}),
    benchmark: head.benchmark,
    day0: head.day0,
    day0_rule: head.day0_rule,
    session: head.session,
  };
}
