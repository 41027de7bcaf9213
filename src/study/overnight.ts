/**
 * The overnight / intraday split of daily returns and its inference (pure: no I/O).
 *
 * overnight_t = open_t / close_{t-1} - 1 and intraday_t = close_t / open_t - 1 (log: ln of the
 * ratios), from adjusted OHLC. Each part has its own OLS market model over the estimation window
 * (the security's part on the benchmark's same part); the abnormal part on day t is
 * AR_t = R_t - (a + b Rm_t), tested with the prediction-error corrected t of docs/conventions.md:
 * t = AR / (s sqrt(1 + 1/M + (Rm_t - mean Rm_E)^2 / SSm)), Student t with M - 2 df, two-sided p.
 */
import { forEachKey } from './key-runs.js';
import { crossSectionalT } from '../stats/parametric-tests.js';
import { arTest, unusableFit, type FitSummary } from '../stats/inference.js';
import type { TestResult } from '../stats/test-result.js';
import type { OvernightColumns } from './premarket-source.js';

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

/** Splits the SQL columns into one result per key (rows are ordered by key). */
export function splitAll(cols: Cols, minObs: number): Map<string, SplitEvidence | SplitExclusion> {
  const out = new Map<string, SplitEvidence | SplitExclusion>();
  forEachKey(cols.key, (from, to) => out.set(cols.key[from]!, splitEvidence(cols, from, to, minObs)));
  return out;
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

const meanOf = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Portfolio of the day-0 parts: means with the cross-sectional t (docs/conventions.md). */
export function splitPortfolio(rows: readonly { ar_on: number; ar_id: number; ar_cc: number }[]): SplitPortfolio {
  const part = (xs: number[]): PartPortfolio => ({ n: xs.length, mean_ar: meanOf(xs), cross_sectional_t: crossSectionalT(xs) });
  const on = rows.map((r) => r.ar_on);
  const cc = rows.map((r) => r.ar_cc);
  const meanOn = meanOf(on);
  const meanCc = meanOf(cc);
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
