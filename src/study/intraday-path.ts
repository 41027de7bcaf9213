/**
 * Day-0 figures from stored intraday bars (pure: no I/O): the price path from the previous close
 * through the premarket to the open and through the session, the move at given instants, the
 * opening gap, the same for the benchmark, abnormal moves, and an intraday event study by bar.
 *
 * Intraday bars are RAW (as traded); daily files are ADJUSTED. Every move is measured against a
 * RAW previous close (see `previousClose`). A price "at" an instant is the close of the last bar
 * that starts at or before the instant (bar times are bar starts); the figure reports that bar's
 * start and end, how many bars of the session it rests on, and whether premarket trading is thin.
 */
import { localClock, zonedMs as zonedAt } from '../domain/time-zone.js';
import { twoSidedStudentP } from '../stats/distributions.js';
import type { DailyContext, IntradayBar } from './premarket-source.js';

export const EXCHANGE_TZ = 'America/New_York';
const MINUTE = 60_000;
/** A premarket figure is thin when its last 30 minutes hold fewer than half the bars they could,
 * or when its bar ended more than this many minutes before the instant. */
export const THIN_STALE_MINUTES = 15;

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

const iso = (ms: number) => new Date(ms).toISOString();

/** The bars of one symbol on one day in its finest stored interval. */
export function finestSeries(bars: readonly IntradayBar[], symbol: string, date: string): IntradayBar[] {
  const mine = bars.filter((b) => b.symbol === symbol && b.local_date === date);
  if (mine.length === 0) return [];
  const intervals = [...new Set(mine.map((b) => b.interval))].sort((a, b) => intervalMinutes(a) - intervalMinutes(b));
  return mine.filter((b) => b.interval === intervals[0]).sort((a, b) => a.ms - b.ms);
}

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

export type PathPoint = { time: string; at: string; session: string; price: number; move: number | null };

type Series = { info: SeriesFigures; bars: IntradayBar[]; prev: number | null; open: number | null };

