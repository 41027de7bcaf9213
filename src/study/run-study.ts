import { dayZero, type Session } from '../domain/day-zero.js';
import type { PolicyEvent } from '../domain/events.js';
import type { TradingCalendar } from '../domain/trading-calendar.js';
import { isNonUsListing } from '../domain/symbols.js';
import { AppError, UnprocessableError, ValidationError } from '../errors.js';
import type { MarketDataSync } from '../market/price-provider.js';
import { addDays } from '../domain/trading-calendar.js';
import type { PriceReader, SecuritySummary } from '../market/price-reader.js';
import type { AbnormalReturnSource } from './abnormal-returns.js';
import { forEachKey } from './key-runs.js';
import { factorEvidence, type FactorReturnSource, type FactorSet } from './factor-model.js';
import type { StudyParams } from './params.js';
import { portfolio, type Portfolio, type TestName } from './portfolio.js';
import {
  securityEvidence,
  type CarResult,
  type DayResult,
  type Estimation,
  type Exclusion,
  type SecurityEvidence,
} from './security-result.js';

export const DEFAULT_BENCHMARK = 'SPY';

/** One security-event of a study: a symbol and when its news came out. */
export type StudySecurityInput = {
  symbol: string;
  date?: string | undefined;
  announced_at?: string | undefined;
  session?: Session | null | undefined;
  benchmark?: string | undefined;
  /** Why this security is in the study (catalog role), echoed in the result. */
  role?: string | undefined;
  /** Exchange MIC; securities listed outside the US are reported, not studied (US calendar). */
  exchange?: string | undefined;
  listed_in_us?: boolean | undefined;
};

export type StudyDeps = {
  prices: PriceReader;
  abnormalReturns: AbnormalReturnSource;
  factorReturns: FactorReturnSource;
  calendar: () => Promise<TradingCalendar>;
  /** Fetches what the store lacks before the study reads it (absent: stored data only). */
  marketData?: MarketDataSync | undefined;
  /** The clock (epoch ms): what "today" is for fetching and live events; Date.now by default. */
  now?: (() => number) | undefined;
};

type OutcomeBase = {
  /** SYMBOL@day0: several events of one firm are separate observations. */
  id: string;
  symbol: string;
  role?: string;
  benchmark: string;
  day0: string | null;
  day0_rule: string | null;
};

export type SecurityOutcome = OutcomeBase & (
  | { status: 'ok'; estimation: Estimation; days: DayResult[]; cars: CarResult[] }
  | { status: 'excluded'; reason: string }
);

export type StudyResult = {
  params: Record<string, unknown>;
  headline_test: { name: TestName; reason: string };
  securities: SecurityOutcome[];
  portfolio: Portfolio;
  /** Things the reader should know that did not stop the study (e.g. a price refresh failed). */
  warnings?: string[];
};


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

export type PreparedStudy = {
  factorSet: FactorSet | undefined;
  /** Symbols the price source failed to provide, with why (the study falls back to the store). */
  fetched: Awaited<ReturnType<typeof fetchMissing>>;
};

/**
 * The I/O a study needs before it can be keyed: the factor set, and the prices the store lacks
 * fetched from the price source. Routes call it first, so that a cached result is only reused
 * when the data it was computed from has not changed.
 */
export async function prepareStudy(
  deps: StudyDeps,
  securities: StudySecurityInput[],
  params: StudyParams,
  event?: PolicyEvent,
): Promise<PreparedStudy> {
  const factorSet = params.model === 'factor' ? await deps.factorReturns.factorSet(params.factors!) : undefined;
  if (params.model === 'factor' && !factorSet) {
    throw new ValidationError(`No factor set "${params.factors}" is stored.`, [
      { field: 'factors', message: `import factors/${params.factors}.csv (date,<factor>,...[,rf], decimals) first` },
    ]);
  }
  const usListed = securities.filter((s) => s.listed_in_us ?? !isNonUsListing(s.symbol.toUpperCase()));
  const fetched = await fetchMissing(
    deps.marketData,
    (deps.now ?? Date.now)(),
    [...new Set(usListed.flatMap((s) => [s.symbol.toUpperCase(), ...(factorSet ? [] : [benchmarkFor(s, params, event)])]))],
    usListed.map((s) => s.date ?? s.announced_at?.slice(0, 10) ?? event?.date).filter((d): d is string => !!d),
    params,
  );
  return { factorSet, fetched };
}

function benchmarkFor(s: StudySecurityInput, params: StudyParams, event: PolicyEvent | undefined): string {
  return (s.benchmark ?? params.benchmark ?? event?.benchmarks[0] ?? DEFAULT_BENCHMARK).toUpperCase();
}

