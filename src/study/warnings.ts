/**
 * Guard-rails: the things about a study a reader must weigh before believing its p-values. Each
 * warning has a code, the securities it concerns and a sentence. The thresholds are calibrated on
 * the shared real data (`npm run calibrate:warnings`) and documented in docs/conventions.md.
 */

export type WarningCode =
  | 'few_securities'
  | 'short_estimation'
  | 'stale_prices'
  | 'volatility_break'
  | 'estimation_outlier'
  | 'thin_trading'
  | 'sector_benchmark'
  | 'confounding_event'
  | 'day0_moved'
  | 'price_source'
  | 'benchmark_calendar';

export type StudyWarning = {
  code: WarningCode;
  /** Symbols (or SYMBOL@day0 ids when a firm appears at several dates) the warning concerns. */
  securities: string[];
  message: string;
  /** A few words for the verdict sentence's caveats. */
  short: string;
};

/** Below this many securities the headline portfolio test rests on too few observations. */
export const MIN_SECURITIES = 5;
/** Estimation windows with fewer returns than this share of the requested length are "short". */
export const SHORT_ESTIMATION_SHARE = 0.8;
/** Share of |return| < 0.05% days above which prices look stale (1% of real 240-day windows are above). */
export const STALE_ZERO_SHARE = 0.2;
/** Share of unchanged days in the stalest 60 consecutive returns (1.2% of real windows are above). */
export const STALE_STRETCH_SHARE = 0.3;
/** Ratio of AR volatility between estimation-window halves (1% of real windows are above 4). */
export const VOLATILITY_BREAK_RATIO = 4;
/** Largest |AR| / s in the estimation window (1% of real windows are above). */
export const OUTLIER_SIGMAS = 10;
/** Share of zero-volume days in the estimation window, where volume is stored. */
export const THIN_TRADING_SHARE = 0.05;

/** What the evidence stage measures of one security-event's estimation window. */
export type SecurityDiagnostics = {
  id: string;
  symbol: string;
  benchmark: string;
  /** Returns in the estimation window and the window's requested length in trading days. */
  estimationN: number;
  estimationRequested: number;
  zeroReturnShare: number;
  /** Largest share of unchanged days in 60 consecutive estimation-window returns. */
  stalestStretchShare: number;
  /** Larger over smaller AR standard deviation of the estimation window's two halves. */
  volatilityRatio: number | null;
  maxAbsStandardizedAr: number;
  maxAbsDate: string | null;
  zeroVolumeShare: number | null;
  day0: string;
  /** The announcement's calendar date where the listing trades, when known. */
  announcedDate: string | null;
  /** Calendar dates of the event window [first, last]. */
  windowDates: readonly [string, string];
};

/** Another dated happening the catalog knows for these symbols (its own notes or another event). */
export type Confounder = { symbols: readonly string[]; date: string; description: string; source?: string };

export type WarningContext = {
  securities: readonly SecurityDiagnostics[];
  /** Benchmarks that are sector funds holding firms like the treated ones (the catalog's `sector_funds`). */
  sectorFunds: ReadonlySet<string>;
  confounders: readonly Confounder[];
  headlineTestName: string;
};

