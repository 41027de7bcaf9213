import { MINUTE, intervalMinutes, iso, localTime } from './exchange-clock.js';
import type { Unavailable } from './previous-close.js';
import { volumeSum, type Series } from './series-figures.js';

/** A premarket figure is thin when its last 30 minutes hold fewer than half the bars they could,
 * or when its bar ended more than this many minutes before the instant. */
export const THIN_STALE_MINUTES = 15;

/** A price read from the bars at an instant, with what it rests on. */
export type BarFigure = {
  price: number;
  /** price / raw previous close - 1 (null when the previous close is unavailable). */
  move: number | null;
  bar_time: string;
  bar_start: string;
  bar_end: string;
  session: 'pre' | 'regular' | 'post';
  /** Minutes from the end of the bar used to the instant (0 when the bar covers the instant). */
  stale_minutes: number;
  /** Minutes after the instant that the bar's close may include (bar end - instant, when positive). */
  minutes_after_instant: number;
  /** Bars of the same session up to the instant (1m bars: minutes with trades). */
  session_bars: number;
  /** Their summed volume (null when the source reports none). */
  session_volume: number | null;
  bars_last_30m: number;
  expected_bars_last_30m: number;
  thin: boolean;
  thin_reason?: string;
};

/** The close of the last bar starting at or before `instant`, with what the figure rests on. */
export function figureAt(series: Series, instant: number): BarFigure | Unavailable {
  const { bars, prev } = series;
  let k = -1;
  for (let i = 0; i < bars.length && bars[i]!.ms <= instant; i++) k = i;
  if (k < 0) return { price: null, reason: `no ${series.info.symbol} bar at or before ${localTime(instant)} (first stored bar ${bars[0]?.local_time ?? 'none'})` };
  const bar = bars[k]!;
  const iv = intervalMinutes(bar.interval);
  const end = bar.ms + iv * MINUTE;
  const session = bars.slice(0, k + 1).filter((b) => b.session === bar.session);
  const last30 = bars.slice(0, k + 1).filter((b) => b.ms > instant - 30 * MINUTE).length;
  const expected = Math.max(1, Math.ceil(30 / iv));
  const stale = Math.max(0, (instant - end) / MINUTE);
  const reasons: string[] = [];
  if (last30 < expected / 2) reasons.push(`${last30} of ${expected} possible bars in the 30 minutes before`);
  if (stale > THIN_STALE_MINUTES) reasons.push(`last trade bar ended ${Math.round(stale)} minutes before`);
  return {
    price: bar.close,
    move: prev !== null ? bar.close / prev - 1 : null,
    bar_time: bar.local_time,
    bar_start: iso(bar.ms),
    bar_end: iso(end),
    session: bar.session,
    stale_minutes: stale,
    minutes_after_instant: Math.max(0, (end - instant) / MINUTE),
    session_bars: session.length,
    session_volume: volumeSum(session),
    bars_last_30m: last30,
    expected_bars_last_30m: expected,
    thin: reasons.length > 0,
    ...(reasons.length ? { thin_reason: reasons.join('; ') } : {}),
  };
}
