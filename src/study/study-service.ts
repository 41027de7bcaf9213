/**
 * The study service: between the routes and the engine, it owns the policy every study route
 * follows — prepare (fetch what the store lacks) -> data version -> ETag (a 304 before any
 * compute) -> memoized compute. Routes only validate, call it, and pick the representation.
 */
import type { PolicyEvent } from '../domain/events.js';
import { ServiceUnavailableError, UnprocessableError } from '../errors.js';
import { nyToday, type PremarketParams } from './premarket/inputs.js';
import { runPremarket, type PremarketResult } from './premarket/result.js';
import type { PremarketSource } from './premarket-source.js';
import type { StudyParams } from './params.js';
import { assertStudyBudget } from './study-budget.js';
import { prepareStudy, type RepeatPolicy, type StudyDeps, type StudySecurityInput } from './resolve.js';
import { computeStudy, type ComputedStudy, type OutcomeSink, type StudyResult } from './run-study.js';
import { jsonBytes } from '../json-bytes.js';
import { ComputeGate } from './compute-gate.js';
import { StudyCache, etagFor, etagMatches, fingerprint, fingerprintOnce, validatorHeaders } from './study-cache.js';

export type EventHead = { id: string; title: string; date: string };
export type StudyResponse = StudyResult & { event: EventHead | null };
export type PremarketResponse = { event: (EventHead & { announced_at: string | null }) | null } & PremarketResult;

/** What a study route gets back: a 304 (with its validator headers), or the value and headers to send. */
export type Answer<T> = { notModified: true; headers: Record<string, string> } | { notModified: false; value: T; headers: Record<string, string> };

export type StudyServiceDeps = StudyDeps & { premarket?: PremarketSource | undefined };

/**
 * How the request asked: `validate` for a GET (ETag, If-None-Match), the representation chosen,
 * and the request's `signal` (aborted when its client goes away: work nobody waits for stops;
 * asked for only when the answer has to be waited for).
 */
export type Conditional = { validate: boolean; ifNoneMatch?: string | undefined; representation?: unknown; signal?: (() => AbortSignal) | undefined };

/** A catalog event's securities (optionally only some roles) as study inputs, each with the event's timing. */
export function eventSecurities(event: PolicyEvent, roles?: readonly string[]): StudySecurityInput[] {
  return event.securities
    .filter((s) => !roles || roles.includes(s.role))
    .map((s) => ({
      symbol: s.symbol,
      date: event.date,
      announced_at: event.announced_at ?? undefined,
      session: event.session,
      role: s.role,
      exchange: s.exchange,
      listed_in_us: s.listed_in_us,
      ...(s.benchmark ? { local_benchmark: s.benchmark } : {}),
      ...(s.control ? { control: true } : {}),
    }));
}

/** Studies computing at once: two, so one long bulk study does not hold every other one back. */
export const STUDY_SLOTS = 2;

export class StudyService {
  // Studies are deterministic for given data, event and parameters: computed once per process.
  // Weighed as the result and its JSON, both kept.
  private readonly cache = new StudyCache<ComputedStudy & { result: StudyResponse }>({ weigh: (v) => 2 * jsonBytes(v.result).byteLength });
  private readonly gate = new ComputeGate(STUDY_SLOTS);
  // A premarket result is kept per New York date and data version, unless it holds a live quote.
  private readonly premarketCache = new StudyCache<PremarketResponse>({
    weigh: (v) => 2 * jsonBytes(v).byteLength,
    keepable: (v) => !v.securities.some((s) => s.status === 'live'),
  });

  constructor(private readonly deps: StudyServiceDeps) {}

