import { localDateTime, type Session } from '../../domain/day-zero.js';
import type { Betas } from './abnormal-move.js';
import type { DailyKind } from './daily-coverage.js';
import { dailyPrices, type DailyPrices } from './daily-prices.js';
import { EXCHANGE_TZ, zonedMs } from './exchange-clock.js';
import type { IntradayData } from './intraday-data.js';
import { intradayFigures, type IntradayFigures } from './intraday-figures.js';
import { intradayStudyFor } from './intraday-study-for.js';
import type { IntradayStudy } from './intraday-study.js';
import type { PremarketParams } from './params.js';
import { finestSeries } from './series-figures.js';
import type { PremarketInput, SecurityBase } from './types.js';

/** A studied security's day-0 figures: daily prices, premarket figures and the intraday event study. */
export type DayZeroFigures = {
  data: SecurityBase['data'];
  prices: DailyPrices | null;
  premarket: IntradayFigures | { reason: string };
  intraday_study: IntradayStudy | { reason: string };
};

export function dayZeroFigures(
  s: PremarketInput,
  session: Session | null,
  day0: string,
  daily: DailyKind,
  betas: Betas,
  intraday: IntradayData,
  params: PremarketParams,
): DayZeroFigures {
  const bars = intraday.bars.get(day0) ?? [];
  const mine = finestSeries(bars, s.symbol, day0);
  const premarket =
    mine.length === 0
      ? { reason: `no intraday bars stored for ${s.symbol} on ${day0}: daily figures only` }
      : intradayFigures({
          date: day0,
          symbol: s.symbol,
          benchmark: s.benchmark,
          bars,
          context: intraday.context.get(day0)!,
          instants: instantsOf(s.announced_at, day0),
          betas,
          includePath: params.path,
        });
  const intraday_study = intradayStudyFor(s, session, day0, mine, bars, intraday.prior.get(day0) ?? [], betas.intraday, params);
  const granularity = mine.length ? `intraday/${mine[0]!.interval}` : null;
  return {
    data: { daily, granularity: granularity ?? 'daily', intraday: granularity },
    prices: dailyPrices(intraday.context.get(day0)?.get(s.symbol)),
    premarket,
    intraday_study,
  };
}

/** Announcement instants on day 0 (+30m, +60m) and 09:29; only those on day 0 itself. */
function instantsOf(announcedAt: string | undefined, day0: string): { label: string; ms: number }[] {
  const out: { label: string; ms: number }[] = [];
  if (announcedAt) {
    const ms = Date.parse(announcedAt);
    if (localDateTime(announcedAt, EXCHANGE_TZ).date === day0) {
      out.push({ label: 'announcement', ms }, { label: 'announcement +30m', ms: ms + 30 * 60_000 }, { label: 'announcement +60m', ms: ms + 60 * 60_000 });
    }
  }
  out.push({ label: '09:29', ms: zonedMs(day0, '09:29') });
  return out.sort((a, b) => a.ms - b.ms);
}
