/**
 * Stage 1 of a study, resolve: what each requested security-event is before anything is fitted —
 * its symbol, benchmark, day 0 and id, or why it is not studied (an exclusion as data). Also the
 * I/O a study needs before it can be keyed (`prepareStudy`: factor set, missing prices fetched).
 */
import { dayZero, type DayZero, type Session } from '../domain/day-zero.js';
import type { PolicyEvent } from '../domain/events.js';
import { addDays, type TradingCalendar } from '../domain/trading-calendar.js';
import { AppError, ValidationError } from '../errors.js';
import type { MarketDataSync } from '../market/price-provider.js';
import type { PriceReader, SecuritySummary } from '../market/price-reader.js';
import type { FactorReturnSource, FactorSet } from './factor-model.js';
import type { VolumeSource, WindowDiagnosticsSource } from './stored-window.js';
import { isUsListed, listingOf, localDayZero, type Listing } from './listings.js';
import type { StudyParams } from './params.js';
import type { StudyWarning } from './warnings.js';

export { isUsListed } from './listings.js';
import type { AlignedSeriesSource } from './typed-evidence.js';

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
  /** Exchange MIC; a listing outside the US is studied on its own exchange's clock (listings.ts). */
  exchange?: string | undefined;
  listed_in_us?: boolean | undefined;
  /** The catalog's benchmark of the listing's own market (listings outside the US). */
  local_benchmark?: string | undefined;
  /** A catalog peer in the event's control group. */
  control?: boolean | undefined;
  /** The group the security is reported in (default: its role; control peers: `control`). */
  group?: string | undefined;
  /** Set by the premarket study, which splits New York sessions only: listings outside the US are excluded. */
  us_calendar_only?: boolean | undefined;
};

export type StudyDeps = {
  prices: PriceReader;
  /** Securities' returns aligned with their benchmarks' (market, constant-mean, market-adjusted models). */
  series: AlignedSeriesSource;
  factorReturns: FactorReturnSource;
  calendar: () => Promise<TradingCalendar>;
  /** Fetches what the store lacks before the study reads it (absent: stored data only). */
  marketData?: MarketDataSync | undefined;
  /** The clock (epoch ms): what "today" is for fetching and live events; Date.now by default. */
  now?: (() => number) | undefined;
  /** The event catalog, for confounders (other events of the same securities) and sector funds. */
  events?: { list(): Promise<PolicyEvent[]> } | undefined;
  /** Stored daily volumes (abnormal volume); absent: no volume in results. */
  volumes?: VolumeSource | undefined;
  /** Stored-price diagnostics of estimation windows (stale prices, thin trading); absent: not checked. */
  diagnostics?: WindowDiagnosticsSource | undefined;
};

/** The head of every per-security entry of a result. */
export type OutcomeBase = {
  /** SYMBOL@day0: several events of one firm are separate observations. */
  id: string;
  symbol: string;
  role?: string;
  benchmark: string;
  day0: string | null;
  day0_rule: string | null;
};

/** A resolved security-event: studied when `exclusion` is absent (then `zero` is set). */
export type ResolvedSecurity = { base: OutcomeBase; zero: DayZero | null; exclusion?: string };

export type FetchReport = { failures: Map<string, string>; firstError?: AppError };

export type PreparedStudy = {
  factorSet: FactorSet | undefined;
  /** Symbols the price source failed to provide, with why (the study falls back to the store). */
  fetched: FetchReport;
};

/** The date a security-event's day 0 is resolved from. */
export const eventDateOf = (s: StudySecurityInput, event: PolicyEvent | undefined) => s.date ?? s.announced_at?.slice(0, 10) ?? event?.date;

/** Day 0 of a security-event by the engine's rule (domain/day-zero.ts); null without any date. */
export function dayZeroOf(s: StudySecurityInput, event: PolicyEvent | undefined, calendar: TradingCalendar): DayZero | null {
  const date = eventDateOf(s, event);
  return date ? dayZero({ date, announced_at: s.announced_at ?? null, session: s.session ?? null }, calendar) : null;
}

export function benchmarkFor(s: StudySecurityInput, params: Pick<StudyParams, 'benchmark'>, event: PolicyEvent | undefined): string {
  return (s.benchmark ?? params.benchmark ?? event?.benchmarks[0] ?? DEFAULT_BENCHMARK).toUpperCase();
}

/**
 * The I/O a study needs before it can be keyed: the factor set, and the prices the store lacks
 * fetched from the price source. The study service calls it first, so that a cached result is
 * only reused when the data it was computed from has not changed.
 */
