import { isRuleTradingDay } from './us-holidays.js';

export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The trading days of one exchange: inside the span of `tradedDates` (the dates on which the
 * exchange's benchmark traded, from the store) exactly those dates; outside it, the holiday rules.
 */
export class TradingCalendar {
  private readonly traded: Set<string>;
  readonly first: string | undefined;
  readonly last: string | undefined;

  constructor(tradedDates: readonly string[], readonly exchange = 'XNYS') {
    const sorted = [...tradedDates].sort();
    this.traded = new Set(sorted);
    this.first = sorted[0];
    this.last = sorted.at(-1);
  }

  /** Whether the answer for `date` comes from stored data rather than the rules. */
  covers(date: string): boolean {
    return this.first !== undefined && this.last !== undefined && date >= this.first && date <= this.last;
  }

  isTradingDay(date: string): boolean {
    return this.covers(date) ? this.traded.has(date) : isRuleTradingDay(date);
  }

  /** `date` itself if it trades, else the next trading day. */
  onOrAfter(date: string): string {
    let d = date;
    for (let i = 0; i < 30 && !this.isTradingDay(d); i++) d = addDays(d, 1);
    return d;
  }

  /** The first trading day strictly after `date`. */
  after(date: string): string {
    return this.onOrAfter(addDays(date, 1));
  }
}
