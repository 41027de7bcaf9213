/**
 * Stage 2-3 for the market, constant-mean and market-adjusted models, in process: each
 * security-event's fit (window-fit.ts) and evidence read straight from its pair's aligned typed
 * series (aligned-series.ts), with no row table in between. Same rows and definitions as
 * queries/study-abnormal-returns.sql, which stays the reference (test/study/typed-abnormal-returns.test.ts).
 */
import { estimatedModelFit } from './abnormal-returns.js';
import { type AlignedSeries, type ReturnKind, type SeriesPair, firstOnOrAfter, toEpochDay } from './aligned-series.js';
import type { Model, Window } from './params.js';
import { securityEvidence, type Exclusion, type SecurityEvidence } from './security-result.js';
import { fitWindow } from './window-fit.js';

/** Pairs' aligned returns at the store's current data version, in the order asked. */
export interface AlignedSeriesSource {
  aligned(pairs: readonly SeriesPair[], returns: ReturnKind): Promise<AlignedSeries[]>;
}

export type TypedStudyParams = { model: Exclude<Model, 'factor'>; estimation: Window; window: Window; car: readonly Window[]; min_obs: number };

/**
 * One security-event's evidence, why it has none, or undefined when the series has no estimation
 * return around day 0 (nothing to study: the caller says why from the stored ranges).
 */
export function typedEvidence(key: string, s: AlignedSeries, day0: string, p: TypedStudyParams): SecurityEvidence | Exclusion | undefined {
  const pos0 = firstOnOrAfter(s.dates, toEpochDay(day0));
  if (pos0 >= s.dates.length) return undefined;
  const fit = fitWindow(s, pos0, p.model, p.estimation, p.window);
  if (!fit) return undefined;
  const fitted = estimatedModelFit(key, fit, p.model, p.min_obs);
  if (!('fit' in fitted)) return fitted;
  const { ri, rm, dates } = s;
  const { intercept, slope, meanRm } = fit;
  return securityEvidence(
    key,
    fitted,
    {
      t: (i) => i - pos0,
      day: (i) => dates[i]!,
      ri: (i) => ri[i]!,
      rm: (i) => rm[i]!,
      ar: (i) => ri[i]! - (intercept + slope * rm[i]!),
      regressor: p.model === 'market' ? (i) => rm[i]! - meanRm : () => null,
      est: [fit.estFrom, fit.estTo],
      win: [Math.max(fit.winFrom, fit.estTo), fit.winTo],
    },
    p.car,
  );
}
