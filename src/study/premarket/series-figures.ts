import type { DailyContext, IntradayBar } from '../premarket-source.js';
import { intervalMinutes } from './exchange-clock.js';
import { previousClose, type PreviousClose, type Unavailable } from './previous-close.js';

export type SeriesFigures = {
  symbol: string;
  interval: string;
  /** 'intraday/<interval>' */
  source: string;
  bars: number;
  premarket: { bars: number; first_bar: string | null; last_bar: string | null; volume: number | null; note?: string };
  previous_close: PreviousClose | Unavailable;
  open: { price: number; bar_time: string } | null;
  /** open / raw previous close - 1 */
  gap: number | null;
  session: { last_bar_time: string; last_price: number; move_from_open: number | null; move_from_previous_close: number | null } | null;
};

/** One series of a day: its reported facts, its bars, and the prices moves are measured from. */
export type Series = { info: SeriesFigures; bars: IntradayBar[]; prev: number | null; open: number | null };

/** The bars of one symbol on one day in its finest stored interval. */
export function finestSeries(bars: readonly IntradayBar[], symbol: string, date: string): IntradayBar[] {
  const mine = bars.filter((b) => b.symbol === symbol && b.local_date === date);
  if (mine.length === 0) return [];
  const intervals = [...new Set(mine.map((b) => b.interval))].sort((a, b) => intervalMinutes(a) - intervalMinutes(b));
  return mine.filter((b) => b.interval === intervals[0]).sort((a, b) => a.ms - b.ms);
}

/** Summed volume; null when the source reports none. */
export function volumeSum(bars: readonly IntradayBar[]): number | null {
  const v = bars.reduce((s, b) => s + (b.volume ?? 0), 0);
  return v > 0 ? v : null;
}

/** Per-series facts of a day: interval, premarket coverage, previous close, open, session. */
export function seriesFigures(symbol: string, bars: IntradayBar[], ctx: DailyContext | undefined): Series | { symbol: string; reason: string } {
  if (bars.length === 0) return { symbol, reason: `no intraday bars stored for ${symbol} on this day` };
  const interval = bars[0]!.interval;
  const pre = bars.filter((b) => b.session === 'pre');
  const prevClose = previousClose(ctx, bars);
  const prev = prevClose.price;
  const openBar = bars.find((b) => b.session === 'regular');
  const open = openBar && openBar.local_time === '09:30' && openBar.open !== null ? openBar.open : null;
  const regular = bars.filter((b) => b.session === 'regular');
  const last = regular.at(-1);
  const preVolume = volumeSum(pre);
  const info: SeriesFigures = {
    symbol,
    interval,
    source: `intraday/${interval}`,
    bars: bars.length,
    premarket: {
      bars: pre.length,
      first_bar: pre[0]?.local_time ?? null,
      last_bar: pre.at(-1)?.local_time ?? null,
      volume: preVolume,
      ...(pre.length === 0
        ? { note: 'no premarket bars stored for this day' }
        : preVolume === null
          ? { note: 'the source reports no premarket volume for these bars' }
          : {}),
    },
    previous_close: prevClose,
    open: open === null ? null : { price: open, bar_time: '09:30' },
    gap: open !== null && prev !== null ? open / prev - 1 : null,
    session: last
      ? {
          last_bar_time: last.local_time,
          last_price: last.close,
          move_from_open: open !== null ? last.close / open - 1 : null,
          move_from_previous_close: prev !== null ? last.close / prev - 1 : null,
        }
      : null,
  };
  return { info, bars, prev, open };
}
