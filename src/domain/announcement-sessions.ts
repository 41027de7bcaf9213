/**
 * For a listing, which of its sessions came before the announcement and which after, in words
 * and as data: "Paris was trading at 12:10 (UTC+01:00); Shanghai had closed at 15:00".
 * For the premarket study of listings outside the US.
 */
import { sessionsOn, type Exchange } from './exchanges.js';
import { listingDayZero, type ClockState, type ListingDayZero } from './listing-day-zero.js';

/** A session as a date plus its local opening and closing times. */
export interface SessionRef {
  date: string;
  open: string;
  close: string;
}

export interface AnnouncementSessions extends ListingDayZero {
  city: string;
  /** The last session that had closed before the announcement. */
  last_closed: SessionRef | null;
  /** The session in progress at the announcement (the afternoon one during a lunch break: `next_open`). */
  in_progress: SessionRef | null;
  /** The next session to open after the announcement (null during a session: see `in_progress`). */
  next_open: SessionRef | null;
  sentence: string;
}

function sorted(dates: readonly string[]): string[] {
  return [...new Set(dates)].sort();
}

/** The sessions of a trading date, falling back to none when its weekday schedule is empty. */
function sessionRefs(exchange: Exchange, date: string): SessionRef[] {
  return sessionsOn(exchange, date).map((x) => ({ date, open: x.open, close: x.close }));
}

/**
 * The sessions of `exchange` around an announcement, on the trading dates given (the listing's
 * own stored dates).
 */
export function announcementSessions(announcedAt: string, exchange: Exchange, tradingDates: readonly string[]): AnnouncementSessions {
  const d0 = listingDayZero(announcedAt, exchange, tradingDates);
  const dates = sorted(tradingDates);
  const { date: today, time } = d0.local;
  const todays = dates.includes(today) ? sessionRefs(exchange, today) : [];
  const earlier = dates.filter((d) => d < today).at(-1);
  const later = dates.find((d) => d > today);

  const closedToday = todays.filter((x) => x.close <= time);
  const lastClosed = closedToday.at(-1) ?? (earlier ? (sessionRefs(exchange, earlier).at(-1) ?? null) : null);
  const inProgress = todays.find((x) => x.open <= time && time < x.close) ?? null;
  const nextToday = todays.find((x) => x.open > time);
  const nextOpen = inProgress ? null : (nextToday ?? (later ? (sessionRefs(exchange, later)[0] ?? null) : null));

  return {
    ...d0,
    city: exchange.city,
    last_closed: lastClosed,
    in_progress: inProgress,
    next_open: nextOpen,
    sentence: sentence(exchange.city, d0.state, d0.local, lastClosed, inProgress, nextOpen),
  };
}

function sentence(
  city: string,
  state: ClockState,
  local: ListingDayZero['local'],
  lastClosed: SessionRef | null,
  inProgress: SessionRef | null,
  nextOpen: SessionRef | null,
): string {
  const at = `${local.time} local time (UTC${local.utc_offset}) on ${local.date}`;
  const next = nextOpen ? `; the next session opened ${nextOpen.date === local.date ? 'at' : `on ${nextOpen.date} at`} ${nextOpen.open}` : '';
  switch (state) {
    case 'in_session':
      return `${city} was trading at ${at}${inProgress ? `; the session ran ${inProgress.open}-${inProgress.close}` : ''}`;
    case 'lunch_break':
      return `${city} was in its lunch break at ${at}${lastClosed ? ` (the morning session closed at ${lastClosed.close})` : ''}${next}`;
    case 'before_open':
      return `${city} had not opened yet at ${at}${next}`;
    case 'after_close':
      return `${city} had closed${lastClosed ? ` at ${lastClosed.close}` : ''} by ${at}${next}`;
    case 'not_trading':
      return `${city} did not trade on ${local.date} (${local.time} local time, UTC${local.utc_offset})${next}`;
  }
}

/** One sentence for several listings: "Paris was trading at ...; Shanghai had closed ...". */
export function describeAnnouncementSessions(items: readonly AnnouncementSessions[]): string {
  const seen = new Set<string>();
  return items
    .filter((x) => !seen.has(x.sentence) && seen.add(x.sentence))
    .map((x) => x.sentence)
    .join('; ');
}
