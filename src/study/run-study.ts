/**
 * An event study as stages that return values (docs/architecture.md):
 * resolve (resolve.ts) -> fit and evidence per security (here: SQL or factor OLS, then
 * security-result.ts with stats/inference.ts) -> portfolio (portfolio.ts) -> presentation
 * (study-presentation.ts). Exclusions travel as data; only `computeStudy` turns "nothing could be
 * studied" into the 422 the routes answer.
 */
import type { PolicyEvent } from '../domain/events.js';
import { UnprocessableError } from '../errors.js';
import type { SecuritySummary } from '../market/price-reader.js';
import { factorEvidence, type FactorSet } from './factor-model.js';
import { forEachKey } from './key-runs.js';
import type { StudyParams } from './params.js';
import { carBand, portfolio, type CarBandDay, type Portfolio, type TestName } from './portfolio.js';
import { securityVolumes, type SecurityVolume, type VolumeEvidence } from './abnormal-volume.js';
import { studyGroups, type GroupDifference, type GroupInput, type StudyGroup } from './groups.js';
import { acrossMarketsProse, type Listing } from './listings.js';
import {
  noRowsReason,
  prepareStudy,
  resolveStudy,
  type OutcomeBase,
  type PreparedStudy,
  type RepeatPolicy,
  type RepeatedEvent,
  type ResolvedSecurity,
  type StudyDeps,
  type StudySecurityInput,
} from './resolve.js';
import { typedEvidence } from './typed-evidence.js';
import { yieldToEventLoop } from './compute-gate.js';
import type { CarResult, DayResult, Estimation, Exclusion, SecurityEvidence } from './security-result.js';
import { headlineTest, studyParamsProse } from './study-presentation.js';
import { guardRails, publicWarnings, type PublicWarning } from './guard-rails.js';
import type { Verdict } from './verdict.js';
import type { StudyWarning } from './warnings.js';

export { DEFAULT_BENCHMARK, prepareStudy, type PreparedStudy, type StudyDeps, type StudySecurityInput } from './resolve.js';

export type SecurityOutcome = OutcomeBase & (
  | { status: 'ok'; estimation: Estimation; days: DayResult[]; cars: CarResult[]; volume?: SecurityVolume }
  | { status: 'excluded'; reason: string }
);

export type StudyResult = {
  params: Record<string, unknown>;
  headline_test: { name: TestName; reason: string };
  securities: SecurityOutcome[];
  portfolio: Portfolio;
  /** Per group (catalog role; control peers: `control`), present when securities name groups. */
  groups?: StudyGroup[];
  /** Tests of the difference between two groups' mean CARs (named firms vs control, ...). */
  differences?: GroupDifference[];
  /** One sentence per CAR window that a reporter can quote, with the test and p behind its words. */
  summary: Verdict[];
  /** What the reader must weigh before believing the numbers (docs/conventions.md, "Warnings"). */
  warnings: PublicWarning[];
};

/**
 * A computed study: the result (JSON, CSV), the chart's mean CAR band, kept out of the JSON, and
 * the repeated security-events left out (the routes report them in the request's own terms).
 */
export type ComputedStudy = { result: StudyResult; carBand: CarBandDay[]; repeats: RepeatedEvent[] };

/** Receives security-events' outcomes in request order, a chunk at a time, as they are computed. */
export type OutcomeSink = (outcomes: readonly SecurityOutcome[]) => Promise<void>;

/** How a study runs, besides what it studies. */
export type StudyRun = {
  /** Receives the outcomes chunk by chunk (streamed responses). */
  sink?: OutcomeSink | undefined;
  /** Aborted when nobody waits for the result any more (the client went away): stop between chunks. */
  signal?: AbortSignal | undefined;
  /** Repeated security-events (same symbol and day 0): refused by default. */
  repeats?: RepeatPolicy | undefined;
};

/** Security-events fitted per chunk: a streamed response starts before the last one is computed. */
export const OUTCOME_CHUNK = 500;

/** Stages 1-3 of a study: every security-event's outcome (request order) and the evidence of the ok ones. */
export type StudyOutcomes = {
  /** The security-events studied (request order, repeats left out), aligned with `outcomes`. */
  securities: StudySecurityInput[];
  outcomes: SecurityOutcome[];
  ok: SecurityEvidence[];
  stored: Map<string, SecuritySummary>;
  prepared: PreparedStudy;
  /** Where each security was studied (US calendar, or its own exchange's), request order. */
  listings: Listing[];
  /** Warnings from resolving (a benchmark on another market's calendar). */
  warnings: StudyWarning[];
  repeats: RepeatedEvent[];
};