/** "A, B and C". */
export const list = (xs: readonly string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
const pct = (x: number) => `${Math.round(x * 100)}%`;

function perSecurity(
  code: WarningCode,
  rows: readonly SecurityDiagnostics[],
  hit: (d: SecurityDiagnostics) => string | null,
  sentence: (detail: string[]) => string,
  short: (symbols: string[]) => string,
): StudyWarning[] {
  const found = rows.flatMap((d) => {
    const detail = hit(d);
    return detail === null ? [] : [{ symbol: d.symbol, detail }];
  });
  if (found.length === 0) return [];
  const symbols = [...new Set(found.map((f) => f.symbol))];
  return [{ code, securities: symbols, message: sentence(found.map((f) => f.detail)), short: short(symbols) }];
}

export function studyWarnings(ctx: WarningContext): StudyWarning[] {
  const rows = ctx.securities;
  const out: StudyWarning[] = [];
  if (rows.length < MIN_SECURITIES) {
    out.push({
      code: 'few_securities',
      securities: rows.map((r) => r.symbol),
      message: `Only ${rows.length} ${rows.length === 1 ? 'security is' : 'securities are'} studied: below ${MIN_SECURITIES}, the portfolio test (${ctx.headlineTestName}) rests on too few observations and one firm's own news can drive it.`,
      short: `only ${rows.length} ${rows.length === 1 ? 'security' : 'securities'}`,
    });
  }
  out.push(
    ...perSecurity(
      'short_estimation',
      rows,
      (d) => (d.estimationN < SHORT_ESTIMATION_SHARE * d.estimationRequested ? `${d.symbol} (${d.estimationN} of ${d.estimationRequested} days)` : null),
      (ds) => `Short estimation window: ${list(ds)}; the normal-return model rests on little history.`,
      (s) => `short estimation window for ${list(s)}`,
    ),
    ...perSecurity(
      'stale_prices',
      rows,
      (d) =>
        d.zeroReturnShare > STALE_ZERO_SHARE
          ? `${d.symbol} (${pct(d.zeroReturnShare)} of days unchanged)`
          : d.stalestStretchShare > STALE_STRETCH_SHARE
            ? `${d.symbol} (${pct(d.stalestStretchShare)} of days unchanged in its stalest 60-day stretch)`
            : null,
      (ds) =>
        `Stale prices in the estimation window: ${list(ds)}. A price that does not move (thin trading, a halt, or a shell listing such as a SPAC before its merger) is not the business the event hit: the normal-return model fitted on it is a poor guide.`,
      (s) => `stale prices for ${list(s)}`,
    ),
    ...perSecurity(
      'volatility_break',
      rows,
      (d) => (d.volatilityRatio !== null && d.volatilityRatio > VOLATILITY_BREAK_RATIO ? `${d.symbol} (×${d.volatilityRatio.toFixed(1)})` : null),
      (ds) => `The estimation window straddles a break in volatility: ${list(ds)}; one half is several times as volatile as the other (a listing change such as a SPAC merger, or a new regime), so one model does not fit both.`,
      (s) => `estimation window of ${list(s)} straddles a volatility break`,
    ),
    ...perSecurity(
      'estimation_outlier',
      rows,
      (d) => (d.maxAbsStandardizedAr > OUTLIER_SIGMAS ? `${d.symbol} on ${d.maxAbsDate} (${d.maxAbsStandardizedAr.toFixed(1)} s)` : null),
      (ds) => `An outlier day in the estimation window: ${list(ds)}; it inflates the residual variance and makes event-day moves look smaller.`,
      (s) => `an estimation-window outlier for ${list(s)}`,
    ),
    ...perSecurity(
      'thin_trading',
      rows,
      (d) => (d.zeroVolumeShare !== null && d.zeroVolumeShare > THIN_TRADING_SHARE ? `${d.symbol} (${pct(d.zeroVolumeShare)} of days without volume)` : null),
      (ds) => `Thin trading: ${list(ds)}; closing prices may be stale.`,
      (s) => `thin trading in ${list(s)}`,
    ),
  );
  const sector = [...new Set(rows.map((r) => r.benchmark))].filter((b) => ctx.sectorFunds.has(b));
  for (const fund of sector) {
    const symbols = rows.filter((r) => r.benchmark === fund).map((r) => r.symbol);
    out.push({
      code: 'sector_benchmark',
      securities: symbols,
      message: `The benchmark ${fund} is a sector fund that holds firms like the treated ones: it absorbs part of a sector-wide shock, so abnormal returns measure the move beyond the sector, not beyond the market. Compare with SPY or QQQ.`,
      short: `measured against the sector fund ${fund}`,
    });
  }
  const confounded = new Map<string, { symbols: Set<string>; texts: string[] }>();
  for (const c of ctx.confounders) {
    const hit = rows.filter((r) => c.symbols.includes(r.symbol) && c.date >= r.windowDates[0] && c.date <= r.windowDates[1]);
    if (hit.length === 0) continue;
    const entry = confounded.get(c.description) ?? { symbols: new Set<string>(), texts: [] };
    hit.forEach((h) => entry.symbols.add(h.symbol));
    entry.texts.push(`${c.date}: ${c.description}${c.source ? ` (${c.source})` : ''}`);
    confounded.set(c.description, entry);
  }
  for (const { symbols, texts } of confounded.values()) {
    const s = [...symbols];
    out.push({
      code: 'confounding_event',
      securities: s,
      message: `Other news in the event window for ${list(s)}: ${texts[0]}. Their abnormal returns mix both.`,
      short: `${list(s)} confounded by other news`,
    });
  }
  out.push(
    ...perSecurity(
      'day0_moved',
      rows,
      (d) => (d.announcedDate !== null && d.announcedDate !== d.day0 ? `${d.symbol} (${d.announcedDate} -> ${d.day0})` : null),
      (ds) => `Day 0 is not the announcement's date: ${list(ds)}; the news came after the close or on a day the market was shut, so day 0 is the next session.`,
      () => '',
    ).map((w) => ({ ...w, short: '' })),
  );
  return out;
}

/** Warnings that change how far a verdict can be trusted (day 0 moved is information, not a caveat). */
export function caveats(warnings: readonly StudyWarning[]): StudyWarning[] {
  return warnings.filter((w) => w.code !== 'day0_moved' && w.short !== '');
}
