/**
 * Premarket stage 6, the result: each security's entry from the earlier stages, the portfolio,
 * the `params` prose, the CSV tables, and `runPremarket` which runs the stages in order.
 */
import type { DayZero, Session } from '../../domain/day-zero.js';
import { announcementSessions } from '../../domain/announcement-sessions.js';
import type { PolicyEvent } from '../../domain/events.js';
import { exchangeByMic, exchangeOfSymbol } from '../../domain/exchanges.js';
import type { Table } from '../../domain/table.js';
import { UnprocessableError } from '../../errors.js';
import { arithmeticMean, crossSectionalT } from '../../stats/parametric-tests.js';
import type { TestResult } from '../../stats/test-result.js';
import type { DailyCoverage } from '../premarket-source.js';
import { closeToClose, closeToCloseStudy, type DailyPrices, type EngineStudy, overnightShare, overnightSplits, type PartDay, type PartEstimation, type SplitDay, type SplitEvidence, type SplitExclusion, type SplitPortfolio, splitPortfolio, type Splits } from './daily-split.js';
import { chooseBenchmark, type DailyKind, dailyKind, dayZeros, hasOpens, liveFlags, nyToday, type PremarketDeps, type PremarketParams } from './inputs.js';
import { type Betas, dayZeroFigures, type DayZeroFigures, type IntradayData, type IntradayFigures, loadIntradayData, THIN_STALE_MINUTES } from './intraday-figures.js';
import type { IntradayStudy } from './intraday-study.js';
import { fetchQuotes, type LiveQuote, liveSecurity, type LiveUnavailable } from './live-quote.js';
import { isUsListed } from '../listings.js';
import { DEFAULT_BENCHMARK, type StudySecurityInput } from '../resolve.js';
import type { SecurityOutcome } from '../run-study.js';

/** A security-event as the premarket study handles it: symbol upper-cased, benchmark resolved. */
export type PremarketInput = StudySecurityInput & { symbol: string; benchmark: string };

export type CloseToClose = {
  return: number;
  benchmark_return: number;
  ar: number;
  ar_t: number;
  ar_p: number;
  estimation: { n: number; df: number; alpha: number | null; beta: number | null; r2: number | null; sigma: number };
};

export type PartResult = PartDay & { estimation: PartEstimation };

/** An entry's head: the engine outcome's (id, symbol, day 0 ...), plus the session and the data used. */
export type SecurityBase = Pick<SecurityOutcome, 'id' | 'symbol' | 'role' | 'benchmark' | 'day0' | 'day0_rule'> & {
  session: Session | null;
  /** Where the figures come from: 'daily' (adjusted OHLC) or the intraday interval used. */
  data: { daily: DailyKind; granularity: string; intraday: string | null };
};

export type PremarketSecurity = SecurityBase &
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
    | {
        status: 'excluded';
        reason: string;
        close_to_close: CloseToClose | null;
        /** A listing outside the US: its own sessions before and after the announcement, in words. */
        sessions?: string;
      }
    | { status: 'live'; live: LiveQuote | LiveUnavailable }
  );

export type InstantPortfolio = { label: string; n: number; mean_abnormal_move: number | null; cross_sectional_t: TestResult };

export type PremarketResult = {
  params: Record<string, unknown>;
  securities: PremarketSecurity[];
  portfolio: SplitPortfolio & { premarket_instants: InstantPortfolio[] };
};

/**
 * One security's entry, with what the portfolio takes from it: its premarket figures (for the
 * instants' cross-section) and, when split, its day-0 ARs.
 */
export type SecurityEntry = {
  security: PremarketSecurity;
  premarket?: IntradayFigures | { reason: string };
  portfolioRow?: { ar_on: number; ar_id: number; ar_cc: number };
};

/** The fields every security entry starts with, in the order they are reported. */
export function securityHead(
  role: string | undefined,
  head: { id: string; symbol: string; benchmark: string; day0: string | null; day0_rule: string | null; session: Session | null },
): Omit<SecurityBase, 'data'> {
  return {
    id: head.id,
    symbol: head.symbol,
    ...(role ? { role } : {}),
    benchmark: head.benchmark,
    day0: head.day0,
    day0_rule: head.day0_rule,
    session: head.session,
  };
}