/**
 * Stage 2-3, fit and evidence, per resolved security-event: the market, constant-mean and
 * market-adjusted models in process on the aligned typed series; the factor OLS on its SQL rows.
 */
async function fitEvidence(
  deps: StudyDeps,
  resolved: readonly ResolvedSecurity[],
  params: StudyParams,
  factorSet: FactorSet | undefined,
): Promise<(SecurityEvidence | Exclusion | undefined)[]> {
  const items = resolved.flatMap((r, i) => (r.exclusion === undefined ? [{ key: String(i), symbol: r.base.symbol, benchmark: r.base.benchmark, day0: r.base.day0! }] : []));
  const byIndex: (SecurityEvidence | Exclusion | undefined)[] = resolved.map(() => undefined);
  if (items.length === 0) return byIndex;
  if (factorSet) {
    const windows = { returns: params.returns, estimation: params.estimation, window: params.window };
    // Keys are the request positions: SQL returns them sorted as strings, each run one security-event.
    const cols = await deps.factorReturns.factorReturns({ items, factorSet: factorSet.name, ...windows });
    forEachKey(cols.key, (from, to) => (byIndex[Number(cols.key[from])] = factorEvidence(cols, from, to, params.car, params.min_obs)));
    return byIndex;
  }
  const model = params.model as Exclude<typeof params.model, 'factor'>;
  const series = await deps.series.aligned(items, params.returns);
  const p = { model, estimation: params.estimation, window: params.window, car: params.car, min_obs: params.min_obs };
  items.forEach((item, k) => (byIndex[Number(item.key)] = typedEvidence(item.key, series[k]!, item.day0, p)));
  return byIndex;
}

/**
 * Resolve, fit and evidence for security-events: never throws for data a security lacks (that is
 * its outcome's `reason`), only for input that cannot be a study (ValidationError).
 */
export async function studyOutcomes(
  deps: StudyDeps,
  securities: readonly StudySecurityInput[],
  params: StudyParams,
  event?: PolicyEvent,
  prepared?: PreparedStudy,
  { sink, signal, repeats: repeatPolicy }: StudyRun = {},
): Promise<StudyOutcomes> {
  const ready = prepared ?? (await prepareStudy(deps, securities, params, event));
  const { securities: studied, resolved, listings, stored, warnings, repeats } = await resolveStudy(deps, securities, params, event, ready, repeatPolicy);
  const factorSet = ready.factorSet;

  const outcomes: SecurityOutcome[] = [];
  const ok: SecurityEvidence[] = [];
  // In chunks of request order, each handed to `sink` before the next is fitted (streamed responses).
  for (let from = 0; from < resolved.length; from += OUTCOME_CHUNK) {
    if (from > 0) await yieldToEventLoop(); // a long study lets other requests in between chunks
    signal?.throwIfAborted();
    const chunk = resolved.slice(from, from + OUTCOME_CHUNK);
    const evidence = await fitEvidence(deps, chunk, params, factorSet);
    const done = chunk.map((r, i): SecurityOutcome => {
      const found = evidence[i];
      if (found && 'days' in found) {
        ok.push(found);
        const coefficients = found.coefficients && factorSet
          ? { coefficients: Object.fromEntries(['alpha', ...factorSet.factors].map((name, j) => [name, found.coefficients![j]!])) }
          : {};
        return { ...r.base, status: 'ok', estimation: { ...found.estimation, ...coefficients }, days: found.days, cars: found.cars };
      }
      const reason = r.exclusion ?? found?.reason ?? noRowsReason(stored, r.base.symbol, r.base.benchmark, r.base.day0!);
      return { ...r.base, status: 'excluded', reason };
    });
    outcomes.push(...done);
    await sink?.(done);
  }
  return { securities: studied, outcomes, ok, stored, prepared: ready, listings, warnings, repeats };
}

/** The error a study answers with when no security-event could be studied. */
export function nothingStudied(s: StudyOutcomes): Error {
  if (s.prepared.fetched.firstError) return s.prepared.fetched.firstError; // e.g. offline with an empty store: 503
  return new UnprocessableError('No security in the study has enough data to be studied.', {
    securities: s.outcomes.map((o) => ({ symbol: o.symbol, day0: o.day0, reason: o.status === 'excluded' ? o.reason : null })),
  });
}

