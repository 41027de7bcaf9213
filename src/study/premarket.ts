/**
 * Premarket and overnight impact: how much of a day-0 move happened before the open.
 *
 * Per security-event: the close-to-close AR of the engine (runStudy, same benchmark), the daily
 * return split into overnight and intraday parts with a market model each (overnight.ts), the
 * day-0 intraday figures from stored bars (intraday-path.ts), an intraday event study when the
 * news came during the session, and for a live event today the premarket quote. Then the
 * portfolio of the day-0 parts with cross-sectional tests.
 */
import { dayZero, localDateTime, type Session } from '../domain/day-zero.js';
import type { PolicyEvent } from '../domain/events.js';
import { addDays } from '../domain/trading-calendar.js';
import { UnprocessableError } from '../errors.js';
import { crossSectionalT } from '../stats/parametric-tests.js';
import type { TestResult } from '../stats/test-result.js';
import {
  EXCHANGE_TZ,
  THIN_STALE_MINUTES,
  finestSeries,
  intradayFigures,
  intradayStudy,
  zonedMs,
  type Betas,
  type IntradayFigures,
  type IntradayStudy,
} from './intraday-path.js';
import {
  overnightShare,
  splitAll,
  splitPortfolio,
  type PartDay,
  type PartEstimation,
  type SplitDay,
  type SplitEvidence,
  type SplitPortfolio,
} from './overnight.js';
import type { Window } from './params.js';
import type { DailyCoverage, IntradayBar, LiveQuoteInput, PremarketSource } from './premarket-source.js';
import { DEFAULT_BENCHMARK, runStudy, type StudyDeps, type StudyResult, type StudySecurityInput } from './run-study.js';

export type PremarketDeps = StudyDeps & {
  premarket: PremarketSource;
};

export type PremarketParams = {
  /** Benchmark for every part; default: the event's first benchmark with stored opens, else SPY. */
  benchmark?: string | undefined;
  estimation: Window;
  window: Window;
  min_obs: number;
  returns: 'simple' | 'log';
  /** Bars around the announcement for the intraday event study, [before, after]. */
  bars: Window;
  /** Prior sessions whose bars estimate the intraday event study's bar-level model. */
  bar_sessions: number;
  /** Include the full bar-by-bar price path. */
  path: boolean;
};

export const DEFAULT_PREMARKET_PARAMS: PremarketParams = {
  estimation: [-250, -11],
  window: [-5, 5],
  min_obs: 100,
  returns: 'simple',
  bars: [-12, 24],
  bar_sessions: 5,
  path: true,
};

export type CloseToClose = {
  return: number;
  benchmark_return: number;
  ar: number;
  ar_t: number;
  ar_p: number;
  estimation: { n: number; df: number; alpha: number | null; beta: number | null; r2: number | null; sigma: number };
};

export type PartResult = PartDay & { estimation: PartEstimation };

/** Day 0's stored daily prices (adjusted unless the series holds traded closes). */
export type DailyPrices = {
  previous_date: string | null;
  previous_close: number | null;
  open: number | null;
  close: number;
  basis: 'adjusted' | 'traded (raw) close, adjusted close for returns';
};

/** A live premarket quote of a security and its benchmark (never stored, never cached). */
export type LiveQuote = {
  live: true;
  symbol: string;
  market_state: string | null;
  /** When the premarket price was quoted (ISO), if the provider says. */
  as_of: string | null;
  premarket_price: number | null;
  /**
   * The last regular-session close the premarket trades against. In Yahoo's PRE state that is
   * `regularMarketPrice` (the last session's close); `regularMarketPreviousClose` is then the close
   * of the session BEFORE it (recorded quotes: AAPL PRE, preMarketChange = preMarketPrice -
   * regularMarketPrice). Outside PRE the previous close is `regularMarketPreviousClose`.
   */
  previous_close: number | null;
  previous_close_field: 'regularMarketPrice' | 'regularMarketPreviousClose' | null;
  regular_market_price: number | null;
  regular_market_previous_close: number | null;
  /** premarket_price / previous_close - 1 (a fraction). */
  move: number | null;
  /** The provider's own preMarketChangePercent, converted from percent to a fraction. */
  reported_change: number | null;
  benchmark: { symbol: string; premarket_price: number | null; previous_close: number | null; move: number | null; market_state: string | null };
  beta_overnight: number | null;
  /** move - beta_overnight * benchmark move */
  abnormal_move: number | null;
  note: string;
};

