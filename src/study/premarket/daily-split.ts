/**
 * Premarket stage 2, the daily split: the engine's close-to-close outcome of each security-event,
 * its day-0 return split into overnight (previous close -> open) and intraday (open -> close) parts
 * with an OLS market model each (inference: stats/inference.ts), and the portfolio of the parts.
 *
 * overnight_t = open_t / close_{t-1} - 1 and intraday_t = close_t / open_t - 1 (log: ln of the
 * ratios), from adjusted OHLC; AR_t = R_t - (a + b Rm_t), t prediction-error corrected, M - 2 df.
 */
import type { PolicyEvent } from '../../domain/events.js';
import { UnprocessableError } from '../../errors.js';
import type { SecuritySummary } from '../../market/price-reader.js';
import { arTest, type FitSummary, unusableFit } from '../../stats/inference.js';
import { arithmeticMean, crossSectionalT } from '../../stats/parametric-tests.js';
import type { TestResult } from '../../stats/test-result.js';
import { forEachKey } from '../key-runs.js';
import type { Window } from '../params.js';
import type { DailyContext, DailyCoverage, OvernightColumns, OvernightRequest, PremarketSource } from '../premarket-source.js';
import { hasOpens, type PremarketParams } from './inputs.js';
import type { CloseToClose, PremarketInput } from './result.js';
import { nothingStudied, studyOutcomes, type SecurityOutcome, type StudyDeps } from '../run-study.js';






export type PartName = 'overnight' | 'intraday';

/** A part's market model over the estimation window. */
export type PartEstimation = { n: number; df: number; alpha: number; beta: number; r2: number; sigma: number };

/** A part's return, benchmark return and abnormal return on one day, with its test. */
export type PartDay = { return: number; benchmark_return: number; ar: number; t: number; p: number };

export type SplitDay = {
  t: number;
  date: string;
  overnight: PartDay | null;
  intraday: PartDay | null;
};

export type SplitEvidence = {
  key: string;
  overnight: { estimation: PartEstimation; day0: PartDay };
  intraday: { estimation: PartEstimation; day0: PartDay };
  /** Every event-window day with its overnight and intraday parts (null where a part is missing). */
  days: SplitDay[];
};

export type SplitExclusion = { key: string; reason: string };

type Cols = OvernightColumns;
const SUFFIX = { overnight: 'on', intraday: 'id' } as const;

/** A part's fitted model: its report and what inference needs. */
type PartFit = { estimation: PartEstimation; fit: FitSummary };

function partAt(cols: Cols, i: number, part: PartName, fit: FitSummary): PartDay | null {
  const x = SUFFIX[part];
  const ri = cols[`${x}_i`][i];
  const rm = cols[`${x}_m`][i];
  const ar = cols[`ar_${x}`][i];
  const dev = cols[`dev_${x}`][i];
  if (ri == null || rm == null || ar == null || dev == null) return null;
  const { t, p } = arTest(fit, ar, dev);
  return { return: ri, benchmark_return: rm, ar, t, p };
}

function estimationOf(cols: Cols, i: number, part: PartName, minObs: number): PartFit | string {
  const x = SUFFIX[part];
  const n = cols[`n_${x}`][i] ?? 0;
  const s2 = cols[`s2_${x}`][i];
  const ssx = cols[`ssx_${x}`][i];
  const alpha = cols[`alpha_${x}`][i];
  const beta = cols[`beta_${x}`][i];
  const r2 = cols[`r2_${x}`][i];
  if (n < minObs) return `only ${n} estimation-window ${part} returns (dates on which the security and the benchmark both have an open); min_obs is ${minObs}`;
  if (!(ssx != null && ssx > 0)) return `the benchmark's ${part} returns are constant in the estimation window`;
  if (!(s2 != null && s2 > 0 && Number.isFinite(s2))) return `${part} returns have zero residual variance in the estimation window`;
  if (alpha == null || beta == null || r2 == null) return `the ${part} model could not be estimated`;
  const df = n - 2;
  const unusable = unusableFit({ df, sigma2: s2 });
  if (unusable) return `${part}: ${unusable}`;
  const sigma = Math.sqrt(s2);
  return { estimation: { n, df, alpha, beta, r2, sigma }, fit: { n, df, sigma, design: { kind: 'simple', ssx } } };
}

