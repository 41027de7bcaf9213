import type { DayZero } from '../../domain/day-zero.js';
import { addDays } from '../../domain/trading-calendar.js';
import type { DailyContext, IntradayBar } from '../premarket-source.js';
import { engineOutcome, type EngineStudy } from './close-to-close.js';
import { EXCHANGE_TZ } from './exchange-clock.js';
import type { PremarketDeps, PremarketParams } from './params.js';
import type { PremarketInput } from './types.js';

/** Stored intraday data by day 0 (YYYY-MM-DD). */
export type IntradayData = {
  bars: Map<string, IntradayBar[]>;
  context: Map<string, Map<string, DailyContext>>;
  /** Bars of the sessions before day 0, for the bar-level model of in-session news. */
  prior: Map<string, IntradayBar[]>;
  /** What fetching the bars the provider still serves reported. */
  fetchNotes: string[];
};

/** Loads each studied day 0's bars and daily context for its securities and benchmarks. */
export async function loadIntradayData(
  deps: PremarketDeps,
  inputs: readonly PremarketInput[],
  engine: EngineStudy,
  zeros: readonly (DayZero | null)[],
  params: PremarketParams,
): Promise<IntradayData> {
  const source = deps.premarket;
  const symbolsByDay = new Map<string, Set<string>>();
  inputs.forEach((s, i) => {
    const o = engineOutcome(engine, i);
    if (o && o.status === 'ok' && o.day0) {
      const set = symbolsByDay.get(o.day0) ?? new Set<string>();
      set.add(s.symbol).add(s.benchmark);
      symbolsByDay.set(o.day0, set);
    }
  });
  const data: IntradayData = { bars: new Map(), context: new Map(), prior: new Map(), fetchNotes: [] };
  for (const [day, set] of symbolsByDay) {
    const symbols = [...set];
    // Bars the provider still serves (Yahoo: 1m ~30 days back) are fetched into the store first.
    data.fetchNotes.push(...((await deps.marketData?.ensureIntradayDay?.(symbols, day, EXCHANGE_TZ)) ?? []));
    const [bars, ctx] = await Promise.all([source.intradayBars(symbols, day, day, EXCHANGE_TZ), source.dailyContext(symbols, day)]);
    data.bars.set(day, bars);
    data.context.set(day, ctx);
  }
  const needsPrior = (i: number) => zeros[i]?.session === 'regular' && inputs[i]!.announced_at !== undefined;
  for (const [day, set] of symbolsByDay) {
    if (!inputs.some((_, i) => needsPrior(i) && zeros[i]?.date === day)) continue;
    const prior = await source.intradayBars([...set], addDays(day, -7 - 2 * params.bar_sessions), addDays(day, -1), EXCHANGE_TZ);
    data.prior.set(day, prior);
  }
  return data;
}
