import type { DayZero } from '../../domain/day-zero.js';
import type { LiveQuoteInput, PremarketSource } from '../premarket-source.js';
import type { DailyKind } from './daily-coverage.js';
import { liveQuote } from './live-quote.js';
import type { Splits } from './overnight-splits.js';
import { securityHead, type PremarketInput, type PremarketSecurity } from './types.js';

/** Live quotes by upper-case symbol, or why the provider could not give them. */
export type Quotes = { bySymbol: Map<string, LiveQuoteInput>; error: string | null };

/** One quote call for every live security and its benchmark. */
export async function fetchQuotes(source: PremarketSource, inputs: readonly PremarketInput[], isLive: readonly boolean[]): Promise<Quotes> {
  const symbols = [...new Set(inputs.flatMap((s, i) => (isLive[i] ? [s.symbol, s.benchmark] : [])))];
  if (symbols.length === 0 || !source.quotes) return { bySymbol: new Map(), error: null };
  try {
    return { bySymbol: new Map((await source.quotes(symbols)).map((q) => [q.symbol.toUpperCase(), q])), error: null };
  } catch (err) {
    return { bySymbol: new Map(), error: `the quote provider failed: ${(err as Error).message ?? String(err)}` };
  }
}

/** The entry of a live security-event: its premarket quote against the overnight beta. */
export function liveSecurity(s: PremarketInput, i: number, zero: DayZero, daily: DailyKind, liveSplits: Splits, quotes: Quotes): PremarketSecurity {
  const ev = liveSplits.get(`live:${i}`);
  const beta = ev && 'overnight' in ev ? ev.overnight.estimation.beta : null;
  return {
    ...securityHead(s.role, { id: `${s.symbol}@${zero.date}`, symbol: s.symbol, benchmark: s.benchmark, day0: zero.date, day0_rule: zero.rule, session: zero.session }),
    data: { daily, granularity: 'live quote', intraday: null },
    status: 'live',
    live: quotes.error ? { live: true, reason: quotes.error } : liveQuote(quotes.bySymbol.get(s.symbol), quotes.bySymbol.get(s.benchmark), s.symbol, s.benchmark, beta),
  };
}