/**
 * One security-event's rows (`from`..`to`-1) of overnight-abnormal-returns.sql -> its split
 * evidence, or the reason it has none.
 */
export function splitEvidence(cols: Cols, from: number, to: number, minObs: number): SplitEvidence | SplitExclusion {
  const key = cols.key[from]!;
  const on = estimationOf(cols, from, 'overnight', minObs);
  if (typeof on === 'string') return { key, reason: on };
  const id = estimationOf(cols, from, 'intraday', minObs);
  if (typeof id === 'string') return { key, reason: id };
  const days: SplitDay[] = [];
  let zero = -1;
  for (let i = from; i < to; i++) {
    const t = cols.t[i]!;
    if (t === 0) zero = i;
    days.push({
      t,
      date: cols.date[i]!,
      overnight: partAt(cols, i, 'overnight', on.fit),
      intraday: partAt(cols, i, 'intraday', id.fit),
    });
  }
  if (zero < 0) return { key, reason: 'no return on day 0 (no common trading date with the benchmark)' };
  const day = days[zero - from]!;
  if (!day.overnight || !day.intraday) {
    return { key, reason: `no open on day 0 (${day.date}) for the security or the benchmark: the day's return cannot be split` };
  }
  return { key, overnight: { estimation: on.estimation, day0: day.overnight }, intraday: { estimation: id.estimation, day0: day.intraday }, days };
}

/**
 * The share of a close-to-close AR that the overnight AR accounts for: AR_on / AR_cc. Not bounded
 * to [0, 1]: the parts are estimated separately and can have opposite signs. Null (with the
 * reason) when the close-to-close AR is zero.
 */
export function overnightShare(arOvernight: number, arCloseToClose: number): { share: number | null; note: string } {
  if (arCloseToClose === 0 || !Number.isFinite(arCloseToClose)) {
    return { share: null, note: 'the close-to-close AR is zero: no share' };
  }
  const share = arOvernight / arCloseToClose;
  const note =
    share < 0
      ? 'the overnight AR and the close-to-close AR have opposite signs'
      : share > 1
        ? 'the overnight AR exceeds the close-to-close AR: the session partly reversed it'
        : 'part of the close-to-close AR that happened before the open';
  return { share, note };
}

export type PartPortfolio = { n: number; mean_ar: number | null; cross_sectional_t: TestResult };

export type SplitPortfolio = {
  /** Security-events with both parts and a close-to-close AR on day 0. */
  n: number;
  overnight: PartPortfolio;
  intraday: PartPortfolio;
  close_to_close: PartPortfolio;
  /** Mean overnight AR / mean close-to-close AR over the same securities. */
  share_overnight: number | null;
  share_note: string;
};


/** Portfolio of the day-0 parts: means with the cross-sectional t (docs/conventions.md). */
export function splitPortfolio(rows: readonly { ar_on: number; ar_id: number; ar_cc: number }[]): SplitPortfolio {
  const part = (xs: number[]): PartPortfolio => ({ n: xs.length, mean_ar: arithmeticMean(xs), cross_sectional_t: crossSectionalT(xs) });
  const on = rows.map((r) => r.ar_on);
  const cc = rows.map((r) => r.ar_cc);
  const meanOn = arithmeticMean(on);
  const meanCc = arithmeticMean(cc);
  const share =
    meanOn === null || meanCc === null
      ? { share: null, note: 'no security has both parts and a close-to-close AR' }
      : overnightShare(meanOn, meanCc);
  return {
    n: rows.length,
    overnight: part(on),
    intraday: part(rows.map((r) => r.ar_id)),
    close_to_close: part(cc),
    share_overnight: share.share,
    share_note: share.note,
  };
}

/** The engine's close-to-close outcome of each input (by input position; undefined for live inputs). */
export type EngineStudy = {
  byInput: (SecurityOutcome | undefined)[];
  /** No stored input could be studied; live inputs kept the study going (else it is a 422). */
  failed: boolean;
};

/**
 * The engine's stages (studyOutcomes, market model) on the stored inputs with the same benchmark,
 * so that day 0, event time and the estimation window are the engine's own.
 * @throws the engine's error when nothing could be studied and no input is live.
 */
