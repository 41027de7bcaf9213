import { dayZero, localDateTime, type DayZero } from '../../domain/day-zero.js';
import type { PolicyEvent } from '../../domain/events.js';
import type { TradingCalendar } from '../../domain/trading-calendar.js';
import type { SecuritySummary } from '../../market/price-reader.js';
import { EXCHANGE_TZ } from './exchange-clock.js';
import type { PremarketInput } from './types.js';

/** Today's date in New York: what decides whether an event is live. */
export const nyToday = (ms: number) => localDateTime(new Date(ms).toISOString(), EXCHANGE_TZ).date;

/** Day 0 and session of each input by the engine's rule; null when it is not studied on the US calendar. */
export function dayZeros(inputs: readonly PremarketInput[], event: PolicyEvent | undefined, calendar: TradingCalendar): (DayZero | null)[] {
  return inputs.map((s) => {
    if (s.listed_in_us === false) return null;
    const date = s.date ?? s.announced_at?.slice(0, 10) ?? event?.date;
    return date ? dayZero({ date, announced_at: s.announced_at ?? null, session: s.session ?? null }, calendar) : null;
  });
}

/** Live = today's news not yet in the store, and a quote provider to ask instead. */
export function liveFlags(
  inputs: readonly PremarketInput[],
  zeros: readonly (DayZero | null)[],
  today: string,
  stored: ReadonlyMap<string, SecuritySummary>,
  hasQuotes: boolean,
): boolean[] {
  return inputs.map((s, i) => hasQuotes && zeros[i] !== null && zeros[i]!.date === today && (stored.get(s.symbol)?.last_date ?? '') < today);
}
