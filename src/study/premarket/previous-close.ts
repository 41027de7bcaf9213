import type { DailyContext, IntradayBar } from '../premarket-source.js';
import { MINUTE, intervalMinutes, zonedMs } from './exchange-clock.js';

export type Unavailable = { price: null; reason: string };

export type FactorCheck = {
  from_open: number;
  from_high: number | null;
  from_low: number | null;
  from_close: number | null;
  bars_reach_close: boolean;
  spread: number;
};

export type PreviousClose =
  | { price: number; date: string; basis: 'stored_raw_close'; note: string }
  | {
      price: number;
      date: string;
      basis: 'derived';
      /** raw / adjusted price ratio of day 0: first regular bar's open / adjusted daily open. */
      factor: number;
      opening_bar_open: number;
      adjusted_open: number;
      adjusted_previous_close: number;
      /**
       * The same ratio from other prices of the day, to show how far the bars' first trade may be
       * from the official open: regular bars' highest high / adjusted high, lowest low / adjusted
       * low, and last close / adjusted close when the bars reach 16:00. `spread` = max/min - 1.
       */
      factor_check: FactorCheck;
      note: string;
    };

/**
 * The RAW previous close that day-0 intraday prices are compared with.
 *
 * - If the store holds the traded close (a raw series, e.g. fetched from Yahoo: close differs from
 *   adj_close or the source is marked unadjusted), that stored previous close is used.
 * - Otherwise (adjusted-only daily files) it is DERIVED: prev_raw = adj_close_{t-1} * F_t, with
 *   F_t = raw open_t (the first regular-session bar's open at 09:30) / adjusted daily open_t, the
 *   day-0 ratio between traded and adjusted prices. Adjusted prices are traded prices times a
 *   factor that only changes at corporate actions, so:
 *   * across a split effective on day t the result is the previous close in day-t shares (exact:
 *     a 4:1 split makes F_t = 1/4 of F_{t-1}; today's prices compare with yesterday's close / 4);
 *   * on a dividend ex-date t the adjusted series already removed the dividend from day t-1, so
 *     the result is the dividend-adjusted previous close (close_{t-1} - D), the exchange's own
 *     reference price for the ex-date, not the traded close;
 *   * on other days it is the traded previous close, up to the difference between the first bar's
 *     open and the official opening price that the daily open records (the bar's first trade is
 *     not always the opening auction). `factor_check` shows that difference when the bars reach
 *     the close. By construction, the opening gap measured against a derived previous close equals
 *     the daily overnight return open_t / close_{t-1} - 1 computed from the adjusted file.
 */
export function previousClose(ctx: DailyContext | undefined, bars: readonly IntradayBar[]): PreviousClose | Unavailable {
  if (!ctx) return { price: null, reason: 'no stored daily row on this date' };
  if (ctx.prev_date === null || ctx.prev_adj_close === null || ctx.prev_close === null) {
    return { price: null, reason: 'no stored daily row before this date' };
  }
  // Derived from the day's own 09:30 bar whenever possible: a stored "close" may be on another
  // basis than the bars (file series are adjusted; Yahoo's close is split-adjusted as of the
  // fetch), and a series extended from a file mixes both.
  const openBar = bars.find((b) => b.session === 'regular');
  const derivable = openBar !== undefined && openBar.local_time === '09:30' && openBar.open !== null && ctx.open !== null;
  if (!derivable && ctx.raw_close) {
    return {
      price: ctx.prev_close,
      date: ctx.prev_date,
      basis: 'stored_raw_close',
      note: 'no 09:30 bar to derive the previous close from: the stored close of a series that holds traded closes is used as is (check it against the bars)',
    };
  }
  if (!openBar || openBar.local_time !== '09:30' || openBar.open === null) {
    return { price: null, reason: 'the stored daily prices are adjusted and no 09:30 bar with an open is stored to derive the raw previous close from' };
  }
  if (ctx.open === null) {
    return { price: null, reason: 'the stored daily prices are adjusted and close-only (no adjusted open to derive the raw previous close from)' };
  }
  const factor = openBar.open / ctx.open;
  const check = factorCheck(factor, bars, ctx);
  return {
    price: ctx.prev_adj_close * factor,
    date: ctx.prev_date,
    basis: 'derived',
    factor,
    opening_bar_open: openBar.open,
    adjusted_open: ctx.open,
    adjusted_previous_close: ctx.prev_adj_close,
    factor_check: check,
    note:
      'derived: adjusted previous close x (09:30 bar open / adjusted daily open); exact across splits, the dividend-adjusted close on an ex-date, otherwise off by the difference between the first bar\'s open and the official open',
  };
}

function factorCheck(fromOpen: number, bars: readonly IntradayBar[], ctx: DailyContext): FactorCheck {
  const regular = bars.filter((b) => b.session === 'regular');
  const last = regular.at(-1)!;
  const reaches = last.ms + intervalMinutes(last.interval) * MINUTE >= zonedMs(last.local_date, '16:00');
  const highs = regular.map((b) => b.high).filter((x): x is number => x !== null);
  const lows = regular.map((b) => b.low).filter((x): x is number => x !== null);
  const ratio = (raw: number | null, adj: number | null) => (raw !== null && adj !== null && adj > 0 ? raw / adj : null);
  const fromHigh = highs.length ? ratio(Math.max(...highs), ctx.high) : null;
  const fromLow = lows.length ? ratio(Math.min(...lows), ctx.low) : null;
  const fromClose = reaches ? ratio(last.close, ctx.close) : null;
  const all = [fromOpen, fromHigh, fromLow, fromClose].filter((x): x is number => x !== null);
  return {
    from_open: fromOpen,
    from_high: fromHigh,
    from_low: fromLow,
    from_close: fromClose,
    bars_reach_close: reaches,
    spread: Math.max(...all) / Math.min(...all) - 1,
  };
}
