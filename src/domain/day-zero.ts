import { localClock } from './time-zone.js';
import { isEarlyClose } from './us-holidays.js';
import type { TradingCalendar } from './trading-calendar.js';

import type { Session } from './events.js';

export type { Session };

export type DayZero = {
  /** The trading day whose close-to-close return first contains the news. */
  date: string;
  /** The session the rule used: given, or derived from the timestamp. */
  session: Session | null;
  /** The rule in words, for the response's `params`. */
  rule: string;
};

const REGULAR_OPEN = '09:30';
const regularClose = (date: string) => (isEarlyClose(date) ? '13:00' : '16:00');

/** Local calendar date and HH:MM of an instant (ISO text) in a time zone. */
export function localDateTime(instant: string, timeZone: string): { date: string; time: string } {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO 8601 timestamp: ${instant}`);
  const { date, time } = localClock(ms, timeZone);
  return { date, time };
}

/**
 * Maps an announcement to day 0 on an exchange: news before or during the regular session ->
 * that day; after the close, on a weekend or a holiday -> the next session. With only a
 * timestamp, the session comes from its local clock time in the exchange's time zone.
 */
export function dayZero(
  event: { date: string; announced_at?: string | null; session?: Session | null },
  calendar: TradingCalendar,
  timeZone = 'America/New_York',
): DayZero {
  let date = event.date;
  let session = event.session ?? null;
  if (event.announced_at) {
    const local = localDateTime(event.announced_at, timeZone);
    date = local.date;
    if (!session) {
      session = !calendar.isTradingDay(date)
        ? 'closed'
        : local.time < REGULAR_OPEN
          ? 'pre'
          : local.time < regularClose(date)
            ? 'regular'
            : 'post';
    }
  }
  const trades = calendar.isTradingDay(date);
  if (session === 'post' || (session === 'closed' && trades)) {
    return { date: calendar.after(date), session, rule: 'after the close: next trading day' };
  }
  if (!trades) {
    return { date: calendar.onOrAfter(date), session, rule: 'non-trading day: next trading day' };
  }
  if (session === 'pre' || session === 'regular') {
    return { date, session, rule: `${session === 'pre' ? 'before the open' : 'during the session'}: same day` };
  }
  return { date, session, rule: 'session unknown, trading day: same day' };
}
