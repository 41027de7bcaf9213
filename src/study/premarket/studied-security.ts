import type { DayZero } from '../../domain/day-zero.js';
import { overnightShare, type SplitEvidence, type SplitExclusion } from '../overnight.js';
import type { DailyCoverage } from '../premarket-source.js';
import type { Betas } from './abnormal-move.js';
import { closeToClose, engineOutcome, type EngineStudy } from './close-to-close.js';
import { hasOpens, type DailyKind } from './daily-coverage.js';
import { dayZeroFigures, type DayZeroFigures } from './day-zero-figures.js';
import type { IntradayData } from './intraday-data.js';
import type { Splits } from './overnight-splits.js';
import type { PremarketParams } from './params.js';
import { securityHead, type CloseToClose, type PremarketInput, type PremarketSecurity, type SecurityBase, type SecurityEntry } from './types.js';

/** What the per-security step reads, gathered by runPremarket's earlier steps. */
export type StudiedContext = {
  coverage: ReadonlyMap<string, DailyCoverage>;
  engine: EngineStudy;
  splits: Splits;
  intraday: IntradayData;
  params: PremarketParams;
};

/**
 * A stored security-event's entry: excluded when the engine could not study it; close-only (or
 * excluded) when its day cannot be split into overnight and intraday parts; else ok with both.
 */
export function studiedSecurity(s: PremarketInput, i: number, zero: DayZero | null, daily: DailyKind, ctx: StudiedContext): SecurityEntry {
  const dailyOnly: SecurityBase['data'] = { daily, granularity: 'daily', intraday: null };
  const o = engineOutcome(ctx.engine, i);
  if (!o) return { security: notStudied(s, i, zero, ctx.engine, dailyOnly) };
  const head = securityHead(s.role, { id: o.id, symbol: o.symbol, benchmark: o.benchmark, day0: o.day0, day0_rule: o.day0_rule, session: zero?.session ?? null });
  if (o.status !== 'ok') return { security: { ...head, data: dailyOnly, status: 'excluded', reason: o.reason, close_to_close: null } };

  const cc = closeToClose(o);
  const ev = ctx.splits.get(String(i));
  const split = ev && 'overnight' in ev ? ev : null;
  const figures = dayZeroFigures(s, zero?.session ?? null, o.day0!, daily, betasOf(split, cc), ctx.intraday, ctx.params);
  if (!split) {
    const exclusion = (ev as SplitExclusion | undefined)?.reason;
    return { security: { ...head, ...unsplit(s, exclusion, cc, figures, ctx.coverage) }, premarket: figures.premarket };
  }

  const on = split.overnight;
  const id = split.intraday;
  const share = overnightShare(on.day0.ar, cc!.ar);
  return {
    security: {
      ...head,
      data: figures.data,
      status: 'ok',
      prices: figures.prices,
      close_to_close: cc!,
      overnight: { ...on.day0, estimation: on.estimation },
      intraday: { ...id.day0, estimation: id.estimation },
      ar_overnight_plus_intraday: on.day0.ar + id.day0.ar,
      share_overnight: share.share,
      share_note: share.note,
      days: split.days,
      premarket: figures.premarket,
      intraday_study: figures.intraday_study,
    },
    premarket: figures.premarket,
    portfolioRow: { ar_on: on.day0.ar, ar_id: id.day0.ar, ar_cc: cc!.ar },
  };
}

/** A stored security the engine did not study because the whole study failed (live ones kept it going). */
function notStudied(s: PremarketInput, i: number, zero: DayZero | null, engine: EngineStudy, data: SecurityBase['data']): PremarketSecurity {
  const failed = engine.failure?.securities[engine.position.get(i)!];
  return {
    ...securityHead(s.role, {
      id: `${s.symbol}@${zero?.date ?? '?'}`,
      symbol: s.symbol,
      benchmark: s.benchmark,
      day0: failed?.day0 ?? zero?.date ?? null,
      day0_rule: zero?.rule ?? null,
      session: zero?.session ?? null,
    }),
    data,
    status: 'excluded',
    reason: failed?.reason ?? engine.failure?.reason ?? 'not studied',
    close_to_close: null,
  };
}

/** Betas for the abnormal moves: the split's own part models, else the close-to-close beta for both parts. */
function betasOf(split: SplitEvidence | null, cc: CloseToClose | null): Betas {
  return split
    ? { overnight: split.overnight.estimation.beta, intraday: split.intraday.estimation.beta, source: 'daily overnight and intraday market models (estimation window)' }
    : { overnight: cc?.estimation.beta ?? null, intraday: cc?.estimation.beta ?? null, source: 'daily close-to-close market model (no overnight/intraday split for this security)' };
}

/** A studied security without a split: close-only when opens are missing (figures kept), else excluded. */
function unsplit(s: PremarketInput, exclusion: string | undefined, cc: CloseToClose | null, figures: DayZeroFigures, coverage: ReadonlyMap<string, DailyCoverage>) {
  const symbolOpens = hasOpens(coverage, s.symbol);
  const benchmarkOpens = hasOpens(coverage, s.benchmark);
  const reason = !symbolOpens
    ? `${s.symbol}'s stored daily prices are close-only (no open): the day cannot be split into overnight and intraday parts; only the close-to-close AR is reported`
    : !benchmarkOpens
      ? `the benchmark ${s.benchmark} is close-only (no open): the split needs a benchmark with opens`
      : exclusion ?? 'no overnight/intraday split';
  const { data, prices, premarket, intraday_study } = figures;
  if (!symbolOpens || !benchmarkOpens) return { data, status: 'close_only' as const, reason, prices, close_to_close: cc, premarket, intraday_study };
  return { data, status: 'excluded' as const, reason, close_to_close: cc };
}