  /**
   * An event study of a catalog event (`event` and `roles`) or of ad-hoc security-events. Fetches
   * what the store lacks first, then keys the study on the resulting data version, so a cached
   * result or a 304 is only given for data that has not changed. A study that could not get all
   * its prices (the source failed) is not given a validator, and is kept only for as long as the
   * same symbols fail the same way. Repeated security-events are refused unless `repeats` is `report`.
   */
  async study(
    request: { securities: StudySecurityInput[]; params: StudyParams; event?: PolicyEvent; roles?: string[]; repeats?: RepeatPolicy },
    conditional: Conditional,
  ): Promise<Answer<ComputedStudy & { result: StudyResponse }>> {
    const { securities, params, event, repeats = 'refuse' } = request;
    if (event?.not_studyable) {
      throw new UnprocessableError(`The event "${event.title}" cannot be studied: ${event.not_studyable}`, { event: event.id });
    }
    assertStudyBudget(securities.length, params);
    const head = event ? { id: event.id, title: event.title, date: event.date } : null;
    const prepared = await prepareStudy(this.deps, securities, params, event);
    const run = async (signal?: AbortSignal) => {
      const computed = await this.gate.run(() => computeStudy(this.deps, securities, params, event, prepared, { signal, repeats }), signal);
      return { ...computed, result: { event: head, ...computed.result } };
    };
    // The policy is part of an ad-hoc key: a strict request must not be answered from a reported one.
    const key = event ? { event: await fingerprintOnce(event), params, roles: request.roles ?? null } : { securities, params, repeats };
    // Symbols the source could not provide are part of the key: while they stay unfetchable (the
    // source retries a failed symbol once a minute) it is the same study, computed once.
    const unfetched = [...prepared.fetched.failures];
    const study = await fingerprint({ key, dataVersion: await this.deps.prices.dataVersion(), ...(unfetched.length ? { unfetched } : {}) });
    const compute = () => this.cache.getOrCompute(study, run, conditional.signal);
    // Not validated: the missing prices may come with the next request.
    if (unfetched.length > 0) return { notModified: false, value: await compute(), headers: { 'Cache-Control': 'no-store' } };
    if (!conditional.validate) return { notModified: false, value: await compute(), headers: {} };
    const etag = await etagFor({ study, representation: conditional.representation ?? null });
    if (etagMatches(conditional.ifNoneMatch, etag)) return { notModified: true, headers: validatorHeaders(etag) };
    return { notModified: false, value: await compute(), headers: validatorHeaders(etag) };
  }

  /**
   * An ad-hoc study whose security-events' outcomes go to `sink` as they are computed (a streamed
   * response): never cached, since nothing of it is kept to be served again. The same budget as
   * `study`: a stream bounds memory, not the work.
   */
  async streamStudy(
    request: { securities: StudySecurityInput[]; params: StudyParams; repeats?: RepeatPolicy },
    sink: OutcomeSink,
    signal?: AbortSignal,
  ): Promise<ComputedStudy> {
    const { securities, params, repeats } = request;
    assertStudyBudget(securities.length, params);
    const prepared = await prepareStudy(this.deps, securities, params, undefined);
    // A study waiting for its reader gives its compute slot up meanwhile.
    const paced: OutcomeSink = (outcomes) => this.gate.outside(() => sink(outcomes));
    return this.gate.run(() => computeStudy(this.deps, securities, params, undefined, prepared, { sink: paced, signal, repeats }), signal);
  }

  /**
   * The premarket / overnight study. A GET is validated by an ETag of the event, parameters, the
   * New York date (what is live depends on it) and the data version; a result holding a live
   * quote is never validated or stored. Intraday bars fetched during the study change the data
   * version, so the ETag sent is the one of the data the result was computed from.
   */
  async premarket(
    request: { securities: StudySecurityInput[]; params: PremarketParams; event?: PolicyEvent },
    conditional: Conditional,
  ): Promise<Answer<PremarketResponse>> {
    const source = this.deps.premarket;
    if (!source) throw new ServiceUnavailableError('The premarket study is not configured on this server (no premarket data source).');
    const { securities, params, event } = request;
    const head = event ? { id: event.id, title: event.title, date: event.date, announced_at: event.announced_at } : null;
    const key = { event: event ? await fingerprintOnce(event) : null, securities: event ? null : securities, params };
    const inputs = async () => fingerprint({ key, today: nyToday((this.deps.now ?? Date.now)()), dataVersion: await this.deps.prices.dataVersion() });
    const before = await inputs();
    const representation = conditional.representation ?? null;
    if (conditional.validate) {
      const etag = await etagFor({ premarket: before, representation });
      if (etagMatches(conditional.ifNoneMatch, etag)) return { notModified: true, headers: validatorHeaders(etag) };
    }
    const compute = async (signal: AbortSignal) => ({
      event: head,
      ...(await this.gate.run(() => runPremarket({ ...this.deps, premarket: source }, securities, params, event), signal)),
    });
    const value = await this.premarketCache.getOrCompute(before, compute, conditional.signal);
    if (!conditional.validate) return { notModified: false, value, headers: {} };
    if (value.securities.some((s) => s.status === 'live')) return { notModified: false, value, headers: { 'Cache-Control': 'no-store' } };
    return { notModified: false, value, headers: validatorHeaders(await etagFor({ premarket: await inputs(), representation })) };
  }
}
