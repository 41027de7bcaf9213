import type { SecuritySummary } from '../../market/price-reader.js';
import { splitAll, type SplitEvidence, type SplitExclusion } from '../overnight.js';
import type { Window } from '../params.js';
import type { DailyCoverage, OvernightRequest, PremarketSource } from '../premarket-source.js';
import { engineOutcome, type EngineStudy } from './close-to-close.js';
import { hasOpens } from './daily-coverage.js';
import type { PremarketParams } from './params.js';
import type { PremarketInput } from './types.js';

export type Splits = Map<string, SplitEvidence | SplitExclusion>;

/** Overnight/intraday splits keyed by input: `String(i)` for studied inputs, `live:${i}` for live ones. */
export type OvernightSplits = { studied: Splits; live: Splits };

/**
 * Splits every ok security-event whose security and benchmark both have stored opens into
 * overnight and intraday parts, each with its own market model.
 */
export async function overnightSplits(
  source: PremarketSource,
  inputs: readonly PremarketInput[],
  engine: EngineStudy,
  isLive: readonly boolean[],
  stored: ReadonlyMap<string, SecuritySummary>,
  coverage: ReadonlyMap<string, DailyCoverage>,
  params: PremarketParams,
): Promise<OvernightSplits> {
  const splittable = (s: PremarketInput) => hasOpens(coverage, s.symbol) && hasOpens(coverage, s.benchmark);
  const studiedItems: OvernightRequest['items'] = [];
  const liveItems: OvernightRequest['items'] = [];
  inputs.forEach((s, i) => {
    const o = engineOutcome(engine, i);
    if (o?.status === 'ok' && splittable(s)) studiedItems.push({ key: String(i), symbol: s.symbol, benchmark: s.benchmark, day0: o.day0! });
  });
  // Live securities: betas from the estimation window before the next session (day 0 = the last
  // stored date shifted by one: the window [-250,-11] before the live day 0).
  inputs.forEach((s, i) => {
    const last = stored.get(s.symbol)?.last_date;
    if (isLive[i] && last && splittable(s)) liveItems.push({ key: `live:${i}`, symbol: s.symbol, benchmark: s.benchmark, day0: last });
  });
  const studied: Splits = studiedItems.length
    ? splitAll(await source.overnightReturns({ items: studiedItems, returns: params.returns, estimation: params.estimation, window: params.window }), params.min_obs)
    : new Map();
  const live: Splits = liveItems.length
    ? splitAll(await source.overnightReturns({ items: liveItems, returns: params.returns, estimation: shiftByOne(params.estimation), window: [0, 0] }), params.min_obs)
    : new Map();
  return { studied, live };
}

const shiftByOne = (w: Window): Window => [w[0] + 1, w[1] + 1];