type Base = {
  id: string;
  symbol: string;
  role?: string;
  benchmark: string;
  day0: string | null;
  day0_rule: string | null;
  session: Session | null;
  /** Where the figures come from: 'daily' (adjusted OHLC) or the intraday interval used. */
  data: { daily: 'adjusted OHLC' | 'close only' | 'raw + adjusted close' | 'none'; granularity: string; intraday: string | null };
};

export type PremarketSecurity = Base &
  (
    | {
        status: 'ok';
        prices: DailyPrices | null;
        close_to_close: CloseToClose;
        overnight: PartResult;
        intraday: PartResult;
        /** AR_on + AR_id, to set next to the close-to-close AR (separate models: not identical). */
        ar_overnight_plus_intraday: number;
        share_overnight: number | null;
        share_note: string;
        days: SplitDay[];
        premarket: IntradayFigures | { reason: string };
        intraday_study: IntradayStudy | { reason: string };
      }
    | {
        status: 'close_only';
        reason: string;
        prices: DailyPrices | null;
        close_to_close: CloseToClose | null;
        premarket: IntradayFigures | { reason: string };
        intraday_study: IntradayStudy | { reason: string };
      }
    | { status: 'excluded'; reason: string; close_to_close: CloseToClose | null }
    | { status: 'live'; live: LiveQuote | { live: true; reason: string } }
  );

export type InstantPortfolio = { label: string; n: number; mean_abnormal_move: number | null; cross_sectional_t: TestResult };

export type PremarketResult = {
  params: Record<string, unknown>;
  securities: PremarketSecurity[];
  portfolio: SplitPortfolio & { premarket_instants: InstantPortfolio[] };
};

/** Chooses the benchmark: explicit, else the event's first benchmark with stored opens, else SPY. */
export async function chooseBenchmark(
  source: PremarketSource,
  explicit: string | undefined,
  event: PolicyEvent | undefined,
): Promise<{ benchmark: string; note: string }> {
  if (explicit) return { benchmark: explicit.toUpperCase(), note: 'given' };
  const candidates = event?.benchmarks ?? [];
  if (candidates.length === 0) return { benchmark: DEFAULT_BENCHMARK, note: `default (${DEFAULT_BENCHMARK})` };
  const coverage = await source.dailyCoverage(candidates);
  const skipped: string[] = [];
  for (const b of candidates) {
    const c = coverage.get(b);
    if (c && c.rows_with_open > 0) {
      return {
        benchmark: b,
        note: skipped.length
          ? `${skipped.join(', ')} skipped (${skipped.map((s) => reasonNoOpens(coverage.get(s), s)).join('; ')}): the overnight/intraday split needs a benchmark with opens, so ${b}, the event's first benchmark with stored opens, is used for every part, the close-to-close AR included`
          : `the event's first benchmark (${b})`,
      };
    }
    skipped.push(b);
  }
  return { benchmark: DEFAULT_BENCHMARK, note: `none of the event's benchmarks (${candidates.join(', ')}) has stored opens: ${DEFAULT_BENCHMARK} used` };
}

function reasonNoOpens(c: DailyCoverage | undefined, symbol: string): string {
  return c ? `${symbol} is close-only` : `${symbol} has no stored prices`;
}

const nyToday = (ms: number) => localDateTime(new Date(ms).toISOString(), EXCHANGE_TZ).date;

