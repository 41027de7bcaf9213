/** The exchange's clock: the time zone intraday figures are read in, and bar-interval arithmetic. */
import { localClock, zonedMs as zonedAt } from './time-zone.js';

export const EXCHANGE_TZ = 'America/New_York';
export const MINUTE = 60_000;

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