export async function prepareStudy(
  deps: StudyDeps,
  securities: readonly StudySecurityInput[],
  params: StudyParams,
  event?: PolicyEvent,
): Promise<PreparedStudy> {
  const factorSet = params.model === 'factor' ? await deps.factorReturns.factorSet(params.factors!) : undefined;
  if (params.model === 'factor' && !factorSet) {
    throw new ValidationError(`No factor set "${params.factors}" is stored.`, [
      { field: 'factors', message: `import factors/${params.factors}.csv (date,<factor>,...[,rf], decimals) first` },
    ]);
  }
  const usListed = securities.filter(isUsListed);
  const fetched = await fetchMissing(
    deps.marketData,
    (deps.now ?? Date.now)(),
    [...new Set(usListed.flatMap((s) => [s.symbol.toUpperCase(), ...(factorSet ? [] : [benchmarkFor(s, params, event)])]))],
    usListed.map((s) => eventDateOf(s, event)).filter((d): d is string => !!d),
    params,
  );
  return { factorSet, fetched };
}

/**
 * A security-event whose symbol and day 0 an earlier one already has (positions in the request):
 * one return per firm and day, since a second benchmark would count the same return twice.
 */
export type RepeatedEvent = { index: number; first_index: number; id: string };

/**
 * What a study does with repeated security-events: `refuse` it (400: catalog events, premarket
 * studies, strict bulk requests) or study the first and `report` the later ones (bulk requests).
 */
export type RepeatPolicy = 'refuse' | 'report';

/** The 400 for repeated security-events, each named by `name` (a JSON position, or an upload's line). */
export class RepeatedEventsError extends ValidationError {
  constructor(
    readonly repeats: readonly RepeatedEvent[],
    name: (index: number) => string = (i) => `securities.${i}`,
  ) {
    const [symbol, day0] = repeats[0]!.id.split('@');
    super(
      repeats.length === 1 ? `${symbol} appears twice with day 0 ${day0}.` : `${repeats.length} security-events repeat the symbol and day 0 of an earlier one.`,
      repeats.map((r) => ({ field: name(r.index), message: `same symbol and day 0 as ${name(r.first_index)} (${r.id})` })),
    );
  }
}

/** Stage 1 for a whole study: where each security trades, the stored data it needs, and its resolution. */
export type ResolvedStudy = {
  /** The security-events studied, request order: repeats of an earlier one left out (policy `report`). */
  securities: StudySecurityInput[];
  /** Their resolutions and listings, aligned with `securities`. */
  resolved: ResolvedSecurity[];
  listings: Listing[];
  stored: Map<string, SecuritySummary>;
  /** Warnings found while resolving (a benchmark on another market's calendar). */
  warnings: StudyWarning[];
  /** The security-events left out as repeats (policy `report`), request order. */
  repeats: RepeatedEvent[];
};

/**
 * Places every security (US calendar, or its own exchange's clock against a local benchmark),
 * reads what is stored of them and their benchmarks, and resolves each one. Repeats are found
 * here, since only a resolved day 0 tells them (an announcement after the close moves it).
 * @throws RepeatedEventsError for repeated security-events under the policy `refuse`.
 */
export async function resolveStudy(
  deps: StudyDeps,
  securities: readonly StudySecurityInput[],
  params: StudyParams,
  event: PolicyEvent | undefined,
  prepared: PreparedStudy,
  repeatPolicy: RepeatPolicy = 'refuse',
): Promise<ResolvedStudy> {
  const { factorSet, fetched } = prepared;
  const calendar = await deps.calendar(); // after fetching: new benchmark dates count
  // Under the factor model the factors play the benchmark's part.
  const listings = securities.map((s) => listingOf(s, factorSet ? `factors:${factorSet.name}` : benchmarkFor(s, params, event), factorSet));
  const stored = await deps.prices.securities(securities.flatMap((s, i) => [s.symbol.toUpperCase(), listings[i]!.benchmark]));
  const localDates = await localTradingDates(deps.prices, securities, listings, stored);
  const all = resolveSecurities(securities, listings, event, { calendar, stored, fetched, factorSet, localDates });
  const repeats = repeatedEvents(all);
  if (repeats.length > 0 && repeatPolicy === 'refuse') throw new RepeatedEventsError(repeats);
  const left = new Set(repeats.map((r) => r.index));
  const studied = <T>(list: readonly T[]) => list.filter((_, i) => !left.has(i));
  const resolved = studied(all);
  const placed = studied(listings);
  const warnings = placed.flatMap((l, i): StudyWarning[] => {
    if (l.kind !== 'local' || !l.warning || resolved[i]!.exclusion !== undefined) return [];
    return [{ code: 'benchmark_calendar', securities: [resolved[i]!.base.id], message: l.warning, short: `${resolved[i]!.base.symbol} against a benchmark of another market` }];
  });
  return { securities: studied(securities), resolved, listings: placed, stored, warnings, repeats };
}

/** Each resolved security-event whose id (symbol and day 0) an earlier one has; unplaced ones have no day 0 to repeat. */
function repeatedEvents(resolved: readonly ResolvedSecurity[]): RepeatedEvent[] {
  const first = new Map<string, number>();
  return resolved.flatMap((r, index): RepeatedEvent[] => {
    if (r.base.day0 === null) return [];
    const earlier = first.get(r.base.id);
    if (earlier !== undefined) return [{ index, first_index: earlier, id: r.base.id }];
    first.set(r.base.id, index);
    return [];
  });
}