export async function closeToCloseStudy(
  deps: StudyDeps,
  inputs: readonly PremarketInput[],
  isLive: readonly boolean[],
  params: PremarketParams,
  benchmark: string,
  event: PolicyEvent | undefined,
): Promise<EngineStudy> {
  const studied = inputs.map((_, i) => i).filter((i) => !isLive[i]);
  const byInput: (SecurityOutcome | undefined)[] = inputs.map(() => undefined);
  if (studied.length === 0) return { byInput, failed: false };
  const study = await studyOutcomes(
    deps,
    // The split is of New York sessions: listings outside the US are reported, not studied.
    studied.map((i) => ({ ...inputs[i]!, us_calendar_only: true })),
    { model: 'market', benchmark, estimation: params.estimation, window: params.window, min_obs: params.min_obs, car: [[0, 0]], returns: params.returns },
    event,
  );
  studied.forEach((i, k) => (byInput[i] = study.outcomes[k]));
  if (study.ok.length > 0) return { byInput, failed: false };
  // With live securities in the request, stored ones that cannot be studied are reported, not fatal.
  const err = nothingStudied(study);
  if (!(err instanceof UnprocessableError) || !isLive.some(Boolean)) throw err;
  return { byInput, failed: true };
}

/** The engine's day-0 AR with its estimation, or null when the security was not studied. */
export function closeToClose(o: SecurityOutcome): CloseToClose | null {
  if (o.status !== 'ok') return null;
  const d = o.days.find((x) => x.t === 0);
  if (!d) return null;
  return { return: d.return, benchmark_return: d.benchmark_return, ar: d.ar, ar_t: d.ar_t, ar_p: d.ar_p, estimation: o.estimation };
}

/** Each input's overnight/intraday split (by input position), or why it has none; undefined when not asked. */
export type Splits = (SplitEvidence | SplitExclusion | undefined)[];

export type OvernightSplits = { studied: Splits; live: Splits };

/**
 * Splits every ok security-event whose security and benchmark both have stored opens into
 * overnight and intraday parts, each with its own market model; and, for live inputs, the
 * models of the estimation window before today (their betas).
 */
export async function overnightSplits(
  source: PremarketSource,
  inputs: readonly PremarketInput[],
  engine: EngineStudy,
  isLive: readonly boolean[],
  stored: ReadonlyMap<string, SecuritySummary>,
  coverage: ReadonlyMap<string, DailyCoverage>,
  params: PremarketParams,
): Promise<OvernightSplits> {
  const splittable = (s: PremarketInput) => hasOpens(coverage, s.symbol) && hasOpens(coverage, s.benchmark);
  const studiedItems: OvernightRequest['items'] = [];
  const liveItems: OvernightRequest['items'] = [];
  inputs.forEach((s, i) => {
    const o = engine.failed ? undefined : engine.byInput[i];
    if (o?.status === 'ok' && splittable(s)) studiedItems.push({ key: String(i), symbol: s.symbol, benchmark: s.benchmark, day0: o.day0! });
    // Live securities: betas from the estimation window before the next session (day 0 = the last
    // stored date shifted by one: the window [-250,-11] before the live day 0).
    const last = stored.get(s.symbol)?.last_date;
    if (isLive[i] && last && splittable(s)) liveItems.push({ key: String(i), symbol: s.symbol, benchmark: s.benchmark, day0: last });
  });
  const split = async (items: OvernightRequest['items'], estimation: Window, window: Window): Promise<Splits> => {
    const out: Splits = inputs.map(() => undefined);
    if (items.length === 0) return out;
    const cols = await source.overnightReturns({ items, returns: params.returns, estimation, window });
    // The SQL key is the input position.
    forEachKey(cols.key, (from, to) => (out[Number(cols.key[from])] = splitEvidence(cols, from, to, params.min_obs)));
    return out;
  };
  return {
    studied: await split(studiedItems, params.estimation, params.window),
    live: await split(liveItems, shiftByOne(params.estimation), [0, 0]),
  };
}

const shiftByOne = (w: Window): Window => [w[0] + 1, w[1] + 1];

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
