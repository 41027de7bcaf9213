/**
 * Day 0 of one listing on its own exchange's clock: the session in progress at the announcement,
 * or else the next one to open, in the exchange's time zone. Which dates traded comes from the
 * caller (the listing's and its benchmark's stored rows), never from another market's calendar.
 *
 * @example Reuters at 06:10 New York time on 14 Jan 2026:
 *   listingDayZero('2026-01-14T06:10:00-05:00', exchangeByMic('XSHG'), csi300Dates).date === '2026-01-15' // 19:10, after the close
 *   listingDayZero('2026-01-14T06:10:00-05:00', exchangeByMic('XPAR'), cac40Dates).date === '2026-01-14'  // 12:10, in session
 */
import { sessionsOn, type Exchange, type TradingSession } from './exchanges.js';
import { localClock } from './time-zone.js';

/** Where the exchange's clock stood at the announcement. */
export type ClockState = 'before_open' | 'in_session' | 'lunch_break' | 'after_close' | 'not_trading';

export interface ListingDayZero {
  mic: string;
  timeZone: string;
  /** The announcement on the exchange's clock. */
  local: { date: string; time: string; utc_offset: string };
  state: ClockState;
  /** The trading date whose close-to-close return first contains the news; null when the dates cannot tell. */
  date: string | null;
  /** The rule in words, or why there is no day 0. */
  rule: string;
}

/**
 * No exchange here closes for more than about ten calendar days (Spring Festival, Golden Week):
 * a longer hole after the announcement is missing data, and day 0 is not guessed across it.
 */
const LONGEST_CLOSURE_DAYS = 15;

const dayMs = 86_400_000;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / dayMs);

/** `+08:00`-style offset of a zone at an instant. */
function utcOffset(ms: number, timeZone: string): string {
  const c = localClock(ms, timeZone);
  const minutes = Math.round((Date.parse(`${c.date}T${c.time}:${String(c.seconds).padStart(2, '0')}Z`) - ms) / 60_000);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The clock state of a local time on a day with these sessions. */
function stateAt(time: string, sessions: readonly TradingSession[]): Exclude<ClockState, 'not_trading'> {
  if (time < sessions[0]!.open) return 'before_open';
  if (time >= sessions.at(-1)!.close) return 'after_close';
  return sessions.some((x) => time >= x.open && time < x.close) ? 'in_session' : 'lunch_break';
}

/** Sorted distinct dates, and the first one strictly after `date` (binary search). */
function firstAfter(sorted: readonly string[], date: string): string | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= date) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}

const RULES: Record<ClockState, string> = {
  before_open: 'before the open: same day',
  in_session: 'during the session: same day',
  lunch_break: 'during the lunch break: same day (the afternoon session)',
  after_close: 'after the close: next trading day',
  not_trading: 'the exchange did not trade that day: next trading day',
};

/**
 * Day 0 of a listing: the local date when the announcement came before or during that date's
 * sessions (lunch break included), else the next date in `tradingDates`.
 *
 * @param tradingDates dates (YYYY-MM-DD) the listing and its benchmark both traded, any order;
 *   a date inside their span that is missing did not trade.
 */
export function listingDayZero(announcedAt: string, exchange: Exchange, tradingDates: readonly string[]): ListingDayZero {
  const ms = Date.parse(announcedAt);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO 8601 timestamp: ${announcedAt}`);
  const clock = localClock(ms, exchange.timeZone);
  const local = { date: clock.date, time: clock.time, utc_offset: utcOffset(ms, exchange.timeZone) };
  const base = { mic: exchange.mic, timeZone: exchange.timeZone, local };
  const dates = [...new Set(tradingDates)].sort();
  const first = dates[0];
  const last = dates.at(-1);

  const traded = dates.includes(local.date);
  const sessions = sessionsOn(exchange, local.date);
  // Stored rows on a date the weekday schedule calls closed: the rows win, with the weekday hours unknown.
  const state: ClockState = !traded ? 'not_trading' : sessions.length === 0 ? 'in_session' : stateAt(local.time, sessions);

  if (first === undefined || last === undefined || local.date < first) {
    return {
      ...base,
      state,
      date: null,
      rule: `no stored trading dates on or before ${local.date} (the data start ${first ?? 'nowhere'}): whether ${exchange.mic} traded then is unknown`,
    };
  }
  if (state !== 'after_close' && state !== 'not_trading') return { ...base, state, date: local.date, rule: RULES[state] };
  const next = firstAfter(dates, local.date);
  if (next === undefined) {
    return { ...base, state, date: null, rule: `no stored trading date after ${local.date} (the data end ${last})` };
  }
  if (daysBetween(local.date, next) > LONGEST_CLOSURE_DAYS) {
    return {
      ...base,
      state,
      date: null,
      rule: `the next stored trading date, ${next}, is ${daysBetween(local.date, next)} days after ${local.date}: a gap in the data, not a closure`,
    };
  }
  return { ...base, state, date: next, rule: RULES[state] };
}