/** Per security outside the US: the dates on which it and its benchmark both have stored rows. */
async function localTradingDates(
  prices: PriceReader,
  securities: readonly StudySecurityInput[],
  listings: readonly Listing[],
  stored: ReadonlyMap<string, SecuritySummary>,
): Promise<Map<number, string[]>> {
  const bySymbol = new Map<string, Promise<string[]>>();
  const datesOf = (symbol: string) => bySymbol.get(symbol) ?? bySymbol.set(symbol, prices.tradingDates(symbol)).get(symbol)!;
  const out = new Map<number, string[]>();
  await Promise.all(
    listings.map(async (l, i) => {
      const symbol = securities[i]!.symbol.toUpperCase();
      if (l.kind !== 'local' || !stored.has(symbol) || !stored.has(l.benchmark)) return;
      const [own, bench] = await Promise.all([datesOf(symbol), datesOf(l.benchmark)]);
      const benchSet = new Set(bench);
      out.set(i, own.filter((d) => benchSet.has(d)));
    }),
  );
  return out;
}

/**
 * Resolves each security-event in request order: refused by its market (unknown exchange, no
 * local benchmark), no stored prices (with the price source's reason when a fetch failed), no
 * day 0 on its exchange's trading dates -> an exclusion; else its day 0 and id (repeats included).
 * @throws ValidationError for input that cannot be a study (no date).
 */
export function resolveSecurities(
  securities: readonly StudySecurityInput[],
  listings: readonly Listing[],
  event: PolicyEvent | undefined,
  ctx: {
    calendar: TradingCalendar;
    stored: ReadonlyMap<string, SecuritySummary>;
    fetched: FetchReport;
    factorSet: FactorSet | undefined;
    localDates: ReadonlyMap<number, readonly string[]>;
  },
): ResolvedSecurity[] {
  return securities.map((input, i): ResolvedSecurity => {
    const symbol = input.symbol.toUpperCase();
    const listing = listings[i]!;
    const benchmark = listing.benchmark;
    const date = eventDateOf(input, event);
    if (!date) {
      throw new ValidationError('Each security needs a date or an announced_at.', [
        { field: `securities.${i}`, message: 'give `date` (YYYY-MM-DD) or `announced_at` (ISO 8601 with offset)' },
      ]);
    }
    const role = input.role ? { role: input.role } : {};
    const unplaced = { id: symbol, symbol, ...role, benchmark, day0: null, day0_rule: null };
    if (listing.kind === 'refused') return { base: unplaced, zero: null, exclusion: listing.reason };
    let zero: DayZero;
    if (listing.kind === 'local') {
      const gap = missingData(ctx.stored, symbol, benchmark);
      if (gap) return { base: unplaced, zero: null, exclusion: gap };
      const local = localDayZero({ date, announced_at: input.announced_at }, { symbol, exchange: listing.exchange, benchmark }, ctx.localDates.get(i) ?? []);
      if (!local.date) return { base: unplaced, zero: null, exclusion: `no day 0 on ${listing.exchange.mic}'s trading dates: ${local.rule}` };
      zero = { date: local.date, session: null, rule: local.rule };
    } else {
      zero = dayZero({ date, announced_at: input.announced_at ?? null, session: input.session ?? null }, ctx.calendar);
    }
    const id = `${symbol}@${zero.date}`;
    const base = { id, symbol, ...role, benchmark, day0: zero.date, day0_rule: zero.rule };
    const gap = missingData(ctx.stored, symbol, ctx.factorSet ? undefined : benchmark);
    // A failed fetch matters only where the store has nothing to fall back on.
    const missing = gap && (ctx.fetched.failures.get(symbol) ?? ctx.fetched.failures.get(benchmark) ?? gap);
    return missing ? { base, zero, exclusion: missing } : { base, zero };
  });
}

/** Why a studied security-event has no rows from SQL (its or its benchmark's prices end early, or no common dates). */
export function noRowsReason(stored: ReadonlyMap<string, SecuritySummary>, symbol: string, benchmark: string, day0: string): string {
  const [s, b] = [stored.get(symbol), stored.get(benchmark)];
  if (s && s.last_date < day0) return `${symbol} prices end ${s.last_date}, before day 0 ${day0}`;
  if (b && b.last_date < day0) return `benchmark ${benchmark} prices end ${b.last_date}, before day 0 ${day0}`;
  return `${symbol} and ${benchmark} have no common trading dates around day 0 ${day0}`;
}

function missingData(stored: ReadonlyMap<string, SecuritySummary>, symbol: string, benchmark: string | undefined): string | undefined {
  if (!stored.has(symbol)) return `no stored prices for ${symbol}`;
  if (benchmark && !stored.has(benchmark)) return `no stored prices for the benchmark ${benchmark}`;
  return undefined;
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
): Promise<FetchReport> {
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
