import { unusableFit } from '../stats/inference.js';
import { ols } from '../stats/ols.js';
import type { Window } from './params.js';
import { columnRows, securityEvidence, type Exclusion, type SecurityEvidence } from './security-result.js';

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
 * estimation window (rows `from`..`to`-1). Its fit summary carries (X'X)^-1, so inference uses
 * the general prediction-error terms x_t'(X'X)^-1 x_t and g'(X'X)^-1 g (stats/inference.ts).
 */
export function factorEvidence(
  cols: FactorReturnColumns,
  from: number,
  to: number,
  carWindows: readonly Window[],
  minObs: number,
): SecurityEvidence | Exclusion {
  const key = cols.key[from]!;
  const regressors = (i: number) => [1, ...cols.x[i]!];
  const est: number[] = [];
  for (let i = from; i < to; i++) if (cols.in_est[i]) est.push(i);
  const k = 1 + (cols.x[from]?.length ?? 0);
  if (est.length < minObs) return { key, reason: `only ${est.length} estimation-window returns; min_obs is ${minObs}` };
  const fit = ols(est.map(regressors), est.map((i) => cols.ri[i]!));
  if (!fit) return { key, reason: 'the factors are collinear in the estimation window' };
  const n = est.length;
  const df = n - k;
  const s2 = fit.ssr / df;
  const unusable = unusableFit({ df, sigma2: s2 });
  if (unusable) return { key, reason: unusable };
  const sigma = Math.sqrt(s2);
  const rows = columnRows(cols, from, to, {
    rm: (i) => cols.x[i]![0]!, // the first factor is the market factor
    ar: (i) => cols.ri[i]! - regressors(i).reduce((s, x, j) => s + x * fit.coefficients[j]!, 0),
    regressor: regressors,
  });
  const model = {
    fit: { n, df, sigma, design: { kind: 'general' as const, xtxInverse: fit.xtxInverse } },
    estimation: { n, df, alpha: fit.coefficients[0]!, beta: fit.coefficients[1] ?? null, r2: 1 - fit.ssr / fit.sst, sigma },
  };
  const evidence = securityEvidence(key, model, rows, carWindows);
  return 'days' in evidence ? { ...evidence, coefficients: fit.coefficients } : evidence;
}