/** The result's `params`: what was used, and each figure's definition in words. */
export function resultParams(
  params: PremarketParams,
  chosen: { benchmark: string; note: string },
  deps: PremarketDeps,
  fetchNotes: readonly string[],
): Record<string, unknown> {
  return {
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
  };
}

/** The cross-section of abnormal moves at each instant label, in the order labels first appear. */
export function instantPortfolios(figures: readonly (IntradayFigures | { reason: string } | undefined)[]): InstantPortfolio[] {
  const byLabel = new Map<string, number[]>();
  for (const premarket of figures) {
    if (!premarket || !('instants' in premarket)) continue;
    for (const f of premarket.instants) {
      if (f.abnormal_move === null) continue;
      byLabel.set(f.label, [...(byLabel.get(f.label) ?? []), f.abnormal_move]);
    }
  }
  return [...byLabel.entries()].map(([label, xs]) => ({
    label,
    n: xs.length,
    mean_abnormal_move: arithmeticMean(xs),
    cross_sectional_t: crossSectionalT(xs),
  }));
}

/** What the per-security step reads, gathered by runPremarket's earlier steps. */
export type StudiedContext = {
  coverage: ReadonlyMap<string, DailyCoverage>;
  engine: EngineStudy;
  splits: Splits;
  intraday: IntradayData;
  params: PremarketParams;
};

/**
 * A stored security-event's entry: excluded when the engine could not study it; close-only (or
 * excluded) when its day cannot be split into overnight and intraday parts; else ok with both.
 */
export function studiedSecurity(s: PremarketInput, i: number, zero: DayZero | null, daily: DailyKind, ctx: StudiedContext): SecurityEntry {
  const dailyOnly: SecurityBase['data'] = { daily, granularity: 'daily', intraday: null };
  const o = ctx.engine.byInput[i];
  if (ctx.engine.failed || !o) return { security: notStudied(s, zero, o, dailyOnly) };
  const head = securityHead(s.role, { id: o.id, symbol: o.symbol, benchmark: o.benchmark, day0: o.day0, day0_rule: o.day0_rule, session: zero?.session ?? null });
  if (o.status !== 'ok') return { security: { ...head, data: dailyOnly, status: 'excluded', reason: o.reason, close_to_close: null } };

  const cc = closeToClose(o);
  const ev = ctx.splits[i];
  const split = ev && 'overnight' in ev ? ev : null;
  const figures = dayZeroFigures(s, zero?.session ?? null, o.day0!, daily, betasOf(split, cc), ctx.intraday, ctx.params);
  if (!split) {
    const exclusion = (ev as SplitExclusion | undefined)?.reason;
    return { security: { ...head, ...unsplit(s, exclusion, cc, figures, ctx.coverage) }, premarket: figures.premarket };
  }

  const on = split.overnight;
  const id = split.intraday;
  const share = overnightShare(on.day0.ar, cc!.ar);
  return {
    security: {
      ...head,
      data: figures.data,
      status: 'ok',
      prices: figures.prices,
      close_to_close: cc!,
      overnight: { ...on.day0, estimation: on.estimation },
      intraday: { ...id.day0, estimation: id.estimation },
      ar_overnight_plus_intraday: on.day0.ar + id.day0.ar,
      share_overnight: share.share,
      share_note: share.note,
      days: split.days,
      premarket: figures.premarket,
      intraday_study: figures.intraday_study,
    },
    premarket: figures.premarket,
    portfolioRow: { ar_on: on.day0.ar, ar_id: id.day0.ar, ar_cc: cc!.ar },
  };
}

