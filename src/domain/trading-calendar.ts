import { isRuleTradingDay } from './us-holidays.js';

export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/**
 * No exchange closes for more than four calendar days in a row (Friday to Tuesday around a
 * holiday; longer only in emergencies such as September 2001): a longer hole in the stored dates
 * is missing data, not closures, and is judged by the holiday rules.
 */
const LONGEST_CLOSURE_GAP = 5;

/**
 * The trading days of one exchange: inside the span of `tradedDates` (the dates on which the
 * exchange's benchmark traded, from the store) exactly those dates; outside it, and inside holes
 * in the stored dates too long to be closures, the holiday rules.
 */
export class TradingCalendar {
  private readonly sorted: string[];
  private readonly traded: Set<string>;
  readonly first: string | undefined;
  readonly last: string | undefined;

  constructor(tradedDates: readonly string[], readonly exchange = 'XNYS') {
    this.sorted = [...new Set(tradedDates)].sort();
    this.traded = new Set(this.sorted);
    this.first = this.sorted[0];
    this.last = this.sorted.at(-1);
  }

  /** Whether the answer for `date` comes from stored data rather than the rules. */
  covers(date: string): boolean {
    if (this.first === undefined || this.last === undefined || date < this.first || date > this.last) return false;
    if (this.traded.has(date)) return true;
    // The stored dates around `date`: a short hole is a closure, a long one is missing data.
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < date) lo = mid + 1;
      else hi = mid;
    }
    return daysBetween(this.sorted[lo - 1]!, this.sorted[lo]!) <= LONGEST_CLOSURE_GAP;
  }

  isTradingDay(date: string): boolean {
    return this.covers(date) ? this.traded.has(date) : isRuleTradingDay(date);
  }

  /** `date` itself if it trades, else the next trading day. */
  onOrAfter(date: string): string {
    let d = date;
    for (let i = 0; i < 15; i++, d = addDays(d, 1)) if (this.isTradingDay(d)) return d;
    throw new RangeError(`No trading day within 15 days after ${date}: the calendar data look wrong.`);
  }

  /** The first trading day strictly after `date`. */
  after(date: string): string {
    return this.onOrAfter(addDays(date, 1));
  }
}
