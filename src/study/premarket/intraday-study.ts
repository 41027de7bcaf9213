import { carTest } from '../../stats/inference.js';
import type { IntradayBar } from '../premarket-source.js';
import { barModel, type BarFit, type BarModelSummary } from './bar-model.js';
import { MINUTE, intervalMinutes, iso } from './exchange-clock.js';
import { joinedBarReturns } from './joined-bar-returns.js';

export type BarAr = { k: number; time: string; at: string; return: number; benchmark_return: number; ar: number; car: number };

type WindowCar = { window: [number, number]; car: number; bars: number; t: number | null; p: number | null };

export type IntradayStudy = {
  interval: string;
  announced_at: string;
  /** The bar containing the announcement (k = 0): the first bar ending after it. */
  announcement_bar: string;
  window: [number, number];
  model: BarModelSummary;
  bars: BarAr[];
  /** CAR over [window start, -1] and [0, window end], with a PE-corrected t when the model is 'bars'. */
  cars: WindowCar[];
};

/**
 * Cumulative abnormal return by bar around an announcement made during the session.
 * Normal bar return: OLS a + b * Rm over the bar returns of the `estimation` sessions (prior days'
 * regular sessions) when they hold at least `minBars` joined bars ('bars'); otherwise
 * b = the daily intraday (open -> close) beta with a = 0 ('daily': no test, no bar-level sigma).
 */
export function intradayStudy(input: {
  announcedMs: number;
  day: { stock: IntradayBar[]; bench: IntradayBar[] };
  estimation: { stock: IntradayBar[]; bench: IntradayBar[] };
  window: [number, number];
  dailyIntradayBeta: number | null;
  minBars?: number;
}): IntradayStudy | { reason: string } {
  const minBars = input.minBars ?? 100;
  const day = joinedBarReturns(input.day.stock, input.day.bench);
  if (day.length === 0) return { reason: 'no regular-session bars of the day common to the security and the benchmark' };
  const interval = input.day.stock[0]!.interval;
  const iv = intervalMinutes(interval) * MINUTE;
  const k0 = day.findIndex((b) => b.ms + iv > input.announcedMs);
  if (k0 < 0) return { reason: 'the announcement falls after the last stored bar of the day' };
  if (day[k0]!.ms > input.announcedMs + iv) return { reason: 'no bar at the announcement (it falls before the first common bar of the session)' };

  const model = barModel(joinedBarReturns(input.estimation.stock, input.estimation.bench), interval, minBars, input.dailyIntradayBeta);
  if ('reason' in model) return model;

  const [a, b] = input.window;
  const rows: BarAr[] = [];
  let car = 0;
  for (let k = a; k <= b; k++) {
    const bar = day[k0 + k];
    if (!bar) continue;
    const ar = bar.r - model.alpha - model.beta * bar.rm;
    car += ar;
    rows.push({ k, time: bar.time, at: iso(bar.ms), return: bar.r, benchmark_return: bar.rm, ar, car });
  }
  return {
    interval,
    announced_at: iso(input.announcedMs),
    announcement_bar: day[k0]!.time,
    window: [a, b],
    model: model.summary,
    bars: rows,
    cars: [...(a <= -1 ? [windowCar(rows, a, -1, model.fit)] : []), ...(b >= 0 ? [windowCar(rows, Math.max(0, a), b, model.fit)] : [])],
  };
}

/** CAR over bars [lo, hi]; its t uses the prediction-error corrected variance of a CAR (MacKinlay 1997 eq. 12-13). */
function windowCar(rows: readonly BarAr[], lo: number, hi: number, fit: BarFit | null): WindowCar {
  const sel = rows.filter((r) => r.k >= lo && r.k <= hi);
  const total = sel.reduce((s, r) => s + r.ar, 0);
  if (fit === null || sel.length === 0) return { window: [lo, hi], car: total, bars: sel.length, t: null, p: null };
  const L = sel.length;
  const dev = sel.reduce((s, r) => s + (r.benchmark_return - fit.meanX), 0);
  const { t, p } = carTest(fit.fit, total, L, dev);
  return { window: [lo, hi], car: total, bars: L, t, p };
}