function secondsOrDate(x: number | string | Date | null | undefined): string | null {
  if (x === undefined || x === null) return null;
  if (x instanceof Date) return x.toISOString();
  if (typeof x === 'number') return new Date(x < 1e11 ? x * 1000 : x).toISOString();
  const ms = Date.parse(x);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The close a quote's premarket price moves from, and the field it came from. */
export function quoteReference(q: LiveQuoteInput): { price: number | null; field: LiveQuote['previous_close_field'] } {
  const pre = typeof q.marketState === 'string' && /^PRE/.test(q.marketState);
  if (pre && typeof q.regularMarketPrice === 'number') return { price: q.regularMarketPrice, field: 'regularMarketPrice' };
  if (typeof q.regularMarketPreviousClose === 'number') return { price: q.regularMarketPreviousClose, field: 'regularMarketPreviousClose' };
  return { price: null, field: null };
}

const numOrNull = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** A live quote pair -> the live block (pure). */
export function liveQuote(q: LiveQuoteInput | undefined, b: LiveQuoteInput | undefined, symbol: string, benchmark: string, beta: number | null): LiveQuote | { live: true; reason: string } {
  if (!q) return { live: true, reason: `the quote provider returned nothing for ${symbol}` };
  const move = (price: number | null, prev: number | null) => (price !== null && prev !== null && prev > 0 ? price / prev - 1 : null);
  const ref = quoteReference(q);
  const bref = b ? quoteReference(b) : { price: null, field: null };
  const price = numOrNull(q.preMarketPrice);
  const m = move(price, ref.price);
  const bm = b ? move(numOrNull(b.preMarketPrice), bref.price) : null;
  const state = q.marketState ?? null;
  const reported = numOrNull(q.preMarketChangePercent);
  const note =
    price === null
      ? `no premarket price in the quote (market state ${state ?? 'unknown'})`
      : state !== null && !/^PRE/.test(state)
        ? `market state is ${state}: the premarket price is the last one quoted before the open`
        : 'live premarket quote: a snapshot, not stored and not part of any test';
  return {
    live: true,
    symbol,
    market_state: state,
    as_of: secondsOrDate(q.preMarketTime),
    premarket_price: price,
    previous_close: ref.price,
    previous_close_field: ref.field,
    regular_market_price: numOrNull(q.regularMarketPrice),
    regular_market_previous_close: numOrNull(q.regularMarketPreviousClose),
    move: m,
    reported_change: reported === null ? null : reported / 100,
    benchmark: {
      symbol: benchmark,
      premarket_price: b ? numOrNull(b.preMarketPrice) : null,
      previous_close: bref.price,
      move: bm,
      market_state: b?.marketState ?? null,
    },
    beta_overnight: beta,
    abnormal_move: m !== null && bm !== null && beta !== null ? m - beta * bm : null,
    note,
  };
}

function closeToClose(study: StudyResult | null, index: number): CloseToClose | null {
  const o = study?.securities[index];
  if (!o || o.status !== 'ok') return null;
  const d = o.days.find((x) => x.t === 0);
  if (!d) return null;
  return { return: d.return, benchmark_return: d.benchmark_return, ar: d.ar, ar_t: d.ar_t, ar_p: d.ar_p, estimation: o.estimation };
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

/**
 * Runs the premarket / overnight study for security-events (same inputs as runStudy).
 * @throws UnprocessableError when no security can be studied, as runStudy does.
 */
export async function runPremarket(
  deps: PremarketDeps,
  securities: StudySecurityInput[],
  params: PremarketParams,
  event?: PolicyEvent,
): Promise<PremarketResult> {
  const calendar = await deps.calendar();
  const source = deps.premarket;
  const chosen = await chooseBenchmark(source, params.benchmark, event);
  const benchmarkOf = (s: StudySecurityInput) => (s.benchmark ?? chosen.benchmark).toUpperCase();
  const inputs = securities.map((s) => ({ ...s, symbol: s.symbol.toUpperCase(), benchmark: benchmarkOf(s) }));
  const allSymbols = [...new Set(inputs.flatMap((s) => [s.symbol, s.benchmark]))];
  const [coverage, stored] = await Promise.all([source.dailyCoverage(allSymbols), deps.prices.securities(allSymbols)]);

  // Day 0 and session per input, by the engine's rule; live = today's news not yet in the store.
  const today = nyToday((deps.now ?? Date.now)());
  const zeros = inputs.map((s) => {
    if (s.listed_in_us === false) return null;
    const date = s.date ?? s.announced_at?.slice(0, 10) ?? event?.date;
    return date ? dayZero({ date, announced_at: s.announced_at ?? null, session: s.session ?? null }, calendar) : null;
  });
  const isLive = inputs.map(
    (s, i) => source.quotes !== undefined && zeros[i] !== null && zeros[i]!.date === today && (stored.get(s.symbol)?.last_date ?? '') < today,
  );

  // The engine's close-to-close study on the same benchmark (day 0, event time, estimation).
  const studiedIdx = inputs.map((_, i) => i).filter((i) => !isLive[i]);
  let study: StudyResult | null = null;
  let studyFailure: { reason: string; securities: { symbol: string; day0: string | null; reason: string | null }[] } | null = null;
  if (studiedIdx.length > 0) {
    try {
      study = await runStudy(
      deps,
      studiedIdx.map((i) => inputs[i]!),
      {
        model: 'market',
        benchmark: chosen.benchmark,
        estimation: params.estimation,
        window: params.window,
        min_obs: params.min_obs,
        car: [[0, 0]],
        returns: params.returns,
      },
      event,
      );
    } catch (err) {
      // With live securities in the request, stored ones that cannot be studied are reported, not fatal.
      if (!(err instanceof UnprocessableError) || !isLive.some(Boolean)) throw err;
      studyFailure = { reason: err.message, securities: (err.extra.securities ?? []) as { symbol: string; day0: string | null; reason: string | null }[] };
    }
  }
  const studyPos = new Map(studiedIdx.map((i, k) => [i, k]));

  // Overnight / intraday split for every ok security-event with opens (security and benchmark).
  const hasOpens = (sym: string) => (coverage.get(sym)?.rows_with_open ?? 0) > 0;
  const splitItems: { key: string; symbol: string; benchmark: string; day0: string }[] = [];
  inputs.forEach((s, i) => {
    const o = studyPos.has(i) ? study?.securities[studyPos.get(i)!] : undefined;
    if (o?.status === 'ok' && hasOpens(s.symbol) && hasOpens(s.benchmark)) {
      splitItems.push({ key: String(i), symbol: s.symbol, benchmark: s.benchmark, day0: o.day0! });
    }
  });
  // Live securities: betas from the estimation window before the next session (day 0 = the last
  // stored date shifted by one: the window [-250,-11] before the live day 0).
  inputs.forEach((s, i) => {
    const last = stored.get(s.symbol)?.last_date;
    if (isLive[i] && last && hasOpens(s.symbol) && hasOpens(s.benchmark)) {
      splitItems.push({ key: `live:${i}`, symbol: s.symbol, benchmark: s.benchmark, day0: last });
    }
  });
  const liveShift = (w: Window): Window => [w[0] + 1, w[1] + 1];
  const splitCols = splitItems.filter((x) => !x.key.startsWith('live:'));
  const liveCols = splitItems.filter((x) => x.key.startsWith('live:'));
  const split = splitCols.length
    ? splitAll(await source.overnightReturns({ items: splitCols, returns: params.returns, estimation: params.estimation, window: params.window }), params.min_obs)
    : new Map();
  const liveSplit = liveCols.length
    ? splitAll(await source.overnightReturns({ items: liveCols, returns: params.returns, estimation: liveShift(params.estimation), window: [0, 0] }), params.min_obs)
    : new Map();

  // Intraday bars by day 0 (plus prior sessions for the bar-level model of in-session news).
  const byDay = new Map<string, Set<string>>();
  inputs.forEach((s, i) => {
    const o = studyPos.has(i) ? study?.securities[studyPos.get(i)!] : undefined;
    if (o && o.status === 'ok' && o.day0) {
      const set = byDay.get(o.day0) ?? new Set<string>();
      set.add(s.symbol).add(s.benchmark);
      byDay.set(o.day0, set);
    }
  });
  const barsOf = new Map<string, IntradayBar[]>();
  const contextOf = new Map<string, Awaited<ReturnType<PremarketSource['dailyContext']>>>();
  const priorOf = new Map<string, IntradayBar[]>();
  const fetchNotes: string[] = [];
  for (const [day, set] of byDay) {
    const symbols = [...set];
    // Bars the provider still serves (Yahoo: 1m ~30 days back) are fetched into the store first.
    fetchNotes.push(...((await deps.marketData?.ensureIntradayDay?.(symbols, day, EXCHANGE_TZ)) ?? []));
    const [bars, ctx] = await Promise.all([source.intradayBars(symbols, day, day, EXCHANGE_TZ), source.dailyContext(symbols, day)]);
    barsOf.set(day, bars);
    contextOf.set(day, ctx);
  }
  const needsPrior = (i: number) => zeros[i]?.session === 'regular' && inputs[i]!.announced_at !== undefined;
  for (const [day, set] of byDay) {
    if (!inputs.some((s, i) => needsPrior(i) && zeros[i]?.date === day)) continue;
    const prior = await source.intradayBars([...set], addDays(day, -7 - 2 * params.bar_sessions), addDays(day, -1), EXCHANGE_TZ);
    priorOf.set(day, prior);
  }

  // Live quotes, one call for every live security and its benchmark.
  let quotes = new Map<string, LiveQuoteInput>();
  let quoteError: string | null = null;
  const liveSymbols = [...new Set(inputs.flatMap((s, i) => (isLive[i] ? [s.symbol, s.benchmark] : [])))];
  if (liveSymbols.length > 0 && source.quotes) {
    try {
      quotes = new Map((await source.quotes(liveSymbols)).map((q) => [q.symbol.toUpperCase(), q]));
    } catch (err) {
      quoteError = `the quote provider failed: ${(err as Error).message ?? String(err)}`;
    }
  }

  const out: PremarketSecurity[] = [];
  const portfolioRows: { ar_on: number; ar_id: number; ar_cc: number }[] = [];
  const instantRows = new Map<string, number[]>();
  inputs.forEach((s, i) => {
    const zero = zeros[i];
    const role = s.role ? { role: s.role } : {};
    const cov = coverage.get(s.symbol);
    const dailyKind: Base['data']['daily'] = !cov ? 'none' : cov.rows_with_open === 0 ? 'close only' : cov.raw_close ? 'raw + adjusted close' : 'adjusted OHLC';

    if (isLive[i]) {
      const ev = liveSplit.get(`live:${i}`);
      const beta = ev && 'overnight' in ev ? ev.overnight.estimation.beta : null;
      out.push({
        id: `${s.symbol}@${zero!.date}`,
        symbol: s.symbol,
        ...role,
        benchmark: s.benchmark,
        day0: zero!.date,
        day0_rule: zero!.rule,
        session: zero!.session,
        data: { daily: dailyKind, granularity: 'live quote', intraday: null },
        status: 'live',
        live: quoteError ? { live: true, reason: quoteError } : liveQuote(quotes.get(s.symbol), quotes.get(s.benchmark), s.symbol, s.benchmark, beta),
      });
      return;
    }

    const o = study?.securities[studyPos.get(i)!];
    if (!o) {
      const failed = studyFailure?.securities[studyPos.get(i)!];
      out.push({
        id: `${s.symbol}@${zero?.date ?? '?'}`,
        symbol: s.symbol,
        ...role,
        benchmark: s.benchmark,
        day0: failed?.day0 ?? zero?.date ?? null,
        day0_rule: zero?.rule ?? null,
        session: zero?.session ?? null,
        data: { daily: dailyKind, granularity: 'daily', intraday: null },
        status: 'excluded',
        reason: failed?.reason ?? studyFailure?.reason ?? 'not studied',
        close_to_close: null,
      });
      return;
    }
    const cc = closeToClose(study, studyPos.get(i)!);
    const base = {
      id: o.id,
      symbol: o.symbol,
      ...role,
      benchmark: o.benchmark,
      day0: o.day0,
      day0_rule: o.day0_rule,
      session: zero?.session ?? null,
    };
    if (o.status !== 'ok') {
      out.push({ ...base, data: { daily: dailyKind, granularity: 'daily', intraday: null }, status: 'excluded', reason: o.reason, close_to_close: null });
      return;
    }
    const day0 = o.day0!;
    const ev = split.get(String(i));
    const splitOk = ev && 'overnight' in ev ? (ev as SplitEvidence) : null;
    const betas: Betas = splitOk
      ? { overnight: splitOk.overnight.estimation.beta, intraday: splitOk.intraday.estimation.beta, source: 'daily overnight and intraday market models (estimation window)' }
      : { overnight: cc?.estimation.beta ?? null, intraday: cc?.estimation.beta ?? null, source: 'daily close-to-close market model (no overnight/intraday split for this security)' };

    const bars = barsOf.get(day0) ?? [];
    const mine = finestSeries(bars, s.symbol, day0);
    const premarket =
      mine.length === 0
        ? { reason: `no intraday bars stored for ${s.symbol} on ${day0}: daily figures only` }
        : intradayFigures({
            date: day0,
            symbol: s.symbol,
            benchmark: s.benchmark,
            bars,
            context: contextOf.get(day0)!,
            instants: instantsOf(s.announced_at, day0),
            betas,
            includePath: params.path,
          });
    const intraday_study = intradayStudyFor(s, zero?.session ?? null, day0, mine, bars, priorOf.get(day0) ?? [], betas.intraday, params);
    const ctx = contextOf.get(day0)?.get(s.symbol);
    const prices: DailyPrices | null = ctx
      ? {
          previous_date: ctx.prev_date,
          previous_close: ctx.raw_close ? ctx.prev_close : ctx.prev_adj_close,
          open: ctx.open,
          close: ctx.raw_close ? ctx.close : ctx.adj_close,
          basis: ctx.raw_close ? 'traded (raw) close, adjusted close for returns' : 'adjusted',
        }
      : null;
    const data = { daily: dailyKind, granularity: mine.length ? `intraday/${mine[0]!.interval}` : 'daily', intraday: mine.length ? `intraday/${mine[0]!.interval}` : null };

    if ('instants' in premarket) {
      for (const f of premarket.instants) {
        if (f.abnormal_move === null) continue;
        const label = f.label;
        instantRows.set(label, [...(instantRows.get(label) ?? []), f.abnormal_move]);
      }
    }

    if (!splitOk) {
      const reason = !hasOpens(s.symbol)
        ? `${s.symbol}'s stored daily prices are close-only (no open): the day cannot be split into overnight and intraday parts; only the close-to-close AR is reported`
        : !hasOpens(s.benchmark)
          ? `the benchmark ${s.benchmark} is close-only (no open): the split needs a benchmark with opens`
          : (ev as { reason: string } | undefined)?.reason ?? 'no overnight/intraday split';
      const status = !hasOpens(s.symbol) || !hasOpens(s.benchmark) ? 'close_only' : 'excluded';
      if (status === 'close_only') out.push({ ...base, data, status, reason, prices, close_to_close: cc, premarket, intraday_study });
      else out.push({ ...base, data, status, reason, close_to_close: cc });
      return;
    }
    const on = splitOk.overnight;
    const id = splitOk.intraday;
    const share = overnightShare(on.day0.ar, cc!.ar);
    portfolioRows.push({ ar_on: on.day0.ar, ar_id: id.day0.ar, ar_cc: cc!.ar });
    out.push({
      ...base,
      data,
      status: 'ok',
      prices,
      close_to_close: cc!,
      overnight: { ...on.day0, estimation: on.estimation },
      intraday: { ...id.day0, estimation: id.estimation },
      ar_overnight_plus_intraday: on.day0.ar + id.day0.ar,
      share_overnight: share.share,
      share_note: share.note,
      days: splitOk.days,
      premarket,
      intraday_study,
    });
  });

  if (!out.some((o) => o.status !== 'excluded')) {
    throw new UnprocessableError('No security in the study has enough data to be studied.', {
      securities: out.map((o) => ({ symbol: o.symbol, day0: o.day0, reason: 'reason' in o ? o.reason : null })),
    });
  }

  const premarket_instants = [...instantRows.entries()].map(([label, xs]) => ({
    label,
    n: xs.length,
    mean_abnormal_move: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null,
    cross_sectional_t: crossSectionalT(xs),
  }));

  return {
    params: {
      benchmark: chosen.benchmark,
      benchmark_choice: chosen.note,
      estimation: params.estimation,
      window: params.window,
      min_obs: params.min_obs,
      returns: params.returns,
      model: 'market (OLS), one per part: overnight on the benchmark\'s overnight returns, intraday on its intraday returns, close-to-close as the engine',
      overnight_return: params.returns === 'log' ? 'ln(open_t / close_{t-1})' : 'open_t / close_{t-1} - 1',
      intraday_return: params.returns === 'log' ? 'ln(close_t / open_t)' : 'close_t / open_t - 1',
      prices: 'stored daily OHLC, adjusted (open put on the adjusted basis with the day\'s adj_close/close when the series holds traded closes)',
      event_time: 'as the engine: trading days on which both the security and its benchmark have a close-to-close return; each part\'s model uses the estimation-window days on which both have that part',
      ar_t: 'AR / (s * sqrt(1 + 1/M + (x_0 - mean x_E)^2 / SSx)): prediction-error corrected, Student t with M - 2 df',
      p_values: 'two-sided',
      close_to_close: 'the engine\'s day-0 AR (runStudy, market model, same benchmark)',
      share_overnight: 'AR_overnight / AR_close_to_close (portfolio: mean over mean); not bounded to [0, 1]',
      portfolio_test: 'cross-sectional t: mean / (sd / sqrt(N)), p from t(N - 1)',
      intraday_prices: 'stored intraday bars are raw (as traded); moves are measured against a raw previous close: the stored traded close when the series holds one, else derived as adjusted previous close x (09:30 bar open / adjusted daily open)',
      instants: 'announcement, +30m, +60m (when announced on day 0) and 09:29 ET; the price at an instant is the close of the last bar starting at or before it',
      thin: `a figure is thin when the 30 minutes before it hold fewer than half the bars they could, or its bar ended more than ${THIN_STALE_MINUTES} minutes before the instant`,
      abnormal_move: 'before the open: move - beta_overnight * benchmark move; after the open: abnormal gap + (move since open - beta_intraday * benchmark move since open); betas from the daily models, no alpha (the daily parts\' ARs also subtract alpha)',
      intraday_study: `for news during the regular session: CAR by bar over [${params.bars[0]}, ${params.bars[1]}] bars around the bar containing announced_at; normal bar return from an OLS over the prior ${params.bar_sessions} sessions' bars when they hold >= 100 bars, else the daily intraday beta`,
      live: 'for an event whose day 0 is today (New York) and not yet stored: the quote provider\'s premarket price against the last regular close (Yahoo PRE state: regularMarketPrice), labelled live; beta from the estimation window before that day',
      intraday_source: deps.marketData?.ensureIntradayDay
        ? 'stored bars, after fetching those the price source still serves (Yahoo: 1m ~30 days back, 5m 60 days, 1h 730 days)'
        : 'stored bars only (no intraday price source configured)',
      ...(fetchNotes.length ? { intraday_fetch_notes: fetchNotes } : {}),
    },
    securities: out,
    portfolio: { ...splitPortfolio(portfolioRows), premarket_instants },
  };
}

function intradayStudyFor(
  s: StudySecurityInput & { symbol: string; benchmark: string },
  session: Session | null,
  day0: string,
  mine: IntradayBar[],
  bars: IntradayBar[],
  prior: IntradayBar[],
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