function volumeSum(bars: readonly IntradayBar[]): number | null {
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

export type Betas = { overnight: number | null; intraday: number | null; source: string };

export type InstantFigure = {
  label: string;
  instant: string;
  local_time: string;
  security: BarFigure | Unavailable;
  benchmark: BarFigure | Unavailable;
  /** Before the open: move - beta_on * benchmark move. After: abnormal gap + (move since open - beta_id * benchmark's). */
  abnormal_move: number | null;
  abnormal_reason?: string;
};

export type IntradayFigures = {
  date: string;
  time_zone: string;
  security: SeriesFigures;
  benchmark: SeriesFigures | { symbol: string; reason: string };
  betas: Betas;
  instants: InstantFigure[];
  opening_gap: { security: number | null; benchmark: number | null; abnormal: number | null };
  session: { security_move_from_open: number | null; benchmark_move_from_open: number | null; abnormal: number | null; through: string | null };
  path?: { security: PathPoint[]; benchmark: PathPoint[] };
};

function pathOf(s: Series): PathPoint[] {
  const start: PathPoint[] =
    s.prev === null
      ? []
      : [{ time: 'previous close', at: s.info.previous_close.price === null ? '' : (s.info.previous_close as { date: string }).date, session: 'close', price: s.prev, move: 0 }];
  return start.concat(
    s.bars.map((b) => ({ time: b.local_time, at: iso(b.ms), session: b.session, price: b.close, move: s.prev !== null ? b.close / s.prev - 1 : null })),
  );
}

function abnormalAt(stock: Series, bench: Series | null, sf: BarFigure | Unavailable, bf: BarFigure | Unavailable, instant: number, betas: Betas, openMs: number): { value: number | null; reason?: string } {
  if (sf.price === null) return { value: null, reason: 'no security price at this instant' };
  if (!bench || bf.price === null) return { value: null, reason: 'no benchmark price at this instant' };
  if (sf.move === null || bf.move === null) return { value: null, reason: 'a previous close is unavailable' };
  if (instant < openMs || sf.session === 'pre') {
    if (betas.overnight === null) return { value: null, reason: 'no overnight beta' };
    return { value: sf.move - betas.overnight * bf.move };
  }
  if (betas.overnight === null || betas.intraday === null) return { value: null, reason: 'no overnight/intraday betas' };
  if (stock.info.gap === null || bench.info.gap === null || stock.open === null || bench.open === null) {
    return { value: null, reason: 'no 09:30 open for the security or the benchmark' };
  }
  const abnGap = stock.info.gap - betas.overnight * bench.info.gap;
  return { value: abnGap + (sf.price / stock.open - 1) - betas.intraday * (bf.price / bench.open - 1) };
}

/**
 * Day-0 intraday figures of a security against its benchmark at the given instants.
 * `instants`: label -> epoch ms (e.g. announcement, +30m, +60m, 09:29).
 */
export function intradayFigures(input: {
  date: string;
  symbol: string;
  benchmark: string;
  bars: readonly IntradayBar[];
  context: Map<string, DailyContext>;
  instants: { label: string; ms: number }[];
  betas: Betas;
  includePath: boolean;
}): IntradayFigures | { reason: string } {
  const stock = seriesFigures(input.symbol, finestSeries(input.bars, input.symbol, input.date), input.context.get(input.symbol));
  if (!('info' in stock)) return { reason: stock.reason };
  const benchRaw = seriesFigures(input.benchmark, finestSeries(input.bars, input.benchmark, input.date), input.context.get(input.benchmark));
  const bench = 'info' in benchRaw ? benchRaw : null;
  const openMs = zonedMs(input.date, '09:30');
  const instants = input.instants.map((x): InstantFigure => {
    const sf = figureAt(stock, x.ms);
    const bf: BarFigure | Unavailable = bench ? figureAt(bench, x.ms) : { price: null, reason: (benchRaw as { reason: string }).reason };
    const abn = abnormalAt(stock, bench, sf, bf, x.ms, input.betas, openMs);
    return {
      label: x.label,
      instant: iso(x.ms),
      local_time: localTime(x.ms),
      security: sf,
      benchmark: bf,
      abnormal_move: abn.value,
      ...(abn.reason ? { abnormal_reason: abn.reason } : {}),
    };
  });
  const gapS = stock.info.gap;
  const gapB = bench?.info.gap ?? null;
  const sessS = stock.info.session?.move_from_open ?? null;
  const sessB = bench?.info.session?.move_from_open ?? null;
  const sameEnd = stock.info.session && bench?.info.session && stock.info.session.last_bar_time === bench.info.session.last_bar_time;
  return {
    date: input.date,
    time_zone: EXCHANGE_TZ,
    security: stock.info,
    benchmark: bench ? bench.info : { symbol: input.benchmark, reason: (benchRaw as { reason: string }).reason },
    betas: input.betas,
    instants,
    opening_gap: {
      security: gapS,
      benchmark: gapB,
      abnormal: gapS !== null && gapB !== null && input.betas.overnight !== null ? gapS - input.betas.overnight * gapB : null,
    },
    session: {
      security_move_from_open: sessS,
      benchmark_move_from_open: sessB,
      abnormal: sessS !== null && sessB !== null && sameEnd && input.betas.intraday !== null ? sessS - input.betas.intraday * sessB : null,
      through: stock.info.session?.last_bar_time ?? null,
    },
    ...(input.includePath ? { path: { security: pathOf(stock), benchmark: bench ? pathOf(bench) : [] } } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Intraday event study by bar

export type BarAr = { k: number; time: string; at: string; return: number; benchmark_return: number; ar: number; car: number };

export type IntradayStudy = {
  interval: string;
  announced_at: string;
  /** The bar containing the announcement (k = 0): the first bar ending after it. */
  announcement_bar: string;
  window: [number, number];
  model:
    | { beta_source: 'bars'; description: string; sessions: string[]; n: number; df: number; alpha: number; beta: number; sigma: number }
    | { beta_source: 'daily'; description: string; beta: number; reason: string };
  bars: BarAr[];
  /** CAR over [window start, -1] and [0, window end], with a PE-corrected t when the model is 'bars'. */
  cars: { window: [number, number]; car: number; bars: number; t: number | null; p: number | null }[];
};

type Joined = { ms: number; date: string; time: string; r: number; rm: number };

/**
 * Bar returns of a security and its benchmark over the regular session of each day: bars joined
 * on time first, then close_k / close_{k-1} - 1 over consecutive joined bars of the same day (the
 * first bar of a day: close / open - 1), so both returns always span the same minutes.
 */
export function joinedBarReturns(stock: readonly IntradayBar[], bench: readonly IntradayBar[]): Joined[] {
  const byMs = new Map(bench.filter((b) => b.session === 'regular').map((b) => [b.ms, b]));
  const out: Joined[] = [];
  let prev: { s: IntradayBar; m: IntradayBar } | null = null;
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

  const est = joinedBarReturns(input.estimation.stock, input.estimation.bench);
  let model: IntradayStudy['model'];
  let alpha = 0;
  let beta: number;
  let sigma: number | null = null;
  let meanX = 0;
  let ssx = 0;
  let n = 0;
  if (est.length >= minBars) {
    n = est.length;
    meanX = est.reduce((a, b) => a + b.rm, 0) / n;
    const meanY = est.reduce((a, b) => a + b.r, 0) / n;
    let sxy = 0;
    for (const b of est) {
      ssx += (b.rm - meanX) ** 2;
      sxy += (b.rm - meanX) * (b.r - meanY);
    }
    beta = sxy / ssx;
    alpha = meanY - beta * meanX;
    let ssr = 0;
    for (const b of est) ssr += (b.r - alpha - beta * b.rm) ** 2;
    sigma = Math.sqrt(ssr / (n - 2));
    const sessions = [...new Set(est.map((e) => e.date))].sort();
    model = {
      beta_source: 'bars',
      description: `OLS of the security's ${interval} bar returns on the benchmark's over the prior sessions' regular-session bars`,
      sessions,
      n,
      df: n - 2,
      alpha,
      beta,
      sigma,
    };
  } else {
    if (input.dailyIntradayBeta === null) return { reason: `only ${est.length} prior-session bars (need ${minBars}) and no daily intraday beta` };
    beta = input.dailyIntradayBeta;
    model = {
      beta_source: 'daily',
      description: 'beta of the daily intraday (open -> close) market model, alpha 0',
      beta,
      reason: `only ${est.length} joined bars in the prior sessions (need ${minBars}) for a bar-level model`,
    };
  }

  const [a, b] = input.window;
  const rows: BarAr[] = [];
  let car = 0;
  for (let k = a; k <= b; k++) {
    const bar = day[k0 + k];
    if (!bar) continue;
    const ar = bar.r - alpha - beta * bar.rm;
    car += ar;
    rows.push({ k, time: bar.time, at: iso(bar.ms), return: bar.r, benchmark_return: bar.rm, ar, car });
  }
  const carOf = (lo: number, hi: number) => {
    const sel = rows.filter((r) => r.k >= lo && r.k <= hi);
    const total = sel.reduce((s, r) => s + r.ar, 0);
    if (sigma === null || sel.length === 0) return { window: [lo, hi] as [number, number], car: total, bars: sel.length, t: null, p: null };
    const L = sel.length;
    const dev = sel.reduce((s, r) => s + (r.benchmark_return - meanX), 0);
    const se = sigma * Math.sqrt(L + (L * L) / n + (dev * dev) / ssx);
    const t = total / se;
    return { window: [lo, hi] as [number, number], car: total, bars: L, t, p: twoSidedStudentP(t, n - 2) };
  };
  return {
    interval,
    announced_at: iso(input.announcedMs),
    announcement_bar: day[k0]!.time,
    window: [a, b],
    model,
    bars: rows,
    cars: [...(a <= -1 ? [carOf(a, -1)] : []), ...(b >= 0 ? [carOf(Math.max(0, a), b)] : [])],
  };
}
