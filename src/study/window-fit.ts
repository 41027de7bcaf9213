/**
 * One security-event's normal-return model fitted on its slice of an aligned series, in a fixed
 * order (two passes, index order), so results are bitwise reproducible without ordered SQL
 * aggregates. Same definitions as docs/conventions.md ("Normal-return models").
 */
import type { AlignedSeries } from './aligned-series.js';
import type { Model, Window } from './params.js';

export type WindowFit = {
  /** Series index of day 0; event time t of index i is i - pos0. */
  pos0: number;
  /** Index range of the estimation window [estFrom, estTo) and of the event window [winFrom, winTo). */
  estFrom: number;
  estTo: number;
  winFrom: number;
  winTo: number;
  n: number;
  df: number;
  alpha: number | null;
  beta: number | null;
  r2: number | null;
  s2: number;
  /** Mean benchmark return over the estimation window and SSm = sum of squared deviations. */
  meanRm: number;
  ssm: number;
  /** Normal return of index i is intercept + slope * rm[i] (market-adjusted: 0 + 1 * rm). */
  intercept: number;
  slope: number;
};

/**
 * Fits `model` for day 0 at series index `pos0` (the first aligned date on or after the event's
 * day 0). Null when the estimation window holds no return.
 */
export function fitWindow(s: AlignedSeries, pos0: number, model: Exclude<Model, 'factor'>, est: Window, win: Window): WindowFit | null {
  const len = s.dates.length;
  const clamp = (i: number) => Math.min(Math.max(i, 0), len);
  const estFrom = clamp(pos0 + est[0]);
  const estTo = clamp(pos0 + est[1] + 1);
  const winFrom = clamp(pos0 + win[0]);
  const winTo = clamp(pos0 + win[1] + 1);
  const n = estTo - estFrom;
  if (n <= 0) return null;
  const { ri, rm } = s;
  let sumRi = 0;
  let sumRm = 0;
  for (let i = estFrom; i < estTo; i++) {
    sumRi += ri[i]!;
    sumRm += rm[i]!;
  }
  const meanRi = sumRi / n;
  const meanRm = sumRm / n;
  let sxy = 0;
  let ssm = 0;
  let sst = 0;
  for (let i = estFrom; i < estTo; i++) {
    const dx = rm[i]! - meanRm;
    const dy = ri[i]! - meanRi;
    sxy += dx * dy;
    ssm += dx * dx;
    sst += dy * dy;
  }
  let intercept: number;
  let slope: number;
  if (model === 'market') {
    slope = sxy / ssm;
    intercept = meanRi - slope * meanRm;
  } else if (model === 'constant_mean') {
    slope = 0;
    intercept = meanRi;
  } else {
    slope = 1;
    intercept = 0;
  }
  // Residual sum of squares (and, market-adjusted, the residuals' own mean for their variance).
  let ssr = 0;
  let sumAr = 0;
  for (let i = estFrom; i < estTo; i++) {
    const ar = ri[i]! - (intercept + slope * rm[i]!);
    ssr += ar * ar;
    sumAr += ar;
  }
  let s2: number;
  if (model === 'market') s2 = ssr / (n - 2);
  else if (model === 'constant_mean') s2 = ssr / (n - 1);
  else {
    const meanAr = sumAr / n;
    let v = 0;
    for (let i = estFrom; i < estTo; i++) {
      const d = ri[i]! - rm[i]! - meanAr;
      v += d * d;
    }
    s2 = v / (n - 1);
  }
  return {
    pos0,
    estFrom,
    estTo,
    winFrom,
    winTo,
    n,
    df: model === 'market' ? n - 2 : n - 1,
    alpha: model === 'market' ? intercept : model === 'constant_mean' ? meanRi : null,
    beta: model === 'market' ? slope : null,
    r2: model === 'market' ? 1 - ssr / sst : null,
    s2,
    meanRm,
    ssm,
    intercept,
    slope,
  };
}