/** A stored security the engine did not study because the whole study failed (live ones kept it going). */
function notStudied(s: PremarketInput, zero: DayZero | null, failed: SecurityOutcome | undefined, data: SecurityBase['data']): PremarketSecurity {
  return {
    ...securityHead(s.role, {
      id: `${s.symbol}@${zero?.date ?? '?'}`,
      symbol: s.symbol,
      benchmark: s.benchmark,
      day0: failed?.day0 ?? zero?.date ?? null,
      day0_rule: zero?.rule ?? null,
      session: zero?.session ?? null,
    }),
    data,
    status: 'excluded',
    reason: failed?.status === 'excluded' ? failed.reason : 'not studied',
    close_to_close: null,
  };
}

/** Betas for the abnormal moves: the split's own part models, else the close-to-close beta for both parts. */
function betasOf(split: SplitEvidence | null, cc: CloseToClose | null): Betas {
  return split
    ? { overnight: split.overnight.estimation.beta, intraday: split.intraday.estimation.beta, source: 'daily overnight and intraday market models (estimation window)' }
    : { overnight: cc?.estimation.beta ?? null, intraday: cc?.estimation.beta ?? null, source: 'daily close-to-close market model (no overnight/intraday split for this security)' };
}

/** A studied security without a split: close-only when opens are missing (figures kept), else excluded. */
function unsplit(s: PremarketInput, exclusion: string | undefined, cc: CloseToClose | null, figures: DayZeroFigures, coverage: ReadonlyMap<string, DailyCoverage>) {
  const symbolOpens = hasOpens(coverage, s.symbol);
  const benchmarkOpens = hasOpens(coverage, s.benchmark);
  const reason = !symbolOpens
    ? `${s.symbol}'s stored daily prices are close-only (no open): the day cannot be split into overnight and intraday parts; only the close-to-close AR is reported`
    : !benchmarkOpens
      ? `the benchmark ${s.benchmark} is close-only (no open): the split needs a benchmark with opens`
      : exclusion ?? 'no overnight/intraday split';
  const { data, prices, premarket, intraday_study } = figures;
  if (!symbolOpens || !benchmarkOpens) return { data, status: 'close_only' as const, reason, prices, close_to_close: cc, premarket, intraday_study };
  return { data, status: 'excluded' as const, reason, close_to_close: cc };
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
  // One coverage read: every symbol, and every benchmark the choice may fall on.
  const candidates = [...(params.benchmark ? [params.benchmark] : []), ...(event?.benchmarks ?? []), DEFAULT_BENCHMARK];
  const allSymbols = [...new Set([...securities.flatMap((s) => [s.symbol, ...(s.benchmark ? [s.benchmark] : [])]), ...candidates].map((s) => s.toUpperCase()))];
  const [coverage, stored] = await Promise.all([source.dailyCoverage(allSymbols), deps.prices.securities(allSymbols)]);
  const chosen = chooseBenchmark(coverage, params.benchmark, event);
  const inputs: PremarketInput[] = securities.map((s) => ({ ...s, symbol: s.symbol.toUpperCase(), benchmark: (s.benchmark ?? chosen.benchmark).toUpperCase() }));

  const today = nyToday((deps.now ?? Date.now)());
  const zeros = dayZeros(inputs, event, calendar);
  const isLive = liveFlags(inputs, zeros, today, stored, source.quotes !== undefined);

  const engine = await closeToCloseStudy(deps, inputs, isLive, params, chosen.benchmark, event);
  const splits = await overnightSplits(source, inputs, engine, isLive, stored, coverage, params);
  const intraday = await loadIntradayData(deps, inputs, engine, zeros, params);
  const quotes = await fetchQuotes(source, inputs, isLive);

  const entries = inputs.map((s, i): SecurityEntry => {
    const daily = dailyKind(coverage.get(s.symbol));
    if (isLive[i]) return { security: liveSecurity(s, i, zeros[i]!, daily, splits.live, quotes) };
    return studiedSecurity(s, i, zeros[i] ?? null, daily, { coverage, engine, splits: splits.studied, intraday, params });
  });
  const out = await withLocalSessions(deps, inputs, entries.map((e) => e.security), event);
  assertSomeStudied(out);

  return {
    params: resultParams(params, chosen, deps, intraday.fetchNotes),
    securities: out,
    portfolio: {
      ...splitPortfolio(entries.flatMap((e) => (e.portfolioRow ? [e.portfolioRow] : []))),
      premarket_instants: instantPortfolios(entries.map((e) => e.premarket)),
    },
  };
}

