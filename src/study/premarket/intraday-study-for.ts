import type { Session } from '../../domain/day-zero.js';
import type { IntradayBar } from '../premarket-source.js';
import { intradayStudy, type IntradayStudy } from './intraday-study.js';
import type { PremarketParams } from './params.js';
import type { PremarketInput } from './types.js';

/**
 * The intraday event study of one security-event, when its news came during the regular session:
 * day-0 bars in the security's finest interval, the benchmark's in the same interval, and the
 * last `bar_sessions` prior regular sessions to estimate the bar-level model on.
 */
export function intradayStudyFor(
  s: PremarketInput,
  session: Session | null,
  day0: string,
  mine: IntradayBar[],
  bars: IntradayBar[],
  prior: IntradayBar[],
  dailyIntradayBeta: number | null,
  params: PremarketParams,
): IntradayStudy | { reason: string } {
  if (session !== 'regular' || !s.announced_at) {
    return { reason: session === 'pre' ? 'announced before the open: the premarket figures and the opening gap measure it' : 'needs an announced_at during the regular session of day 0' };
  }
  if (mine.length === 0) return { reason: `no intraday bars stored for ${s.symbol} on ${day0}` };
  const interval = mine[0]!.interval;
  const bench = bars.filter((b) => b.symbol === s.benchmark && b.interval === interval && b.local_date === day0);
  if (bench.length === 0) return { reason: `no ${interval} bars stored for the benchmark ${s.benchmark} on ${day0}` };
  const sessions = [...new Set(prior.filter((b) => b.symbol === s.symbol && b.interval === interval && b.session === 'regular').map((b) => b.local_date))]
    .sort()
    .slice(-params.bar_sessions);
  const keep = (sym: string) => prior.filter((b) => b.symbol === sym && b.interval === interval && sessions.includes(b.local_date));
  return intradayStudy({
    announcedMs: Date.parse(s.announced_at),
    day: { stock: mine, bench },
    estimation: { stock: keep(s.symbol), bench: keep(s.benchmark) },
    window: params.bars,
    dailyIntradayBeta,
  });
}