/**
 * Runs an event study: day 0 per security from the trading calendar, abnormal returns and
 * estimates from SQL, per-security inference, then the portfolio and its tests.
 * @throws UnprocessableError when no security can be studied (reasons per security).
 */
export async function runStudy(
  deps: StudyDeps,
  securities: StudySecurityInput[],
  params: StudyParams,
  event?: PolicyEvent,
  prepared?: PreparedStudy,
): Promise<StudyResult> {
  if (securities.length === 0) {
    throw new UnprocessableError('The study has no securities (a roles filter may have matched none).', { securities: [] });
  }
  const { factorSet, fetched } = prepared ?? (await prepareStudy(deps, securities, params, event));
  const calendar = await deps.calendar(); // after fetching: new benchmark dates count
  // Under the factor model the factors play the benchmark's part.
  const benchmarkOf = (s: StudySecurityInput) => (factorSet ? `factors:${factorSet.name}` : benchmarkFor(s, params, event));
  const stored = await deps.prices.securities(securities.flatMap((s) => [s.symbol.toUpperCase(), benchmarkOf(s)]));
  // One slot per requested security-event, in request order; `key` marks those sent to SQL.
  const slots: { base: OutcomeBase; reason?: string; key?: string }[] = [];
  const seen = new Set<string>();

  for (const [i, input] of securities.entries()) {
    const symbol = input.symbol.toUpperCase();
    const benchmark = benchmarkOf(input);
    const date = input.date ?? input.announced_at?.slice(0, 10) ?? event?.date;
    if (!date) {
      throw new ValidationError('Each security needs a date or an announced_at.', [
        { field: `securities.${i}`, message: 'give `date` (YYYY-MM-DD) or `announced_at` (ISO 8601 with offset)' },
      ]);
    }
    const role = input.role ? { role: input.role } : {};
    if (input.listed_in_us === false || (input.listed_in_us === undefined && isNonUsListing(symbol))) {
      slots.push({
        base: { id: symbol, symbol, ...role, benchmark, day0: null, day0_rule: null },
        reason: `listed outside the US (${input.exchange ?? `exchange suffix of ${symbol}`}): its day 0 needs that exchange's calendar and a local benchmark, which this study does not use`,
      });
      continue;
    }
    const zero = dayZero({ date, announced_at: input.announced_at ?? null, session: input.session ?? null }, calendar);
    const id = `${symbol}@${zero.date}`;
    // One return per firm and day: a second benchmark would count the same return twice.
    if (seen.has(id)) {
      throw new ValidationError(`${symbol} appears twice with day 0 ${zero.date}.`, [
        { field: `securities.${i}`, message: `duplicate of an earlier security-event (${id})` },
      ]);
    }
    seen.add(id);
    const base = { id, symbol, ...role, benchmark, day0: zero.date, day0_rule: zero.rule };
    const gap = missingData(stored, symbol, factorSet ? undefined : benchmark);
    // A failed fetch matters only where the store has nothing to fall back on.
    const missing = gap && (fetched.failures.get(symbol) ?? fetched.failures.get(benchmark) ?? gap);
    slots.push(missing ? { base, reason: missing } : { base, key: String(i) });
  }

  const studied = slots.filter((s) => s.key !== undefined);
  const evidence = new Map<string, SecurityEvidence | Exclusion>();
  if (studied.length > 0) {
    const items = studied.map((s) => ({ key: s.key!, symbol: s.base.symbol, benchmark: s.base.benchmark, day0: s.base.day0! }));
    const windows = { returns: params.returns, estimation: params.estimation, window: params.window };
    if (factorSet) {
      const cols = await deps.factorReturns.factorReturns({ items, factorSet: factorSet.name, ...windows });
      forEachKey(cols.key, (from, to) => evidence.set(cols.key[from]!, factorEvidence(cols, from, to, params.car, params.min_obs)));
    } else {
      const cols = await deps.abnormalReturns.abnormalReturns({ items, model: params.model as Exclude<typeof params.model, 'factor'>, ...windows });
      forEachKey(cols.key, (from, to) =>
        evidence.set(cols.key[from]!, securityEvidence(cols, from, to, params.model, params.car, params.min_obs)),
      );
    }
  }

  const ok: SecurityEvidence[] = [];
  const outcomes: SecurityOutcome[] = [];
  for (const slot of slots) {
    const found = slot.key === undefined ? undefined : evidence.get(slot.key);
    if (found && 'days' in found) {
      ok.push(found);
      const coefficients = found.coefficients && factorSet
        ? { coefficients: Object.fromEntries(['alpha', ...factorSet.factors].map((name, j) => [name, found.coefficients![j]!])) }
        : {};
      outcomes.push({ ...slot.base, status: 'ok', estimation: { ...found.estimation, ...coefficients }, days: found.days, cars: found.cars });
    } else {
      const reason =
        slot.reason ?? found?.reason ?? noRowsReason(stored, slot.base.symbol, slot.base.benchmark, slot.base.day0!);
      outcomes.push({ ...slot.base, status: 'excluded', reason });
    }
  }

  if (ok.length === 0) {
    if (fetched.firstError) throw fetched.firstError; // e.g. offline with an empty store: 503
    throw new UnprocessableError('No security in the study has enough data to be studied.', {
      securities: outcomes.map((o) => ({ symbol: o.symbol, day0: o.day0, reason: o.status === 'excluded' ? o.reason : null })),
    });
  }

  const clustered = windowsOverlap(ok);
  const warnings = [...fetched.failures].flatMap(([symbol, reason]) => {
    const kept = stored.get(symbol);
    return kept ? [`${reason} — the study uses the stored prices of ${symbol} (through ${kept.last_date})`] : [];
  });
  return {
    params: {
      model: params.model,
      ...(factorSet ? { factors: factorSet.factors, factor_set: factorSet.name, excess_returns: factorSet.has_rf } : {}),
      benchmark: factorSet ? null : (params.benchmark ?? event?.benchmarks[0] ?? DEFAULT_BENCHMARK),
      ...(new Set(outcomes.map((o) => o.benchmark)).size > 1 ? { benchmarks: 'per security: see each security\'s benchmark' } : {}),
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
    },
    headline_test: clustered
      ? { name: 'kp_bmp_t', reason: 'event windows overlap in calendar time: BMP adjusted for cross-correlation (Kolari-Pynnönen 2010)' }
      : { name: 'bmp_t', reason: 'event windows do not overlap: BMP standardized cross-sectional test (Boehmer et al. 1991), robust to event-induced variance' },
    securities: outcomes,
    portfolio: portfolio(ok, params.window, params.car),
    ...(warnings.length ? { warnings } : {}),
  };
}

