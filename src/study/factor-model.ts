import { ols, quadraticForm } from '../stats/ols.js';
import type { AbnormalReturnColumns } from './abnormal-returns.js';
import type { Window } from './params.js';
import { securityEvidence, type Exclusion, type SecurityEvidence } from './security-result.js';

/** Columns of queries/study-factor-returns.sql: one entry per (key, t), ordered by key, t. */
export type FactorReturnColumns = {
  key: string[];
  t: number[];
  date: string[];
  ri: number[];
  x: number[][];
  in_est: boolean[];
};

export type FactorSet = { name: string; factors: string[]; has_rf: boolean };

export interface FactorReturnSource {
  factorSet(name: string): Promise<FactorSet | undefined>;
  factorReturns(request: {
    items: { key: string; symbol: string; day0: string }[];
    factorSet: string;
    returns: 'simple' | 'log';
    estimation: Window;
    window: Window;
  }): Promise<FactorReturnColumns>;
}

/**
 * One security-event under a multi-factor model R = a + b'F + e, fitted by OLS over the
 * estimation window (rows `from`..`to`-1). The prediction-error terms are the general ones,
 * x_t'(X'X)^-1 x_t per day and g'(X'X)^-1 g with g the summed regressor rows per CAR window, so
 * the same per-security inference as the market model applies.
 */
export function factorEvidence(
  cols: FactorReturnColumns,
  from: number,
  to: number,
  carWindows: readonly Window[],
  minObs: number,
): SecurityEvidence | Exclusion {
  const key = cols.key[from]!;
  const rows = Array.from({ length: to - from }, (_, i) => from + i);
  const regressors = (i: number) => [1, ...cols.x[i]!];
  const est = rows.filter((i) => cols.in_est[i]);
  const k = 1 + (cols.x[from]?.length ?? 0);
  if (est.length < minObs) return { key, reason: `only ${est.length} estimation-window returns; min_obs is ${minObs}` };
  const fit = ols(est.map(regressors), est.map((i) => cols.ri[i]!));
  if (!fit) return { key, reason: 'the factors are collinear in the estimation window' };
  const n = est.length;
  const df = n - k;
  const xByT = new Map(rows.map((i) => [cols.t[i]!, regressors(i)]));
  const ar = rows.map((i) => cols.ri[i]! - regressors(i).reduce((s, x, j) => s + x * fit.coefficients[j]!, 0));
  const slice: AbnormalReturnColumns = {
    key: rows.map(() => key),
    t: rows.map((i) => cols.t[i]!),
    date: rows.map((i) => cols.date[i]!),
    ri: rows.map((i) => cols.ri[i]!),
    rm: rows.map((i) => cols.x[i]![0]!), // the first factor is the market factor
    ar,
    in_est: rows.map((i) => cols.in_est[i]!),
    rm_dev: rows.map(() => 0),
    n: rows.map(() => n),
    df: rows.map(() => df),
    alpha: rows.map(() => fit.coefficients[0]!),
    beta: rows.map(() => fit.coefficients[1] ?? null),
    r2: rows.map(() => 1 - fit.ssr / fit.sst),
    s2: rows.map(() => fit.ssr / df),
    ssm: rows.map(() => 1),
    c: rows.map((i) => 1 + quadraticForm(fit.xtxInverse, regressors(i))),
  };
  const carPe = (a: number, b: number) => {
    const g = new Array<number>(k).fill(0);
    for (let t = a; t <= b; t++) xByT.get(t)?.forEach((x, j) => (g[j] = g[j]! + x));
    return quadraticForm(fit.xtxInverse, g);
  };
  const evidence = securityEvidence(slice, 0, rows.length, 'factor', carWindows, minObs, carPe);
  return 'days' in evidence ? { ...evidence, coefficients: fit.coefficients } : evidence;
}
