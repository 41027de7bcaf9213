/**
 * Stage 5 of a study, presentation: the result's `params` (what was used, each rule in words) and
 * its headline test. Pure: values in, values out.
 */
import type { PolicyEvent } from '../domain/events.js';
import type { FactorSet } from './factor-model.js';
import type { StudyParams } from './params.js';
import type { TestName } from './portfolio.js';
import { DEFAULT_BENCHMARK } from './resolve.js';
import type { SecurityEvidence } from './security-result.js';

const AR_T_RULE = {
  market: "AR / (s * sqrt(1 + 1/M + (Rm_t - mean Rm)^2 / SSm)): prediction-error corrected, Student t with the stated df",
  constant_mean: 'AR / (s * sqrt(1 + 1/M)): prediction-error corrected, Student t with the stated df',
  market_adjusted: 'AR / s (nothing estimated, no prediction error), Student t with the stated df',
  factor: "AR / (s * sqrt(1 + x_t'(X'X)^-1 x_t)): prediction-error corrected, Student t with the stated df",
} as const;

const CAR_SE_RULE = {
  market: 's * sqrt(L + L^2/M + (sum of (Rm_t - mean Rm))^2 / SSm) (MacKinlay 1997 eq. 12-13, exact)',
  constant_mean: 's * sqrt(L + L^2/M) (exact)',
  market_adjusted: 's * sqrt(L)',
  factor: "s * sqrt(L + g'(X'X)^-1 g), g = sum of the window's regressor rows (exact)",
} as const;

const DF_RULE = {
  factor: 'M - k (OLS on the factors, k = factors + 1; s^2 = SSR / (M - k))',
  market: 'M - 2 (OLS market model; s^2 = SSR / (M - 2))',
  constant_mean: 'M - 1 (constant mean; s^2 = SSR / (M - 1))',
  market_adjusted: 'M - 1 (market-adjusted; s^2 = sample variance of AR over the estimation window)',
} as const;

/** The result's `params`: the parameters used and the conventions behind every number. */
export function studyParamsProse(
  params: StudyParams,
  factorSet: FactorSet | undefined,
  event: PolicyEvent | undefined,
  benchmarks: readonly string[],
): Record<string, unknown> {
  return {
    model: params.model,
    ...(factorSet ? { factors: factorSet.factors, factor_set: factorSet.name, excess_returns: factorSet.has_rf } : {}),
    benchmark: factorSet ? null : (params.benchmark ?? event?.benchmarks[0] ?? DEFAULT_BENCHMARK),
    ...(new Set(benchmarks).size > 1 ? { benchmarks: 'per security: see each security\'s benchmark' } : {}),
    estimation: params.estimation,
    min_obs: params.min_obs,
    window: params.window,
    car: params.car,
    returns: params.returns,
    degrees_of_freedom: DF_RULE[params.model],
    day0_rule:
      'news before or during the regular session -> that trading day; after the close, on a weekend or holiday -> the next session (US calendar from stored SPY dates, NYSE holiday rules beyond them)',
    event_time: 'trading days on which both the security and its benchmark have a return',
    ar_t: AR_T_RULE[params.model],
    car_se: CAR_SE_RULE[params.model],
    caar: 'per day: cumulated AAR; per CAR window: mean of the securities\' CARs',
    p_values: 'two-sided',
  };
}

/**
 * The test to quote: KP-adjusted BMP when two security-events' event windows share a calendar
 * day (their ARs are then cross-correlated), BMP otherwise.
 */
export function headlineTest(securities: readonly SecurityEvidence[]): { name: TestName; reason: string } {
  const spans = securities
    .map((s) => [s.days[0]!.date, s.days.at(-1)!.date] as const)
    .sort((a, b) => a[0].localeCompare(b[0]));
  const clustered = spans.some((span, i) => i > 0 && span[0] <= spans[i - 1]![1]);
  return clustered
    ? { name: 'kp_bmp_t', reason: 'event windows overlap in calendar time: BMP adjusted for cross-correlation (Kolari-Pynnönen 2010)' }
    : { name: 'bmp_t', reason: 'event windows do not overlap: BMP standardized cross-sectional test (Boehmer et al. 1991), robust to event-induced variance' };
}
