/**
 * Premarket stage 3, intraday figures (pure once the bars are loaded): the day-0 price path from
 * the previous close through the premarket to the open and the session, the move at given
 * instants, the opening gap, the same for the benchmark, and abnormal moves.
 *
 * Intraday bars are RAW (as traded); daily files are ADJUSTED. Every move is measured against a
 * RAW previous close (see `previousClose`). A price "at" an instant is the close of the last bar
 * that starts at or before the instant (bar times are bar starts).
 */
import { type DayZero, localDateTime, type Session } from '../../domain/day-zero.js';
import { EXCHANGE_TZ, intervalMinutes, iso, localTime, MINUTE, zonedMs, type SessionBar } from '../../domain/bars.js';
import { addDays } from '../../domain/trading-calendar.js';
import type { DailyContext } from '../premarket-source.js';
import { dailyPrices, type DailyPrices, type EngineStudy } from './daily-split.js';
import type { DailyKind, PremarketDeps, PremarketParams } from './inputs.js';
import { type IntradayStudy, intradayStudyFor } from './intraday-study.js';
import type { PremarketInput, SecurityBase } from './result.js';

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
export function previousClose(ctx: DailyContext | undefined, bars: readonly SessionBar[]): PreviousClose | Unavailable {
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

function factorCheck(fromOpen: number, bars: readonly SessionBar[], ctx: DailyContext): FactorCheck {
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
export type Series = { info: SeriesFigures; bars: SessionBar[]; prev: number | null; open: number | null };

/** The bars of one symbol on one day in its finest stored interval. */
export function finestSeries(bars: readonly SessionBar[], symbol: string, date: string): SessionBar[] {
  const mine = bars.filter((b) => b.symbol === symbol && b.local_date === date);
  if (mine.length === 0) return [];
  const intervals = [...new Set(mine.map((b) => b.interval))].sort((a, b) => intervalMinutes(a) - intervalMinutes(b));
  return mine.filter((b) => b.interval === intervals[0]).sort((a, b) => a.ms - b.ms);
}

/** Summed volume; null when the source reports none. */
export function volumeSum(bars: readonly SessionBar[]): number | null {
  const v = bars.reduce((s, b) => s + (b.volume ?? 0), 0);
  return v > 0 ? v : null;
}

/** Per-series facts of a day: interval, premarket coverage, previous close, open, session. */
export function seriesFigures(symbol: string, bars: SessionBar[], ctx: DailyContext | undefined): Series | { symbol: string; reason: string } {
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

export type Betas = { overnight: number | null; intraday: number | null; source: string };

/**
 * The abnormal move of the security at an instant. Before the open: move - beta_on * benchmark
 * move. After it: abnormal gap + (move since open - beta_id * benchmark's move since open).
 */
export function abnormalAt(
  stock: Series,
  bench: Series | null,
  sf: BarFigure | Unavailable,
  bf: BarFigure | Unavailable,
  instant: number,
  betas: Betas,
  openMs: number,
): { value: number | null; reason?: string } {
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

export type PathPoint = { time: string; at: string; session: string; price: number; move: number | null };

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

/**
 * Day-0 intraday figures of a security against its benchmark at the given instants.
 * `instants`: label -> epoch ms (e.g. announcement, +30m, +60m, 09:29).
 */
export function intradayFigures(input: {
  date: string;
  symbol: string;
  benchmark: string;
  bars: readonly SessionBar[];
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

/** The bar-by-bar path of a series, starting from its previous close when there is one. */
function pathOf(s: Series): PathPoint[] {
  const start: PathPoint[] =
    s.prev === null
      ? []
      : [{ time: 'previous close', at: s.info.previous_close.price === null ? '' : (s.info.previous_close as { date: string }).date, session: 'close', price: s.prev, move: 0 }];
  return start.concat(
    s.bars.map((b) => ({ time: b.local_time, at: iso(b.ms), session: b.session, price: b.close, move: s.prev !== null ? b.close / s.prev - 1 : null })),
  );
}

/** Stored intraday data by day 0 (YYYY-MM-DD). */
export type IntradayData = {
  bars: Map<string, SessionBar[]>;
  context: Map<string, Map<string, DailyContext>>;
  /** Bars of the sessions before day 0, for the bar-level model of in-session news. */
  prior: Map<string, SessionBar[]>;
  /** What fetching the bars the provider still serves reported. */
  fetchNotes: string[];
};

/** Loads each studied day 0's bars and daily context for its securities and benchmarks. */
export async function loadIntradayData(
  deps: PremarketDeps,
  inputs: readonly PremarketInput[],
  engine: EngineStudy,
  zeros: readonly (DayZero | null)[],
  params: PremarketParams,
): Promise<IntradayData> {
  const source = deps.premarket;
  const symbolsByDay = new Map<string, Set<string>>();
  inputs.forEach((s, i) => {
    const o = engine.failed ? undefined : engine.byInput[i];
    if (o && o.status === 'ok' && o.day0) {
      const set = symbolsByDay.get(o.day0) ?? new Set<string>();
      set.add(s.symbol).add(s.benchmark);
      symbolsByDay.set(o.day0, set);
    }
  });
  const data: IntradayData = { bars: new Map(), context: new Map(), prior: new Map(), fetchNotes: [] };
  for (const [day, set] of symbolsByDay) {
    const symbols = [...set];
    // Bars the provider still serves (Yahoo: 1m ~30 days back) are fetched into the store first.
    data.fetchNotes.push(...((await deps.marketData?.ensureIntradayDay?.(symbols, day, EXCHANGE_TZ)) ?? []));
    const [bars, ctx] = await Promise.all([source.intradayBars(symbols, day, day, EXCHANGE_TZ), source.dailyContext(symbols, day)]);
    data.bars.set(day, bars);
    data.context.set(day, ctx);
  }
  const needsPrior = (i: number) => zeros[i]?.session === 'regular' && inputs[i]!.announced_at !== undefined;
  for (const [day, set] of symbolsByDay) {
    if (!inputs.some((_, i) => needsPrior(i) && zeros[i]?.date === day)) continue;
    const prior = await source.intradayBars([...set], addDays(day, -7 - 2 * params.bar_sessions), addDays(day, -1), EXCHANGE_TZ);
    data.prior.set(day, prior);
  }
  return data;
}

/** A studied security's day-0 figures: daily prices, premarket figures and the intraday event study. */
export type DayZeroFigures = {
  data: SecurityBase['data'];
  prices: DailyPrices | null;
  premarket: IntradayFigures | { reason: string };
  intraday_study: IntradayStudy | { reason: string };
};

export function dayZeroFigures(
  s: PremarketInput,
  session: Session | null,
  day0: string,
  daily: DailyKind,
  betas: Betas,
  intraday: IntradayData,
  params: PremarketParams,
): DayZeroFigures {
  const bars = intraday.bars.get(day0) ?? [];
  const mine = finestSeries(bars, s.symbol, day0);
  const premarket =
    mine.length === 0
      ? { reason: `no intraday bars stored for ${s.symbol} on ${day0}: daily figures only` }
      : intradayFigures({
          date: day0,
          symbol: s.symbol,
          benchmark: s.benchmark,
          bars,
          context: intraday.context.get(day0)!,
          instants: instantsOf(s.announced_at, day0),
          betas,
          includePath: params.path,
        });
  const intraday_study = intradayStudyFor(s, session, day0, mine, bars, intraday.prior.get(day0) ?? [], betas.intraday, params);
  const granularity = mine.length ? `intraday/${mine[0]!.interval}` : null;
  return {
    data: { daily, granularity: granularity ?? 'daily', intraday: granularity },
    prices: dailyPrices(intraday.context.get(day0)?.get(s.symbol)),
    premarket,
    intraday_study,
  };
}

/** Announcement instants on day 0 (+30m, +60m) and 09:29; only those on day 0 itself. */
function instantsOf(announcedAt: string | undefined, day0: string): { label: string; ms: number }[] {
  const out: { label: string; ms: number }[] = [];
  if (announcedAt) {
    const ms = Date.parse(announcedAt);
    if (localDateTime(announcedAt, EXCHANGE_TZ).date === day0) {
      out.push({ label: 'announcement', ms }, { label: 'announcement +30m', ms: ms + 30 * 60_000 }, { label: 'announcement +60m', ms: ms + 60 * 60_000 });
    }
  }
  out.push({ label: '09:29', ms: zonedMs(day0, '09:29') });
  return out.sort((a, b) => a.ms - b.ms);
}
