import type { DailyContext } from '../premarket-source.js';

/** Day 0's stored daily prices (adjusted unless the series holds traded closes). */
export type DailyPrices = {
  previous_date: string | null;
  previous_close: number | null;
  open: number | null;
  close: number;
  basis: 'adjusted' | 'traded (raw) close, adjusted close for returns';
};

export function dailyPrices(ctx: DailyContext | undefined): DailyPrices | null {
  if (!ctx) return null;
  return {
    previous_date: ctx.prev_date,
    previous_close: ctx.raw_close ? ctx.prev_close : ctx.prev_adj_close,
    open: ctx.open,
    close: ctx.raw_close ? ctx.close : ctx.adj_close,
    basis: ctx.raw_close ? 'traded (raw) close, adjusted close for returns' : 'adjusted',
  };
}