/**
 * Asks the price source for what the store lacks around the event dates: the estimation window
 * in calendar days (trading days x 7/5, plus holidays) before the earliest date, the event window
 * after the latest. Failures are collected per symbol, not thrown: a symbol with stored prices
 * is studied on what is stored, one without is excluded with the source's reason, and the study
 * fails with the source's error (502/503) only if nothing at all can be studied.
 */
async function fetchMissing(
  marketData: MarketDataSync | undefined,
  nowMs: number,
  symbols: string[],
  dates: string[],
  params: StudyParams,
): Promise<{ failures: Map<string, string>; firstError?: AppError }> {
  const failures = new Map<string, string>();
  let firstError: AppError | undefined;
  if (!marketData || symbols.length === 0 || dates.length === 0) return { failures };
  const sorted = [...dates].sort();
  const from = addDays(sorted[0]!, -Math.ceil(((-params.estimation[0] + 5) * 7) / 5) - 14);
  const today = new Date(nowMs).toISOString().slice(0, 10);
  const end = addDays(sorted.at(-1)!, Math.ceil((Math.max(params.window[1], 0) * 7) / 5) + 7);
  const to = end < today ? end : today;
  await Promise.all(
    symbols.map(async (symbol) => {
      try {
        await marketData.ensureDaily([symbol], from, to);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        firstError ??= err;
        failures.set(symbol, `the price source could not provide ${symbol}: ${err.message}`);
      }
    }),
  );
  return { failures, ...(firstError ? { firstError } : {}) };
}

/**
 * Whether two security-events' event windows share a calendar day: then their abnormal returns
 * are cross-correlated and the Kolari-Pynnönen adjustment applies.
 */
function windowsOverlap(securities: readonly SecurityEvidence[]): boolean {
  const spans = securities
    .map((s) => [s.days[0]!.date, s.days.at(-1)!.date] as const)
    .sort((a, b) => a[0].localeCompare(b[0]));
  return spans.some((span, i) => i > 0 && span[0] <= spans[i - 1]![1]);
}

function missingData(stored: Map<string, SecuritySummary>, symbol: string, benchmark: string | undefined): string | undefined {
  if (!stored.has(symbol)) return `no stored prices for ${symbol}`;
  if (benchmark && !stored.has(benchmark)) return `no stored prices for the benchmark ${benchmark}`;
  return undefined;
}

function noRowsReason(stored: Map<string, SecuritySummary>, symbol: string, benchmark: string, day0: string): string {
  const [s, b] = [stored.get(symbol), stored.get(benchmark)];
  if (s && s.last_date < day0) return `${symbol} prices end ${s.last_date}, before day 0 ${day0}`;
  if (b && b.last_date < day0) return `benchmark ${benchmark} prices end ${b.last_date}, before day 0 ${day0}`;
  return `${symbol} and ${benchmark} have no common trading dates around day 0 ${day0}`;
}
