import { unusableFit, type Design } from '../stats/inference.js';
import type { Model, Window } from './params.js';
import { securityEvidence, type Exclusion, type FittedModel, type ModelRows, type SecurityEvidence } from './security-result.js';

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

/** The SQL-estimated models' rows as inference reads them (market: the regressor is Rm_t - mean Rm_E). */
export function sqlModelRows(cols: AbnormalReturnColumns, model: Exclude<Model, 'factor'>): ModelRows {
  const regressor = model === 'market' ? (i: number) => cols.rm_dev[i]! : () => null;
  return { ...cols, regressor };
}

/**
 * The fit summary of one security-event estimated in SQL (the first row `from` of its run), or
 * why it cannot be studied.
 */
export function sqlModelFit(cols: AbnormalReturnColumns, from: number, model: Exclude<Model, 'factor'>, minObs: number): FittedModel | Exclusion {
  const key = cols.key[from]!;
  const n = cols.n[from]!;
  const df = cols.df[from]!;
  const s2 = cols.s2[from]!;
  const ssm = cols.ssm[from]!;
  if (n < minObs) return { key, reason: `only ${n} estimation-window returns; min_obs is ${minObs}` };
  if (model === 'market' && !(ssm > 0)) return { key, reason: 'benchmark returns are constant in the estimation window' };
  const unusable = unusableFit({ df, sigma2: s2 });
  if (unusable) return { key, reason: unusable };
  const design: Design = model === 'market' ? { kind: 'simple', ssx: ssm } : model === 'constant_mean' ? { kind: 'mean' } : { kind: 'none' };
  const sigma = Math.sqrt(s2);
  return {
    fit: { n, df, sigma, design },
    estimation: { n, df, alpha: cols.alpha[from] ?? null, beta: cols.beta[from] ?? null, r2: cols.r2[from] ?? null, sigma },
  };
}

/** One security-event's evidence from its run `from`..`to`-1 of the SQL columns, or why it has none. */
export function sqlEvidence(
  cols: AbnormalReturnColumns,
  from: number,
  to: number,
  model: Exclude<Model, 'factor'>,
  carWindows: readonly Window[],
  minObs: number,
): SecurityEvidence | Exclusion {
  const fitted = sqlModelFit(cols, from, model, minObs);
  return 'fit' in fitted ? securityEvidence(cols.key[from]!, fitted, sqlModelRows(cols, model), from, to, carWindows) : fitted;
}
