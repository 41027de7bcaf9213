import type { PolicyEvent } from '../../domain/events.js';
import { UnprocessableError } from '../../errors.js';
import { runStudy, type SecurityOutcome, type StudyDeps, type StudyResult } from '../run-study.js';
import type { PremarketParams } from './params.js';
import type { CloseToClose, PremarketInput } from './types.js';

export type StudyFailure = { reason: string; securities: { symbol: string; day0: string | null; reason: string | null }[] };

/** The engine's close-to-close study of the stored (non-live) inputs. */
export type EngineStudy = {
  study: StudyResult | null;
  /** Why the study as a whole failed, when live securities made that non-fatal. */
  failure: StudyFailure | null;
  /** Input index -> position among the studied inputs. */
  position: Map<number, number>;
};

/**
 * Runs the engine (runStudy, market model) on the same benchmark, so that day 0, event time and
 * the estimation window are the engine's own.
 */
export async function closeToCloseStudy(
  deps: StudyDeps,
  inputs: readonly PremarketInput[],
  isLive: readonly boolean[],
  params: PremarketParams,
  benchmark: string,
  event: PolicyEvent | undefined,
): Promise<EngineStudy> {
  const studied = inputs.map((_, i) => i).filter((i) => !isLive[i]);
  const position = new Map(studied.map((i, k) => [i, k]));
  if (studied.length === 0) return { study: null, failure: null, position };
  try {
    const study = await runStudy(
      deps,
      // The split is of New York sessions: listings outside the US are reported, not studied.
      studied.map((i) => ({ ...inputs[i]!, us_calendar_only: true })),
      {
        model: 'market',
        benchmark,
        estimation: params.estimation,
        window: params.window,
        min_obs: params.min_obs,
        car: [[0, 0]],
        returns: params.returns,
      },
      event,
    );
    return { study, failure: null, position };
  } catch (err) {
    // With live securities in the request, stored ones that cannot be studied are reported, not fatal.
    if (!(err instanceof UnprocessableError) || !isLive.some(Boolean)) throw err;
    const securities = (err.extra.securities ?? []) as StudyFailure['securities'];
    return { study: null, failure: { reason: err.message, securities }, position };
  }
}

/** The engine's outcome for input `i` (undefined for live inputs or when the study failed). */
export function engineOutcome(engine: EngineStudy, i: number): SecurityOutcome | undefined {
  return engine.position.has(i) ? engine.study?.securities[engine.position.get(i)!] : undefined;
}

/** The engine's day-0 AR with its estimation, or null when the security was not studied. */
export function closeToClose(o: SecurityOutcome): CloseToClose | null {
  if (o.status !== 'ok') return null;
  const d = o.days.find((x) => x.t === 0);
  if (!d) return null;
  return { return: d.return, benchmark_return: d.benchmark_return, ar: d.ar, ar_t: d.ar_t, ar_p: d.ar_p, estimation: o.estimation };
}
