import { unusableFit, type Design } from '../stats/inference.js';
import type { Model, Window } from './params.js';
import { columnRows, securityEvidence, type Exclusion, type FittedModel, type SecurityEvidence } from './security-result.js';

/** What the study asks the store for: each security-event's symbol, benchmark and day 0. */
export type AbnormalReturnRequest = {
  items: { key: string; symbol: string; benchmark: string; day0: string }[];
  model: Exclude<Model, 'factor'>;
  returns: 'simple' | 'log';
  estimation: Window;
  window: Window;
};

/** Columns of queries/study-abnormal-returns.sql: one entry per (key, t), ordered by key, t. */
export type AbnormalReturnColumns = {
  key: string[];
  t: number[];
  date: string[];
  ri: number[];
  rm: number[];
  ar: number[];
  in_est: boolean[];
  rm_dev: number[];
  n: number[];
  df: number[];
  alpha: (number | null)[];
  beta: (number | null)[];
  r2: (number | null)[];
  s2: number[];
  ssm: number[];
};

export interface AbnormalReturnSource {
  abnormalReturns(request: AbnormalReturnRequest): Promise<AbnormalReturnColumns>;
}

/** One security-event's fitted SQL-estimated model as estimated (by SQL or in process). */
export type ModelEstimate = { n: number; df: number; s2: number; ssm: number; alpha: number | null; beta: number | null; r2: number | null };

/** A fitted market / constant-mean / market-adjusted model as inference needs it, or why it cannot be studied. */
export function estimatedModelFit(key: string, e: ModelEstimate, model: Exclude<Model, 'factor'>, minObs: number): FittedModel | Exclusion {
  const { n, df, s2, ssm } = e;
  if (n < minObs) return { key, reason: `only ${n} estimation-window returns; min_obs is ${minObs}` };
  if (model === 'market' && !(ssm > 0)) return { key, reason: 'benchmark returns are constant in the estimation window' };
  const unusable = unusableFit({ df, sigma2: s2 });
  if (unusable) return { key, reason: unusable };
  const design: Design = model === 'market' ? { kind: 'simple', ssx: ssm } : model === 'constant_mean' ? { kind: 'mean' } : { kind: 'none' };
  const sigma = Math.sqrt(s2);
  return { fit: { n, df, sigma, design }, estimation: { n, df, alpha: e.alpha, beta: e.beta, r2: e.r2, sigma } };
}

/**
 * One security-event's evidence from its run `from`..`to`-1 of the SQL columns, or why it has
 * none. The SQL engine is the in-process engine's reference (test/study/typed-abnormal-returns.test.ts).
 */
export function sqlEvidence(
  cols: AbnormalReturnColumns,
  from: number,
  to: number,
  model: Exclude<Model, 'factor'>,
  carWindows: readonly Window[],
  minObs: number,
): SecurityEvidence | Exclusion {
  const key = cols.key[from]!;
  const estimate = { n: cols.n[from]!, df: cols.df[from]!, s2: cols.s2[from]!, ssm: cols.ssm[from]!, alpha: cols.alpha[from] ?? null, beta: cols.beta[from] ?? null, r2: cols.r2[from] ?? null };
  const fitted = estimatedModelFit(key, estimate, model, minObs);
  if (!('fit' in fitted)) return fitted;
  const rows = columnRows(cols, from, to, {
    rm: (i) => cols.rm[i]!,
    ar: (i) => cols.ar[i]!,
    regressor: model === 'market' ? (i) => cols.rm_dev[i]! : () => null,
  });
  return securityEvidence(key, fitted, rows, carWindows);
}
