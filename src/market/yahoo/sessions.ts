import { isTimeZone, localClock } from '../../domain/time-zone.js';
import type { BarSession as Session } from '../../domain/bars.js';

/**
 * Exchange clocks: the local date of a daily bar and the session (pre / regular / post) of an
 * intraday bar, in the exchange's own time zone (IANA name from Yahoo's `exchangeTimezoneName`),
 * daylight saving included.
 */
/** yahoo-finance2 turns the object form of `tradingPeriods` into Dates but leaves the array form
 *  (includePrePost=false) as epoch seconds, so both are accepted. */
type Instant = Date | number;
type Period = { start: Instant; end: Instant };
type PeriodsBySession = { pre?: Period[][]; regular?: Period[][]; post?: Period[][] };

/** The parts of Yahoo's chart `meta` that say when an exchange trades. */
export type TradingHoursMeta = {
  exchangeTimezoneName: string;
  currentTradingPeriod: { pre: Period; regular: Period; post: Period };
  tradingPeriods?: PeriodsBySession | Period[][];
};

export type SessionRules = {
  timeZone: string;
  /** Trading periods of the days in the response: exact instants, used first. */
  periods: { session: Session; start: number; end: number }[];
  /** Regular hours as local minutes after midnight, from `currentTradingPeriod`: the fallback. */
  regularStart: number;
  regularEnd: number;
};

/** The calendar date of `instant` on the exchange's clock, e.g. 2021-02-01T14:30Z in New York -> '2021-02-01'. */
export function localDate(instant: Date, timeZone: string): string {
  return localClock(instant, timeZone).date;
}

/** Minutes after local midnight on the exchange's clock. */
export function localMinutes(instant: Date, timeZone: string): number {
  return localClock(instant, timeZone).minutes;
}

export { isTimeZone };

export function sessionRules(meta: TradingHoursMeta): SessionRules {
  const timeZone = meta.exchangeTimezoneName;
  const periods: SessionRules['periods'] = [];
  const tp = meta.tradingPeriods;
  const add = (session: Session, days: Period[][] | undefined) => {
    for (const day of days ?? []) for (const p of day) periods.push({ session, start: ms(p.start), end: ms(p.end) });
  };
  if (Array.isArray(tp)) add('regular', tp); // includePrePost=false: regular hours only
  else if (tp) {
    add('pre', tp.pre);
    add('regular', tp.regular);
    add('post', tp.post);
  }
  const regular = meta.currentTradingPeriod.regular;
  return {
    timeZone,
    periods,
    regularStart: localMinutes(new Date(ms(regular.start)), timeZone),
    regularEnd: localMinutes(new Date(ms(regular.end)), timeZone),
  };
}

const ms = (t: Instant) => (t instanceof Date ? t.getTime() : t * 1000);

/**
 * The session of a bar starting at `ts`: the trading period that contains it, or else by its
 * local clock time against the exchange's regular hours (before = pre, after = post).
 */
export function sessionOf(ts: Date, rules: SessionRules): Session {
  const t = ts.getTime();
  for (const p of rules.periods) if (t >= p.start && t < p.end) return p.session;
  const minutes = localMinutes(ts, rules.timeZone);
  if (minutes < rules.regularStart) return 'pre';
  return minutes < rules.regularEnd ? 'regular' : 'post';
}
