/**
 * Premarket stage 4, the intraday event study: CAR by bar around news that came during the
 * regular session, with a bar-level market model (stats/ols.ts simpleOls, inference from
 * stats/inference.ts) or the daily intraday beta.
 */
import type { Session } from '../../domain/day-zero.js';
import { intervalMinutes, iso, MINUTE, type SessionBar } from '../../domain/bars.js';
import { carTest, type FitSummary } from '../../stats/inference.js';
import { simpleOls } from '../../stats/ols.js';
import type { PremarketParams } from './inputs.js';
import type { PremarketInput } from './result.js';

/** A security's and its benchmark's return over the same bar. */
export type Joined = { ms: number; date: string; time: string; r: number; rm: number };

/**
 * Bar returns of a security and its benchmark over the regular session of each day: bars joined
 * on time first, then close_k / close_{k-1} - 1 over consecutive joined bars of the same day (the
 * first bar of a day: close / open - 1), so both returns always span the same minutes.
 */
export function joinedBarReturns(stock: readonly SessionBar[], bench: readonly SessionBar[]): Joined[] {
  const byMs = new Map(bench.filter((b) => b.session === 'regular').map((b) => [b.ms, b]));
  const out: Joined[] = [];
  let prev: { s: SessionBar; m: SessionBar } | null = null;
  for (const s of stock) {
    if (s.session !== 'regular') continue;
    const m = byMs.get(s.ms);
    if (!m) continue;
    const sameDay = prev !== null && prev.s.local_date === s.local_date;
    const s0 = sameDay ? prev!.s.close : s.open;
    const m0 = sameDay ? prev!.m.close : m.open;
    if (s0 !== null && m0 !== null) out.push({ ms: s.ms, date: s.local_date, time: s.local_time, r: s.close / s0 - 1, rm: m.close / m0 - 1 });
    prev = { s, m };
  }
  return out;
}

/** How the intraday event study's normal bar return was obtained, as reported. */
export type BarModelSummary =
  | { beta_source: 'bars'; description: string; sessions: string[]; n: number; df: number; alpha: number; beta: number; sigma: number }
  | { beta_source: 'daily'; description: string; beta: number; reason: string };

/** A bar-level OLS as inference needs it, with the mean bar benchmark return (regressors are deviations from it). */
export type BarFit = { fit: FitSummary; meanX: number };

/** The normal bar return a + b * Rm; `fit` is null when b is the daily beta (no test then). */
export type BarModel = { summary: BarModelSummary; alpha: number; beta: number; fit: BarFit | null };

/**
 * Normal bar return: OLS a + b * Rm over the prior sessions' joined bar returns when they hold at
 * least `minBars` ('bars'); otherwise b = the daily intraday (open -> close) beta with a = 0
 * ('daily': no bar-level sigma).
 */
export function barModel(est: readonly Joined[], interval: string, minBars: number, dailyIntradayBeta: number | null): BarModel | { reason: string } {
  if (est.length >= minBars) return olsBarModel(est, interval);
  if (dailyIntradayBeta === null) return { reason: `only ${est.length} prior-session bars (need ${minBars}) and no daily intraday beta` };
  return {
    summary: {
      beta_source: 'daily',
      description: 'beta of the daily intraday (open -> close) market model, alpha 0',
      beta: dailyIntradayBeta,
      reason: `only ${est.length} joined bars in the prior sessions (need ${minBars}) for a bar-level model`,
    },
    alpha: 0,
    beta: dailyIntradayBeta,
    fit: null,
  };
}

function olsBarModel(est: readonly Joined[], interval: string): BarModel {
  const f = simpleOls(est.map((b) => b.rm), est.map((b) => b.r));
  const { n, alpha, beta } = f;
  const sigma = Math.sqrt(f.ssr / (n - 2));
  const sessions = [...new Set(est.map((e) => e.date))].sort();
  return {
    summary: {
      beta_source: 'bars',
      description: `OLS of the security's ${interval} bar returns on the benchmark's over the prior sessions' regular-session bars`,
      sessions,
      n,
      df: n - 2,
      alpha,
      beta,
      sigma,
    },
    alpha,
    beta,
    fit: { fit: { n, df: n - 2, sigma, design: { kind: 'simple', ssx: f.ssx } }, meanX: f.meanX },
  };
}

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
  day: { stock: SessionBar[]; bench: SessionBar[] };
  estimation: { stock: SessionBar[]; bench: SessionBar[] };
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

/**
 * The intraday event study of one security-event, when its news came during the regular session:
 * day-0 bars in the security's finest interval, the benchmark's in the same interval, and the
 * last `bar_sessions` prior regular sessions to estimate the bar-level model on.
 */
export function intradayStudyFor(
  s: PremarketInput,
  session: Session | null,
  day0: string,
  mine: SessionBar[],
  bars: SessionBar[],
  prior: SessionBar[],
  dailyIntradayBeta: number | null,
  params: PremarketParams,
): IntradayStudy | { reason: string } {
  if (session !== 'regular' || !s.announced_at) {
    return { reason: session === 'pre' ? 'announced before the open: the premarket figures and the opening gap measure it' : 'needs an announced_at during the regular session of day 0' };
  }
  if (mine.length === 0) return { reason: `no intraday bars stored for ${s.symbol} on ${day0}` };
  const interval = mine[0]!.interval;
  const bench = bars.filter((b) => b.symbol === s.benchmark && b.interval === interval && b.local_date === day0);
  if (bench.length === 0) return { reason: `no ${interval} bars stored for the benchmark ${s.benchmark} on ${day0}` };
  const sessions = [...new Set(prior.filter((b) => b.symbol === s.symbol && b.interval === interval && b.session === 'regular').map((b) => b.local_date))]
    .sort()
    .slice(-params.bar_sessions);
  const keep = (sym: string) => prior.filter((b) => b.symbol === sym && b.interval === interval && sessions.includes(b.local_date));
  return intradayStudy({
    announcedMs: Date.parse(s.announced_at),
    day: { stock: mine, bench },
    estimation: { stock: keep(s.symbol), bench: keep(s.benchmark) },
    window: params.bars,
    dailyIntradayBeta,
  });
}