/**
 * A listing outside the US is not split on New York's sessions; its entry says instead which of
 * its own exchange's sessions came before and after the announcement ("Paris was trading at
 * 12:10 ...; Shanghai had closed at 15:00 ..."), from its stored trading dates.
 */
async function withLocalSessions(
  deps: { prices: { tradingDates(symbol: string): Promise<string[]> } },
  inputs: readonly PremarketInput[],
  out: PremarketSecurity[],
  event: PolicyEvent | undefined,
): Promise<PremarketSecurity[]> {
  return Promise.all(
    out.map(async (o, i) => {
      const input = inputs[i]!;
      const announcedAt = input.announced_at ?? event?.announced_at ?? null;
      if (o.status !== 'excluded' || isUsListed(input) || !announcedAt) return o;
      let exchange;
      try {
        exchange = input.exchange ? exchangeByMic(input.exchange) : exchangeOfSymbol(input.symbol);
      } catch {
        return o; // an unknown exchange is already the exclusion's reason
      }
      const dates = await deps.prices.tradingDates(input.symbol);
      if (dates.length === 0) return o;
      return { ...o, sessions: announcementSessions(announcedAt, exchange, dates).sentence };
    }),
  );
}

function assertSomeStudied(out: readonly PremarketSecurity[]): void {
  if (!out.some((o) => o.status !== 'excluded')) {
    throw new UnprocessableError('No security in the study has enough data to be studied.', {
      securities: out.map((o) => ({ symbol: o.symbol, day0: o.day0, reason: 'reason' in o ? o.reason : null })),
    });
  }
}

/** The premarket study as flat tables (CSV): one row per security, one per event-window day. */
export function premarketTables(result: PremarketResult): Record<string, () => Table> {
  return {
    securities: () => ({
      columns: [
        'id', 'symbol', 'role', 'benchmark', 'day0', 'status', 'reason', 'granularity',
        'previous_close', 'open', 'close', 'overnight_return', 'overnight_ar', 'overnight_t', 'overnight_p',
        'intraday_return', 'intraday_ar', 'intraday_t', 'intraday_p', 'close_to_close_ar', 'close_to_close_t',
        'close_to_close_p', 'share_overnight',
      ],
      rows: result.securities.map((s) => {
        const base = [s.id, s.symbol, s.role ?? null, s.benchmark, s.day0, s.status];
        if (s.status === 'ok') {
          const cc = s.close_to_close;
          return [
            ...base, null, s.data.granularity, s.prices?.previous_close ?? null, s.prices?.open ?? null, s.prices?.close ?? null,
            s.overnight.return, s.overnight.ar, s.overnight.t, s.overnight.p,
            s.intraday.return, s.intraday.ar, s.intraday.t, s.intraday.p, cc.ar, cc.ar_t, cc.ar_p, s.share_overnight,
          ];
        }
        const cc = 'close_to_close' in s ? s.close_to_close : null;
        const reason = 'reason' in s ? s.reason : 'live quote only';
        return [...base, reason, s.data.granularity, null, null, null, null, null, null, null, null, null, null, null, cc?.ar ?? null, cc?.ar_t ?? null, cc?.ar_p ?? null, null];
      }),
    }),
    days: () => ({
      columns: ['id', 'symbol', 't', 'date', 'overnight_return', 'overnight_ar', 'overnight_t', 'intraday_return', 'intraday_ar', 'intraday_t'],
      rows: result.securities.flatMap((s) =>
        s.status === 'ok'
          ? s.days.map((d) => [s.id, s.symbol, d.t, d.date, d.overnight?.return ?? null, d.overnight?.ar ?? null, d.overnight?.t ?? null, d.intraday?.return ?? null, d.intraday?.ar ?? null, d.intraday?.t ?? null])
          : [],
      ),
    }),
  };
}
