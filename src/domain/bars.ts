/**
 * The vocabulary of intraday bars, one place for it: sessions, interval labels, a stored bar on the
 * exchange's clock, and the clock itself (the time zone intraday figures are read in).
 */
import { localClock, zonedMs as zonedAt } from './time-zone.js';

export const EXCHANGE_TZ = 'America/New_York';
export const MINUTE = 60_000;

/** The trading session a bar belongs to, by the clock of its exchange. */
export type BarSession = 'pre' | 'regular' | 'post';

/** One stored daily row: OHLC as stored and the adjusted close returns are computed from. */
export type DailyRow = { date: string; open: number | null; high: number | null; low: number | null; close: number; adj_close: number };

/** A bar's prices as traded (raw) and its session: what a provider's bar and a stored bar share. */
export type BarPrices = { open: number | null; high: number | null; low: number | null; close: number; volume: number | null; session: BarSession };

/** One stored intraday bar as the studies read it. `ms` = bar start (epoch ms). */
export type SessionBar = BarPrices & {
  symbol: string;
  interval: string;
  ms: number;
  local_date: string;
  /** HH:MM of the bar's start in the exchange's time zone. */
  local_time: string;
};

/** Minutes of an interval label such as '1m', '5m', '30m', '1h'; NaN when unknown. */
export function intervalMinutes(interval: string): number {
  const m = /^(\d+)([mh])$/.exec(interval);
  if (!m) return Number.NaN;
  return Number(m[1]) * (m[2] === 'h' ? 60 : 1);
}

/** Epoch ms of a wall-clock time (HH:MM) on a date on the exchange's clock. */
export function zonedMs(date: string, hm: string, timeZone = EXCHANGE_TZ): number {
  return zonedAt(date, hm, timeZone);
}

/** HH:MM of an instant in a time zone. */
export function localTime(ms: number, timeZone = EXCHANGE_TZ): string {
  return localClock(ms, timeZone).time;
}

export const iso = (ms: number) => new Date(ms).toISOString();