/**
 * Runs every stage: the result and the chart's band.
 * @throws UnprocessableError when no security can be studied (reasons per security).
 */
export async function computeStudy(
  deps: StudyDeps,
  securities: readonly StudySecurityInput[],
  params: StudyParams,
  event?: PolicyEvent,
  prepared?: PreparedStudy,
  run: StudyRun = {},
): Promise<ComputedStudy> {
  if (securities.length === 0) {
    throw new UnprocessableError('The study has no securities (a roles filter may have matched none).', { securities: [] });
  }
  const s = await studyOutcomes(deps, securities, params, event, prepared, run);
  if (s.ok.length === 0) throw nothingStudied(s);
  // Between stages the event loop takes a turn: other requests wait for one stage, not the study.
  const between = async () => {
    await yieldToEventLoop();
    run.signal?.throwIfAborted();
  };
  await between();
  const earlier = [...s.prepared.fetched.failures].flatMap(([symbol, reason]): StudyWarning[] => {
    const kept = s.stored.get(symbol);
    const message = `${reason} — the study uses the stored prices of ${symbol} (through ${kept?.last_date})`;
    return kept ? [{ code: 'price_source', securities: [symbol], message, short: `stored prices of ${symbol} not refreshed` }] : [];
  });
  const pf = portfolio(s.ok, params.window, params.car);
  const headline = headlineTest(s.ok);
  await between();
  const okOutcomes = s.outcomes.flatMap((o, i) => (o.status === 'ok' ? [{ o, input: s.securities[i]! }] : []));
  const rails = await guardRails({
    studied: okOutcomes.map(({ o, input }, i) => ({ input, id: o.id, symbol: o.symbol, role: o.role, benchmark: o.benchmark, day0: o.day0!, evidence: s.ok[i]! })),
    portfolio: pf,
    headlineTest: headline.name,
    params,
    event,
    catalog: (await deps.events?.list()) ?? [],
    diagnostics: deps.diagnostics,
    earlier: [...s.warnings, ...earlier],
  });
  const volumes = await securityVolumes(deps.volumes, okOutcomes.map(({ o }, i) => ({ id: o.id, symbol: o.symbol, evidence: s.ok[i]! })), params.estimation, params.car);
  const volumeOf = new Map(volumes.flatMap((v) => (v ? [[v.id, v] as const] : [])));
  await between();
  const groups = studyGroups(groupInputs(s, volumeOf), params.window, params.car);
  await between();
  const result: StudyResult = {
    params: { ...studyParamsProse(params, s.prepared.factorSet, event, s.outcomes.map((o) => o.benchmark)), ...acrossMarketsProse(s.listings.filter((_, i) => s.outcomes[i]!.status === 'ok')) },
    headline_test: headline,
    summary: rails.summary,
    warnings: publicWarnings(rails.warnings),
    securities: s.outcomes.map((o) => (o.status === 'ok' && volumeOf.has(o.id) ? { ...o, volume: volumeOf.get(o.id)!.result } : o)),
    portfolio: pf,
    ...groups,
  };
  return { result, carBand: carBand(s.ok, pf.days), repeats: s.repeats };
}

/** Every security-event with what the groups need, request order (evidence for the studied ones). */
function groupInputs(s: StudyOutcomes, volumeOf: ReadonlyMap<string, VolumeEvidence>): GroupInput[] {
  let k = 0;
  return s.outcomes.map((o, i) => ({
    input: s.securities[i]!,
    id: o.id,
    benchmark: o.benchmark,
    day0: o.day0,
    listing: s.listings[i]!,
    evidence: o.status === 'ok' ? s.ok[k++] : undefined,
    volume: o.status === 'ok' ? volumeOf.get(o.id) : undefined,
  }));
}

/**
 * Runs an event study: day 0 per security from the trading calendar, abnormal returns and
 * estimates in process (factor model: OLS on SQL rows), per-security inference, then the portfolio and its tests.
 * @throws UnprocessableError when no security can be studied (reasons per security).
 */
export async function runStudy(
  deps: StudyDeps,
  securities: readonly StudySecurityInput[],
  params: StudyParams,
  event?: PolicyEvent,
  prepared?: PreparedStudy,
): Promise<StudyResult> {
  return (await computeStudy(deps, securities, params, event, prepared)).result;
}
